# %% [markdown]
# # The timeline: money and the endorsement fight
#
# Did the outside money keep coming while endorsers changed their minds? This notebook lays the
# money over time beside the endorsement events: a campaign suspended, meetings scheduled to
# reconsider, an endorsement rescinded, and the election's own key dates. A meeting that was
# only *scheduled* is drawn dashed: a schedule is not proof that it was held.

# %% tags=["parameters"]
# Parameters: papermill replaces this cell's values for each race in config/races.yml.
race_id = "lausd-d1-2024"
build_dir = "build"

# %%
import helpers  # noqa: F401  (first: it spares every kernel a slow import Altair would pay for)
from helpers.analysis import chart_builders as build
from helpers.analysis import race_money as rm
from helpers.analysis import story_tables as tables
from helpers.analysis.notebook import say, setup
from helpers.analysis.timeline import event_rows, timeline_money, timeline_window
from helpers.data.reference import (
    load_election_calendar,
    load_endorsement_events,
    load_reported_figures,
    timeline_events,
)

ctx = setup(race_id, "02-timeline", build_dir)
figures, calendar = load_reported_figures(), load_election_calendar()

# %% [markdown]
# ## What goes on the timeline
#
# The money is the running total of itemized outside spending when the filings are here, or
# each reported total on the date it was reported. The period runs from shortly before the
# first money point to the day after the primary; events outside it are listed below, not drawn.

# %%
money, money_note = timeline_money(ctx.filings("independent_expenditures"),
                                   rm.reported_for(figures, race_id, ["ie_support", "ie_oppose"]))
events = timeline_events(load_endorsement_events(), race_id, calendar=calendar)
start, end = timeline_window(money, ctx.race.primary_date)
drawn_events = event_rows(events, start=str(start.date()), end=str(end.date()))
say(tables.timeline_summary(money, money_note, drawn_events, start, end))

# %% [markdown]
# ## Outside money and the endorsement fight
#
# Each event is written out beside its line and each money line is named at its end, so there
# is no key to look up on a phone.

# %%
ctx.show(build.timeline_chart(money, drawn_events, start, end, money_note, ctx.race))

# %% [markdown]
# ## The events, with their sources
#
# When exactly did each decision happen, and who says so? The dates of confirmed decisions
# (a campaign suspended, an endorsement rescinded) are recorded as facts the story quotes.

# %%
ctx.show(tables.events_table(events))
ctx.show(tables.calendar_gaps(calendar, race_id))

# %%
ctx.finish()
