"""The words for a contest come from the data: kind of contest, stage of the count, outcome.

Expected sentences are written out by hand from the small frames below (shares worked by hand
in the comments), never copied from what the code printed.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from helpers.analysis.election_words import (
    Contest,
    contest_of,
    outcome_of,
    possessive,
    stage_of_count,
    stage_phrase,
)
from helpers.data.races import Race
from helpers.errors import DataError


def race(primary="2026-06-02", general="2026-11-03", rid="test-race") -> Race:
    return Race(id=rid, title="TEST DATA race", short_title="TEST DATA", jurisdiction="lausd",
                office="Board of Education", district=11, primary_date=primary,
                general_date=general)


def feed(title: str, date: str) -> pd.DataFrame:
    return pd.DataFrame({"election_title": [title], "election_date": [date]})


def calendar(*rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["race_id", "event", "date", "status"])


# --- what kind of contest --------------------------------------------------------------------

def test_a_primary_feed_is_a_primary():
    c = contest_of(feed("June 2, 2026 Primary Election", "2026-06-02"), race())
    assert (c.kind, c.name, c.dated()) == ("primary", "primary", "the June 2, 2026 primary")


def test_a_general_election_after_the_race_primary_is_its_runoff():
    c = contest_of(feed("General Election", "2026-11-03"), race())
    assert (c.kind, c.name, c.key) == ("runoff", "runoff", "runoff")
    assert c.dated() == "the Nov. 3, 2026 runoff"


def test_a_special_election_is_named_so():
    c = contest_of(feed("Special Election", "2026-08-04"), race())
    assert (c.kind, c.name) == ("special", "special election")
    c = contest_of(feed("Special Primary Election", "2026-08-04"), race())
    assert (c.kind, c.name) == ("primary", "special primary")


def test_the_calendar_names_a_contest_the_title_does_not():
    cal = calendar(("test-race", "special_election_day", "2026-08-04", "confirmed"))
    assert contest_of(feed("Consolidated Election", "2026-08-04"), race(), cal).kind == "special"


def test_a_title_that_contradicts_the_race_dates_stops_the_build():
    with pytest.raises(DataError, match="races.yml.*called primary by the feed title, general"):
        contest_of(feed("Primary Election", "2026-11-03"), race())


def test_a_title_that_contradicts_the_calendar_names_the_calendar():
    cal = calendar(("test-race", "general_election_day", "2026-08-04", "confirmed"))
    with pytest.raises(DataError, match="election_calendar.csv.*event"):
        contest_of(feed("Primary Election", "2026-08-04"), race(), cal)


def test_an_election_nothing_names_stops_the_build_saying_what_to_add():
    with pytest.raises(DataError, match="cannot tell whether 'Consolidated Election'"):
        contest_of(feed("Consolidated Election", "2026-08-04"), race())


def test_rows_of_two_elections_are_refused():
    two = pd.concat([feed("Primary Election", "2026-06-02"), feed("General Election", "2026-11-03")])
    with pytest.raises(DataError, match="2 elections"):
        contest_of(two, race())


def test_only_a_confirmed_certification_date_counts():
    ok = calendar(("test-race", "primary_certified", "2026-07-02", "confirmed"))
    maybe = calendar(("test-race", "primary_certified", "2026-07-02", "unverified"))
    other = calendar(("other-race", "primary_certified", "2026-07-02", "confirmed"))
    primary = feed("Primary Election", "2026-06-02")
    assert contest_of(primary, race(), ok).certified_on == dt.date(2026, 7, 2)
    assert contest_of(primary, race(), maybe).certified_on is None
    assert contest_of(primary, race(), other).certified_on is None


# --- how far the count has gone ---------------------------------------------------------------

PRIMARY = Contest("primary", False, "Primary Election", dt.date(2026, 6, 2))
CERTIFIED = Contest("primary", False, "Primary Election", dt.date(2026, 6, 2), dt.date(2026, 7, 2))


@pytest.mark.parametrize(("stamp", "stage"), [
    ("2026-06-02T20:36:34-07:00", "election_night"),
    ("2026-06-03T01:59:00-07:00", "election_night"),   # the small hours still count
    ("2026-06-03T08:59:00+00:00", "election_night"),   # 1:59 a.m. Pacific, written in UTC
    ("2026-06-03T06:00:00-07:00", "semi_official"),
    ("2026-06-05T16:30:00-07:00", "semi_official"),
])
def test_stage_from_the_time_stamp(stamp, stage):
    assert stage_of_count(stamp, PRIMARY) == stage


def test_a_snapshot_on_or_after_the_certification_date_is_certified():
    assert stage_of_count("2026-07-01T16:00:00-07:00", CERTIFIED) == "semi_official"
    assert stage_of_count("2026-07-02T09:00:00-07:00", CERTIFIED) == "certified"


def test_a_snapshot_before_election_day_is_refused():
    with pytest.raises(DataError, match="before election day"):
        stage_of_count("2026-06-01T20:00:00-07:00", PRIMARY)


def test_stage_phrases_say_what_is_not_final():
    assert stage_phrase("election_night", PRIMARY) == "the election-night count, not the final result"
    assert "certified result is not in this project's data" in stage_phrase("semi_official", PRIMARY)
    assert stage_phrase("semi_official", CERTIFIED) == (
        "a semi-official update of the count, before the result was certified on July 2, 2026")
    assert stage_phrase("certified", CERTIFIED) == "the certified result (certified July 2, 2026)"


# --- the outcome --------------------------------------------------------------------------------

def latest(*rows, as_of="2026-06-05T16:30:00-07:00", write_ins=None) -> pd.DataFrame:
    total = sum(v for _, v in rows) + (write_ins or 0)
    return pd.DataFrame({"candidate": [n for n, _ in rows], "votes": [v for _, v in rows],
                         "share": [v / total if total else float("nan") for _, v in rows], "as_of": as_of,
                         "write_in_votes": write_ins})


def test_a_primary_leader_short_of_a_majority_goes_to_a_runoff():
    # 460 / 1,000 = 46.0%; 340 / 1,000 = 34.0%
    out = outcome_of(latest(("Ann Ames", 460), ("Bo Bell", 340), ("Cy Cole", 200)), PRIMARY,
                     "semi_official")
    assert out.kind == "runoff"
    assert out.sentence == (
        "No candidate has a majority in the June 2, 2026 primary: Ann Ames leads with 46.0% of "
        "the votes to Bo Bell's 34.0%, in the count as of June 5, 2026. A leader short of a "
        "majority goes to a runoff.")


def test_exactly_half_is_not_a_majority():
    out = outcome_of(latest(("Ann Ames", 500), ("Bo Bell", 300), ("Cy Cole", 200)), CERTIFIED,
                     "certified")
    assert out.kind == "runoff"
    assert out.sentence == (
        "No candidate won a majority in the June 2, 2026 primary: Ann Ames placed first with "
        "50.0% of the votes to Bo Bell's 30.0%, so the contest goes to a runoff.")


def test_a_primary_majority_wins_outright_only_once_certified():
    rows = (("Ann Ames", 551), ("Gus Davis", 449))  # 55.1% and 44.9%
    leads = outcome_of(latest(*rows), PRIMARY, "election_night")
    assert leads.kind == "majority"
    assert leads.sentence == (
        "Ann Ames leads the June 2, 2026 primary with a majority, 55.1% of the votes to Gus "
        "Davis' 44.9%, in the count as of June 5, 2026: enough to win outright if it holds.")
    won = outcome_of(latest(*rows), CERTIFIED, "certified")
    assert won.sentence == ("Ann Ames won the June 2, 2026 primary outright with a majority, "
                            "55.1% of the votes to Gus Davis' 44.9%.")


def test_write_ins_count_in_the_majority_test():
    # 510 of 510 + 480 + 20 write-ins = 1,010 is 50.5%: a majority only because 20 < 30
    out = outcome_of(latest(("Ann Ames", 510), ("Bo Bell", 480), write_ins=20), PRIMARY,
                     "semi_official")
    assert out.kind == "majority" and "50.5%" in out.sentence
    # with 60 write-ins: 510 / 1,050 = 48.6%, short of a majority
    assert outcome_of(latest(("Ann Ames", 510), ("Bo Bell", 480), write_ins=60), PRIMARY,
                      "semi_official").kind == "runoff"


def test_a_lone_candidate_is_unopposed():
    out = outcome_of(latest(("Dee Dunn", 5432), write_ins=17), PRIMARY, "semi_official")
    assert out.kind == "unopposed"
    assert out.sentence == ("Dee Dunn ran unopposed in the June 2, 2026 primary: 5,432 votes, "
                            "in the count as of June 5, 2026, with 17 write-in votes cast.")
    assert "majority" not in out.sentence and "runoff" not in out.sentence


def test_a_runoff_leader_leads_until_certified():
    runoff = Contest("runoff", False, "General Election", dt.date(2024, 11, 5))
    out = outcome_of(latest(("Ann Ames", 711), ("Bo Bell", 289), as_of="2024-11-21T16:29:49-08:00"),
                     runoff, "semi_official")
    assert out.sentence == ("Ann Ames leads the Nov. 5, 2024 runoff with 71.1% of the votes to "
                            "Bo Bell's 28.9%, in the count as of Nov. 21, 2024.")
    assert "majority" not in out.sentence


def test_a_tie_and_an_empty_count_say_so():
    assert outcome_of(latest(("Ann Ames", 10), ("Bo Bell", 10)), PRIMARY, "election_night").kind == "tie"
    none = latest(("Ann Ames", 0), ("Bo Bell", 0))
    assert outcome_of(none, PRIMARY, "election_night").kind == "no_votes"


def test_possessive_follows_ap():
    assert possessive("Kahllid Al-Alim") == "Kahllid Al-Alim's"
    assert possessive("DeWayne Davis") == "DeWayne Davis'"


def test_the_contest_title_speaks_before_the_election_title():
    rows = feed("General Election", "2024-11-05").assign(
        contest_title="INGLEWOOD CITY PRIMARY NOMINATING ELECTION City Clerk")
    c = contest_of(rows, race(primary="2024-11-05", general=None))
    assert c.kind == "primary"
    rows = feed("General Election", "2024-11-05").assign(
        contest_title="ALHAMBRA CITY SPECIAL MUNICIPAL ELECTION Member of the City Council")
    assert contest_of(rows, race(primary="2024-03-05", general="2024-11-05")).special
