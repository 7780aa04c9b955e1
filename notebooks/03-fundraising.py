# %% [markdown]
# # Candidates' own fundraising against outside money
#
# How does what the candidates raised for their own campaigns compare with what outside
# committees spent for them? Itemized contributions are used when the filings are in the
# repository; otherwise the figures are the reported ones, each with its as-of date.

# %% tags=["parameters"]
# Parameters: papermill replaces this cell's values for each race in config/races.yml.
race_id = "lausd-d1-2024"
build_dir = "build"

# %%
import helpers  # noqa: F401  (first: it spares every kernel a slow import Altair would pay for)
from helpers.analysis import chart_builders as build
from helpers.analysis import story_tables as tables
from helpers.analysis.notebook import setup
from helpers.data.reference import load_reported_figures

ctx = setup(race_id, "03-fundraising", build_dir)
figures = load_reported_figures()

# %% [markdown]
# ## The figures we have
#
# For each candidate: the campaign's own money and the outside money spent for them, itemized
# where possible, else the latest reported figure.

# %%
contributions = ctx.filings("contributions")
ie = ctx.filings("independent_expenditures")
money, summary = tables.money_by_candidate(contributions, ie, figures, race_id)
ctx.show(summary)

# %% [markdown]
# ## What each campaign raised, from the itemized filings
#
# When a race's itemized contribution filings are available, this is what each candidate's own
# committee reported receiving, and the note above it says which statements the rows come from.

# %%
ctx.show(build.raised_chart(contributions, ie, ctx.filings("expenditures")))

# %% [markdown]
# ## Outside money as a multiple of the campaign's own
#
# For a candidate with both kinds of figure: how many times what the campaign raised did
# outsiders spend? The two figures have different as-of dates, so the multiple carries
# "about" or "more than" when either figure does.

# %%
ctx.show(build.own_vs_outside_chart(money, from_filings=not contributions.empty))

# %% [markdown]
# ## Every figure behind the comparison

# %%
ctx.show(tables.money_table(money))

# %%
ctx.finish()
