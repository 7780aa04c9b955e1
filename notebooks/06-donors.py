# %% [markdown]
# # Donors
#
# Who gave to the candidates' own campaigns? The largest donors, how much came from inside and
# outside the city of Los Angeles, and the size of the gifts. This needs itemized contribution
# filings; where a race has none in the repository, the notebook says so instead of drawing an
# empty chart.

# %% tags=["parameters"]
# Parameters: papermill replaces this cell's values for each race in config/races.yml.
race_id = "lausd-d1-2024"
build_dir = "build"

# %%
import helpers  # noqa: F401  (first: it spares every kernel a slow import Altair would pay for)
from helpers.analysis import chart_builders as build
from helpers.analysis import story_tables as tables
from helpers.analysis.notebook import say, setup

ctx = setup(race_id, "06-donors", build_dir)
contributions = ctx.filings("contributions")
say(tables.donors_note(contributions, ctx.filings("independent_expenditures"),
                       ctx.filings("expenditures"), ctx.race))

# %% [markdown]
# ## The largest donors
#
# Who gave the most, counting refunds against gifts, and did they give from inside the city?

# %%
ctx.show(build.top_donors_chart(contributions))

# %% [markdown]
# ## How big the gifts were
#
# Many small gifts or a few large ones?

# %%
ctx.show(build.gift_sizes_chart(contributions))

# %% [markdown]
# ## Money from inside the city

# %%
ctx.show(build.donor_share_fact(contributions))

# %%
ctx.finish()
