# %% [markdown]
# # Outside money: independent expenditures
#
# Who spent money on this race without coordinating with a campaign, and for or against whom?
# Committees that are not a candidate's own report this *outside* spending as independent
# expenditures. Where the itemized filings are in the repository, we add them up; where they
# are not, we use the totals **reported** by news outlets and official releases, each with its
# qualifier ("more than", "about") and the date it was true as of.

# %% tags=["parameters"]
# Parameters: papermill replaces this cell's values for each race in config/races.yml.
race_id = "lausd-d1-2024"
build_dir = "build"

# %%
import helpers  # noqa: F401  (first: it spares every kernel a slow import Altair would pay for)
from helpers.analysis import chart_builders as build
from helpers.analysis import race_money as rm
from helpers.analysis import story_tables as tables
from helpers.analysis.notebook import setup
from helpers.data.reference import load_reported_figures

ctx = setup(race_id, "01-outside-money", build_dir)
figures = load_reported_figures()

# %% [markdown]
# ## Who spent, and for whom
#
# The first question: how much did each outside group spend, and on whose side? Each bar is one
# spender and the candidate it spent for or against, its amount written at its end. The
# sentence above the chart says whether the bars come from itemized filings or from reported
# totals.

# %%
ie = ctx.filings("independent_expenditures")
latest = rm.latest_reported(figures, race_id, ["ie_support", "ie_oppose"])
ctx.show(build.outside_money_chart(ie, latest, ctx.race))

# %% [markdown]
# ## Every reported figure, in order
#
# Reported totals grow as late filings arrive, so a figure is only true as of its date. Is the
# figure we quote the latest one, and how did it grow?

# %%
ctx.show(tables.reported_history_table(rm.reported_for(figures, race_id, ["ie_support", "ie_oppose"])))

# %%
ctx.finish()
