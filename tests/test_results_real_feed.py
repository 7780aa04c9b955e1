"""The result words on the real registrar feed (election 4324 in the local mirror, read in place).

Two real shapes besides the District 1 runoff: an unopposed contest that is a primary inside
the general election's feed (Inglewood's City Clerk, contest 9840, "PRIMARY NOMINATING
ELECTION"), and the District 1 runoff itself. Expected counts are read straight from the raw
JSON here, not from the adapter. Skips, saying why, without the mirror.
"""

from __future__ import annotations

import json

from helpers.analysis.election_words import contest_of, outcome_of, stage_of_count
from helpers.analysis.results import latest_snapshot, with_display_names
from helpers.data.lavote import tidy_contest_results
from helpers.data.races import Race
from helpers.data.reference import load_election_calendar

LATEST = "results_4324_2024-11-21T17-10-37.json"


def raw_value(lavote_dir, ref: int, kind: str) -> int:
    records = json.loads((lavote_dir / LATEST).read_text(encoding="utf-8"))["Data"]
    return sum(int(r["Value"]) for r in records
               if r["ReferenceID"] == ref and r["ReferenceType"].startswith(kind))


def rows(lavote_dir, contest: int):
    drops = sorted(lavote_dir.glob("results_4324_*.json"))
    return with_display_names(
        tidy_contest_results(lavote_dir / "election_4324.json", drops, [contest]), {})


def test_an_unopposed_primary_inside_a_general_feed(lavote_dir):
    race = Race(id="inglewood-clerk-2024", title="Inglewood City Clerk (2024)",
                short_title="Inglewood City Clerk", jurisdiction="la-city", office="City Clerk",
                district=None, primary_date="2024-11-05")
    table = rows(lavote_dir, 9840)
    contest = contest_of(table, race)
    latest = latest_snapshot(table)
    stage = stage_of_count(latest["as_of"].iloc[0], contest)
    assert (contest.kind, stage) == ("primary", "semi_official")
    outcome = outcome_of(latest, contest, stage)
    votes, write_ins = raw_value(lavote_dir, 24429, "CAND"), raw_value(lavote_dir, 9840, "WRTN")
    assert outcome.kind == "unopposed"
    assert outcome.sentence.startswith(
        f"Aisha L. Thompson ran unopposed in the Nov. 5, 2024 primary: {votes:,} votes, in the "
        "count as of Nov. 21, 2024")
    assert (f"{write_ins:,} write-in votes" in outcome.sentence) == (write_ins > 0)


def test_the_d1_runoff_leads_and_is_not_called_certified(lavote_dir, root):
    from helpers.data.races import load_race

    race = load_race("lausd-d1-2024", root / "config" / "races.yml")
    table = rows(lavote_dir, 9497)
    contest = contest_of(table, race, load_election_calendar())
    latest = latest_snapshot(table)
    stage = stage_of_count(latest["as_of"].iloc[0], contest)
    assert (contest.kind, stage) == ("runoff", "semi_official")
    shn, kaa = raw_value(lavote_dir, 23384, "CAND"), raw_value(lavote_dir, 23383, "CAND")
    total = shn + kaa + raw_value(lavote_dir, 9497, "WRTN")
    sentence = outcome_of(latest, contest, stage).sentence
    assert sentence == (
        f"Sherlett Hendy Newbill leads the Nov. 5, 2024 runoff with "
        f"{100 * shn / total:.1f}% of the votes to Kahllid A. Al-Alim's "
        f"{100 * kaa / total:.1f}%, in the count as of Nov. 21, 2024.")
