# %% [markdown]
# # The endorsement process
#
# Which organisations, and which of their bodies, acted, and when: endorsements, a campaign
# suspended, the meetings scheduled to reconsider, the final vote. Meetings that were only
# *scheduled* are marked so; only the events a source confirms are shown as held. Events with
# no known date are listed, not drawn.

# %% tags=["parameters"]
# Parameters: papermill replaces this cell's values for each race in config/races.yml.
race_id = "lausd-d1-2024"
build_dir = "build"

# %%
import helpers  # noqa: F401  (first: it spares every kernel a slow import Altair would pay for)
from helpers.analysis import chart_builders as build
from helpers.analysis import story_tables as tables
from helpers.analysis.notebook import say, setup
from helpers.data.reference import load_endorsement_events

ctx = setup(race_id, "04-endorsements", build_dir)
all_events = load_endorsement_events()
events = all_events[all_events["race_id"] == race_id]
say(tables.endorsement_summary(events, ctx.race))

# %% [markdown]
# ## Who acted, and when
#
# The three weeks before the primary, one event per row, said in words above its dot.

# %%
in_window = tables.in_endorsement_window(events, ctx.race)
ctx.show(build.endorsement_process_chart(events[in_window], ctx.race))

# %% [markdown]
# ## Stance over time
#
# Where did each endorser stand a month before the primary, ten days before, the day before and
# on primary day?

# %%
ctx.show(tables.stance_table(events, ctx.race))

# %% [markdown]
# ## Every other event: outside those three weeks, undated, unverified or inferred

# %%
ctx.show(tables.other_events_table(events, ctx.race))

# %%
ctx.finish()
