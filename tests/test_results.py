"""Questions asked of the tidy results table, and what notebook 05 shows of them."""

import datetime as dt

import pandas as pd

from helpers.analysis.chart_builders import count_chart, primary_as_reported_chart, votes_chart
from helpers.analysis.election_words import Contest, outcome_of
from helpers.analysis.fact_keys import candidate_key
from helpers.analysis.results import (
    count_over_time,
    feed_summary,
    latest_snapshot,
    race_results,
    reported_primary,
    result_facts,
    votes_table,
    when_text,
    with_display_names,
)
from helpers.analysis.theme import house_config
from helpers.data.races import Race


def table():
    return pd.DataFrame({
        "snapshot_time": ["2024-11-05T20:36:34-08:00"] * 2 + ["2024-11-21T16:29:49-08:00"] * 2,
        "candidate_id": [1, 2, 1, 2],
        "candidate_name": ["TESTA A. UNO", "TESTB DOS"] * 2,
        "votes": [10, 30, 40, 35],
        "share": [0.25, 0.75, 40 / 75, 35 / 75],
    })


def test_latest_snapshot_puts_the_leader_first():
    latest = latest_snapshot(table())
    assert latest["votes"].tolist() == [40, 35]
    assert set(latest["snapshot_time"]) == {"2024-11-21T16:29:49-08:00"}


def test_display_names_come_from_the_config_and_unknown_ids_keep_the_feed_spelling():
    named = with_display_names(table(), {1: "Testa Uno"})
    assert named["candidate"].tolist() == ["Testa Uno", "Testb Dos", "Testa Uno", "Testb Dos"]
    assert named["candidate_name"].tolist()[0] == "TESTA A. UNO"


def test_count_over_time_is_in_time_order():
    moved = count_over_time(with_display_names(table(), {}))
    assert moved["snapshot_time"].is_monotonic_increasing and len(moved) == 4


def test_candidate_key_is_ascii_and_stable():
    assert candidate_key("Graciela \"Grace\" Ortiz") == "graciela-grace-ortiz"
    assert candidate_key("Kahllid Al-Alim") == "kahllid-al-alim"
    assert candidate_key("José Núñez") == "jose-nunez"


# --- what notebook 05 shows (helpers.analysis.results): words and facts from hand-made rows ----------

RACE = Race(id="test-race", title="TEST DATA race", short_title="TEST DATA District 9",
            jurisdiction="lausd", office="Board of Education", district=9,
            primary_date="2026-06-02", general_date="2026-11-03",
            candidates=[{"name": "Testa Uno", "registrar_id": 1},
                        {"name": "Testb Dos", "registrar_id": 2},
                        {"name": "Testc Tres"}, {"name": "Testd Cuatro"}])
RUNOFF = Contest("runoff", False, "General Election", dt.date(2026, 11, 3))
PRIMARY = Contest("primary", False, "Primary Election", dt.date(2026, 6, 2))


def feed_rows(votes_by_stamp: dict[str, dict[int, int]], write_ins=None) -> pd.DataFrame:
    """Tidy rows as helpers.data.lavote writes them, for candidates 1 and 2 of contest 9."""
    rows = []
    for stamp, votes in votes_by_stamp.items():
        total = sum(votes.values()) + (write_ins or 0)
        for cid, v in votes.items():
            rows.append({"race_id": "test-race", "election_title": "General Election",
                         "election_date": "2026-11-03", "contest_id": 9, "candidate_id": cid,
                         "candidate_name": f"FEED NAME {cid}", "votes": v, "share": v / total,
                         "snapshot_time": stamp, "as_of": stamp, "ballots": total + 6,
                         "write_in_votes": write_ins, "source_file": f"drop-{stamp[:10]}.json",
                         "source_url": "https://example.invalid/counts"})
    return pd.DataFrame(rows)


NIGHT, LATER = "2026-11-03T20:36:34-08:00", "2026-11-20T16:29:49-08:00"


def test_feed_times_are_pacific_and_ap_style():
    # AP puts the time before the date and drops ":00"
    assert when_text("2024-11-21T16:29:49-08:00") == "4:29 p.m. Nov. 21, 2024"
    assert when_text("2024-11-06T04:00:00+00:00") == "8 p.m. Nov. 5, 2024"  # UTC in, Pacific out
    assert when_text("2026-06-03T00:05:00-07:00") == "12:05 a.m. June 3, 2026"


def test_race_results_keeps_the_race_and_uses_display_names():
    rows = pd.concat([feed_rows({LATER: {1: 70, 2: 30}}),
                      feed_rows({LATER: {1: 5, 2: 5}}).assign(race_id="other")])
    mine = race_results(rows, RACE)
    assert len(mine) == 2 and mine["candidate"].tolist() == ["Testa Uno", "Testb Dos"]


def test_votes_chart_names_the_contest_and_the_stage():
    latest = latest_snapshot(race_results(feed_rows({LATER: {1: 711, 2: 289}}), RACE))
    piece = votes_chart(latest, RUNOFF, "semi_official", RACE)
    assert piece.meta.name == "runoff-results"
    assert piece.meta.title == "Runoff votes by candidate"
    assert piece.meta.subtitle.startswith("Semi-official count as of Nov. 20, 2026")
    assert piece.meta.description.startswith(
        "Bar chart of votes counted in the TEST DATA District 9 runoff as of 4:29 p.m. "
        "Nov. 20, 2026: Testa Uno 711 votes (71.1%); Testb Dos 289 votes (28.9%). This snapshot is "
        "a semi-official update")
    primary = votes_chart(latest, PRIMARY, "election_night", RACE)
    assert primary.meta.title == "Primary votes by candidate"
    assert "runoff" not in primary.meta.description.lower()
    lone = votes_chart(latest.iloc[:1], PRIMARY, "election_night", RACE)
    assert lone.chart is None and "One candidate is on the ballot" in lone.text
    assert lone.table["Votes"].tolist() == ["711"]  # the count is still shown, as a table


def test_count_chart_needs_two_snapshots_and_reads_in_ap_style():
    rows = race_results(feed_rows({NIGHT: {1: 100, 2: 80}, LATER: {1: 711, 2: 289}}), RACE)
    piece = count_chart(rows, RUNOFF, RACE)
    assert piece.meta.name == "runoff-count-over-time"
    assert piece.meta.description == (
        "Line chart of votes counted for each candidate in the TEST DATA District 9 runoff "
        "across two registrar snapshots from 8:36 p.m. Nov. 3, 2026 to 4:29 p.m. Nov. 20, 2026: "
        "Testa Uno from 100 to 711; Testb Dos from 80 to 289.")
    spec = piece.chart.to_dict()
    line = spec["layer"][0]["encoding"]
    assert line["y"]["axis"]["format"] == ",.0f"            # 50,000, not 50k
    # the time axis takes its AP month labels from the theme, like every chart's
    assert "labelExpr" not in line["x"]["axis"]
    theme_labels = house_config()["axisTemporal"]["labelExpr"]
    assert "'Nov.'" in theme_labels and "'Sept.'" in theme_labels
    assert [t["title"] for t in line["tooltip"]] == ["Candidate", "Time stamp (Pacific)", "Votes"]
    assert piece.chart.data["when"].tolist()[-1] == "4:29 p.m. Nov. 20, 2026"
    one = count_chart(rows[rows["snapshot_time"] == LATER], RUNOFF, RACE)
    assert one.chart is None and "Fewer than two registrar snapshots" in one.text


def test_result_facts_carry_the_contest_kind_and_the_words():
    latest = latest_snapshot(race_results(feed_rows({LATER: {1: 711, 2: 289}}, write_ins=0), RACE))
    outcome = outcome_of(latest, RUNOFF, "semi_official")
    facts = {f["key"]: f for f in result_facts(latest, RUNOFF, "semi_official", outcome)}
    assert facts["runoff_votes_testa-uno"]["value"] == 711
    assert facts["runoff_share_testa-uno"]["value"] == 71.1     # 711 / 1,000
    assert facts["runoff_ballots"]["value"] == 1006
    assert facts["runoff_write_in_votes"]["value"] == 0
    assert facts["runoff_leader"]["value"] == "Testa Uno"
    assert facts["runoff_outcome"]["value"] == outcome.sentence
    assert facts["runoff_count_stage"]["value"].startswith("a semi-official update")
    assert facts["runoff_votes_testa-uno"]["rows"] == ["drop-2026-11-20.json#CAND:1"]
    for f in facts.values():
        assert f["source_url"] and f["as_of"] == LATER and f["dataset"] == "results"


def test_a_lone_candidate_has_no_leader_fact():
    latest = latest_snapshot(race_results(feed_rows({LATER: {1: 500}}), RACE))
    outcome = outcome_of(latest, PRIMARY, "semi_official")
    keys = {f["key"] for f in result_facts(latest, PRIMARY, "semi_official", outcome)}
    assert "primary_leader" not in keys and "primary_outcome" in keys


def test_votes_table_and_feed_summary():
    latest = latest_snapshot(race_results(feed_rows({LATER: {1: 1711, 2: 289}}), RACE))
    assert votes_table(latest).to_dict("records") == [
        {"Candidate": "Testa Uno", "Votes": "1,711", "Share": "85.5%"},   # 1,711 / 2,000
        {"Candidate": "Testb Dos", "Votes": "289", "Share": "14.4%"}]     # 289 / 2,000 = 14.45
    assert "no rows for this race" in feed_summary(latest.iloc[:0], RACE)
    assert "two registrar snapshots" in feed_summary(
        race_results(feed_rows({NIGHT: {1: 1, 2: 1}, LATER: {1: 2, 2: 2}}), RACE), RACE)


REPORTED = pd.DataFrame({
    "figure_id": ["r1", "r2"], "race_id": "test-race", "metric": ["vote_share", "votes"],
    "candidate": ["Testa Uno", "Testa Uno"], "amount": [25.0, 900.0],
    "unit": ["percent", "votes"], "qualifier": ["about", "exact"],
    "count_stage": ["final", "election_night"],
    "as_of": pd.to_datetime(["2026-10-01", "2026-06-03"]), "as_of_precision": ["month", "day"],
    "source_publisher": ["TEST DATA News", "TEST DATA Radio"],
})


def test_reported_primary_keeps_the_qualifier_and_the_date_precision():
    drawn = reported_primary(REPORTED, RACE)
    assert drawn["shown"].tolist() == ["about 25%"]
    assert drawn["stage"].tolist() == ["Final, as of October 2026"]
    piece = primary_as_reported_chart(REPORTED, RACE)
    assert piece.meta.title == "The June primary, as reported"
    # four candidates in the race config, one drawn
    assert piece.meta.subtitle == ("Reported shares, not certified counts; the other three "
                                   "candidates are not shown")
    none = primary_as_reported_chart(REPORTED.iloc[:0], RACE)
    assert none.chart is None and none.text.startswith("No reported primary figures")


def test_fact_keys_are_made_in_one_place():
    from helpers.analysis.fact_keys import reported_result_key, result_key

    assert result_key(RUNOFF, "votes", "Sherlett Hendy Newbill") == "runoff_votes_sherlett-hendy-newbill"
    assert result_key(PRIMARY, "outcome") == "primary_outcome"
    assert reported_result_key("election_night", "votes", "Kahllid Al-Alim") == (
        "primary_election_night_votes_kahllid-al-alim")
    assert reported_result_key("final", "vote_share", "Kahllid Al-Alim") == (
        "primary_final_share_kahllid-al-alim")
