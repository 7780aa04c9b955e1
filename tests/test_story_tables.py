"""The notebooks' tables and data-dependent sentences (helpers.analysis.story_tables): counts, AP dates
as exact as each row knows, and the words for a race without the data. Hand-made frames."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pandas as pd

from helpers.analysis import story_tables as tables

RACE = SimpleNamespace(id="test-race", short_title="Test <District>",
                       primary_date=dt.date(2024, 3, 5))
URL = "https://example.org/story"


def figures() -> pd.DataFrame:
    rows = [
        ("f1", "candidate_raised", "", "A. Person", 24302.0, "exact", "2024-02-23", "day"),
        ("f2", "candidate_raised", "", "A. Person", 31736.0, "exact", "2024-03-04", "day"),
        ("f3", "ie_support", "Union", "A. Person", 661000.0, "about", "2024-02-28", "approximate"),
        ("f4", "ie_support", "PAC", "B. Person", 5000.0, "exact", "2024-02-28", "approximate"),
        ("f5", "ie_support", "Union", "A. Person", 1.0, "exact", "2024-02-01", "day"),
    ]
    frame = pd.DataFrame(rows, columns=["figure_id", "metric", "spender", "candidate", "amount",
                                        "qualifier", "as_of", "as_of_precision"])
    return frame.assign(race_id="test-race", unit="usd", source_url=URL, source_title="",
                        source_publisher="Test Times", note="",
                        as_of=pd.to_datetime(frame["as_of"]))


def test_money_by_candidate_takes_the_latest_reported_figure_of_each_kind():
    money, built = tables.money_by_candidate(pd.DataFrame(), pd.DataFrame(), figures(), "test-race")
    own = money[money["money"] == "Own campaign"]
    assert list(own["amount"]) == [31736.0] and list(own["as_of_shown"]) == ["March 4, 2024"]
    outside = money[money["money"] == "Outside spending"].set_index("candidate")
    assert outside.loc["A. Person", "amount"] == 661000.0
    assert outside.loc["A. Person", "as_of_shown"] == "about Feb. 28, 2024"
    assert [f.key for f in built.facts] == ["raised_a-person_reported"]
    assert built.facts[0].value == 31736.0 and built.facts[0].rows == ["f2"]
    assert built.text == ("2 candidates have at least one figure; 1 has both their own "
                          "fundraising and outside money to compare.")
    table = tables.money_table(money).table
    assert list(table.columns) == ["Candidate", "Money", "Amount (USD)", "Qualifier", "As of",
                                   "Source", "Row id"]


def test_reported_history_says_each_date_as_exactly_as_known():
    history = figures()[lambda f: f["metric"] == "ie_support"].sort_values("as_of")
    table = tables.reported_history_table(history).table
    assert list(table["As of"]) == ["Feb. 1, 2024", "about Feb. 28, 2024", "about Feb. 28, 2024"]
    assert tables.reported_history_table(history.iloc[0:0]).text.startswith("No reported")


def test_timeline_summary_uses_ap_dates():
    money = pd.DataFrame({"x": [1, 2]})
    text = tables.timeline_summary(money, "reported totals", money.iloc[0:1],
                                   pd.Timestamp("2024-02-13"), pd.Timestamp("2024-03-06"))
    assert text == ("2 money points (reported totals) and 1 dated events between Feb. 13, 2024 "
                    "and March 6, 2024.")


def events() -> pd.DataFrame:
    return pd.DataFrame({
        "race_id": "test-race",
        "date": pd.to_datetime(["2022-10-01", "2024-02-22", "2024-03-04", None, "2024-03-04"]),
        "date_precision": ["month", "day", "day", "unknown", "day"],
        "endorser": ["", "Union (U)", "Union (U)", "Union (U)", "Union (U)"],
        "acting_body": ["", "Union board", "Union House", "", "Union House"],
        "candidate": ["A. Person"] * 5,
        "action": ["statement", "campaign_suspended", "rescinded", "endorsed", "meeting_scheduled"],
        "status": ["confirmed", "confirmed", "confirmed", "confirmed", "unverified"],
        "event_id": ["e0", "e1", "e2", "e3", "e4"],
        "label": ["Statement", "Board suspends", "House rescinds", "Endorsed", "Meeting"],
        "source_url": [URL] * 5, "note": [""] * 5,
    })


def test_events_table_records_decision_dates_as_ap_facts():
    dated = events()[lambda e: e["date"].notna() & (e["status"] != "unverified")]
    built = tables.events_table(dated)
    assert list(built.table["Date"]) == ["October 2022", "Feb. 22, 2024", "March 4, 2024"]
    facts = {f.key: f.value for f in built.facts}
    assert facts == {"date_campaign_suspended_union-u": "Feb. 22, 2024",
                     "date_rescinded_union-u": "March 4, 2024"}
    assert tables.events_table(dated.iloc[0:0]).text.startswith("No dated endorsement events")


def test_endorsement_summary_and_other_events():
    text = tables.endorsement_summary(events(), RACE)
    assert text == ("5 endorsement events for this race: 2 confirmed or scheduled in the three "
                    "weeks before the primary (Feb. 13 to March 6, 2024), 1 without a known "
                    "date, 1 unverified and 0 inferred.")
    rest = tables.other_events_table(events(), RACE).table
    assert list(rest["Date"]) == ["October 2022", "date unknown", "March 4, 2024"]


def test_stance_table_columns_are_ap_dates():
    table = tables.stance_table(events(), RACE).table
    assert list(table.columns) == ["Endorser", "Candidate", "Feb. 4", "Feb. 24", "March 4",
                                   "March 5"]
    assert list(table.iloc[0, 2:]) == ["endorsed", "suspended", "rescinded", "rescinded"]


def test_calendar_gap_is_said_only_when_the_race_has_a_primary_without_it():
    cal = pd.DataFrame({"race_id": ["test-race"], "event": ["primary_election_day"]})
    assert "vote centers opened" in tables.calendar_gaps(cal, "test-race").text
    assert tables.calendar_gaps(cal, "other-race").text == ""
    both = pd.concat([cal, pd.DataFrame({"race_id": ["test-race"], "event": ["vote_centers_open"]})])
    assert tables.calendar_gaps(both, "test-race").text == ""


def test_donors_note_names_the_race_escaped_when_it_has_no_filings():
    text = tables.donors_note(pd.DataFrame(), pd.DataFrame(), pd.DataFrame(), RACE)
    assert text.startswith("**No itemized contribution filings for Test &lt;District&gt;")


def test_show_records_a_builders_facts_as_they_were_built(tmp_path):
    from helpers.analysis.chart_builders import Built
    from helpers.analysis.facts import Fact, FactBook
    from helpers.analysis.notebook import RaceContext

    fact = Fact(key="k", value=690000.0, unit="usd", label="L", dataset="d", rows=["r"],
                source="S", source_url=URL, as_of="2024-03-04", qualifier="more_than")
    ctx = RaceContext(race=RACE, notebook="t", build_dir=tmp_path, facts=FactBook("test-race", "t"))
    ctx.show(Built(text="Said.", facts=[fact]))
    assert ctx.facts.facts["k"] == fact
    assert ctx.facts.facts["k"].display == "more than $690,000"


def test_counts_agree_with_their_nouns():
    from helpers.analysis.notebook import counted

    assert [counted(0, "chart"), counted(1, "chart"), counted(2, "fact"), counted(1200, "row")] == [
        "0 charts", "1 chart", "2 facts", "1,200 rows"]
