# %% [markdown]
# # Results: the votes
#
# Who is ahead, by how much, and how sure can a reader be of it? This notebook reads the
# LA County Registrar-Recorder's results feed for the race, snapshot by snapshot, so we can
# also see how the count moved as ballots arrived.
#
# Nothing about the result is typed here. What kind of contest the feed holds (a primary, a
# runoff, a general or a special election) comes from the feed's election title and date,
# checked against the race's dates in `config/races.yml` and the election calendar; how final
# the count is (election night, a semi-official update, the certified result) comes from the
# snapshot's time stamp and the calendar's certification date. The words follow from those
# (`helpers.analysis.election_words`).

# %% tags=["parameters"]
# Parameters: papermill replaces this cell's values for each race in config/races.yml.
race_id = "lausd-d1-2024"
build_dir = "build"

# %%
import pandas as pd

# helpers before Altair (which only helpers imports): its __init__ trims a slow optional import
from helpers.analysis import chart_builders as cb
from helpers.analysis import results as res
from helpers.analysis.election_words import contest_of, outcome_of, stage_of_count
from helpers.analysis.notebook import reported_fact, say, setup
from helpers.data.reference import load_election_calendar, load_reported_figures

ctx = setup(race_id, "05-results", build_dir)
race = ctx.race
results = res.race_results(pd.read_parquet(ctx.data_dir / "results.parquet"), race)
say(res.feed_summary(results, race))

# %% [markdown]
# ## Where does the race stand?
#
# A primary, a runoff and a general election are read differently. In a primary, a leader with
# a majority of the votes wins outright and a leader short of a majority goes to a runoff; a
# lone candidate is unopposed. Until the count is certified, a candidate *leads*; nobody has
# *won*.

# %%
if results.empty:
    say(res.NO_RESULTS)
else:
    latest = res.latest_snapshot(results)
    contest = contest_of(results, race, load_election_calendar())
    stage = stage_of_count(latest["as_of"].iloc[0], contest)
    outcome = outcome_of(latest, contest, stage)
    say(res.headline(outcome, latest, contest, stage))

# %% [markdown]
# ## Votes by candidate, latest snapshot
#
# How far apart are the candidates in the newest count the project has? Each bar carries the
# votes and the share of all votes for candidates (write-ins included when the feed reports
# them).

# %%
if not results.empty:
    ctx.show(cb.votes_chart(latest, contest, stage, race))
    for fact in res.result_facts(latest, contest, stage, outcome):
        ctx.facts.add(**fact)

# %% [markdown]
# ## How the count moved
#
# Ballots keep arriving and being counted for days after election night. Did the order of the
# candidates change as they were?

# %%
if results.empty:
    say(res.NO_COUNT_OVER_TIME)
else:
    ctx.show(cb.count_chart(results, contest, race))

# %% [markdown]
# ## The primary, as reported
#
# When the registrar's counts of a primary are not in the repository, what exists are figures
# **reported** by news outlets. They are shown as reported, with their qualifier, the stage of
# the count and their as-of date, never as certified results.

# %%
reported = load_reported_figures()
ctx.show(cb.primary_as_reported_chart(reported, race))
for key, row, label in res.reported_primary_facts(reported, race):
    reported_fact(ctx, key, row, label)

# %%
ctx.finish()
