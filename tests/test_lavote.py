"""Registrar feed adapter.

Two kinds of test. Unit tests run everywhere on the project's synthetic TEST DATA feed
(tests/synthetic_feed.py, written to tmp_path). Real-data tests read the publisher's files in
the local mirror (../shared/data/lavote, or FTM_MIRROR) in place and skip, saying why, when
there is no mirror. Expected numbers are computed here straight from the JSON with the standard
library, not from the adapter, so a bug in the adapter cannot agree with itself.
"""

from __future__ import annotations

import json

import pytest

from helpers.data.lavote import (
    candidate_rows,
    load_definitions,
    load_snapshot,
    parse_feed_timestamp,
    tidy_contest_results,
)
from helpers.errors import DataError
from tests import synthetic_feed as feed


def independent_counts(path, contest_id, candidate_ids):
    records = json.loads(path.read_text())["Data"]
    cand = {r["ReferenceID"]: r["Value"] for r in records
            if r["ReferenceType"] == "CAND" and r["ReferenceID"] in candidate_ids}
    contest = {r["ReferenceType"]: r["Value"] for r in records if r["ReferenceID"] == contest_id
               and r["ReferenceType"] in ("CBLT", "CUV", "COV", "CFV")}
    write_ins = sum(r["Value"] for r in records if r["ReferenceID"] == contest_id
                    and r["ReferenceType"].startswith("WRTN"))
    return cand, contest, write_ins


# ---- unit tests on the synthetic TEST DATA feed (no mirror needed) --------------------------

@pytest.fixture
def synthetic(tmp_path):
    defs = feed.write(tmp_path / "election_9001.json", feed.definitions_doc())
    first = feed.write(tmp_path / "results_9001_a.json", feed.FIRST)
    second = feed.write(tmp_path / "results_9001_b.json", feed.SECOND)
    return defs, first, second


def test_synthetic_totals_match_an_independent_count(synthetic):
    defs, first, second = synthetic
    tidy = tidy_contest_results(defs, [first, second], [701])
    cand, contest, write_ins = independent_counts(second, 701, {7011, 7012})
    latest = tidy[tidy["source_file"] == second.name].set_index("candidate_id")
    assert latest.loc[7011, "votes"] == cand[7011] == 150
    assert latest.loc[7012, "votes"] == cand[7012] == 90
    # write-ins are in the denominator when the feed reports them (4 here)
    assert write_ins == 4
    assert latest.loc[7011, "share"] == pytest.approx(150 / (150 + 90 + 4))
    assert latest.loc[7011, "write_in_votes"] == 4
    assert latest.loc[7011, "ballots"] == contest["CBLT"]
    assert latest.loc[7011, "undervotes"] == contest["CUV"] and latest.loc[7011, "overvotes"] == contest["COV"]
    assert latest.loc[7011, "candidate_votes"] == contest["CFV"] == 150 + 90 + 4


def test_synthetic_drops_are_kept_in_time_order(synthetic):
    defs, first, second = synthetic
    tidy = tidy_contest_results(defs, [first, second], [701, 702])
    assert list(tidy["source_file"].drop_duplicates()) == [first.name, second.name]
    assert set(tidy["snapshot_time"]) == {"2024-11-05T20:36:34-08:00", "2024-11-06T17:10:00-08:00"}
    assert tidy["snapshot_time"].is_monotonic_increasing
    assert len(tidy) == 2 * 4  # two drops x four candidates / choices
    assert (tidy["source_url"] == "https://results.lavote.gov/").all()
    assert tidy["as_of"].equals(tidy["snapshot_time"])


def test_source_url_is_what_the_caller_says(synthetic):
    defs, first, _ = synthetic
    url = "https://results.lavote.gov/ElectionResults/GetCounterData?electionID=9001"
    tidy = tidy_contest_results(defs, [first], [702], source_url=url)
    assert set(tidy["source_url"]) == {url}


def test_unknown_contest_is_a_clear_error(synthetic):
    defs, first, _ = synthetic
    with pytest.raises(DataError, match=r"contest id\(s\) \[1\] not defined for election 9001"):
        tidy_contest_results(defs, [first], [1])


def test_timestamp_is_pacific_time():
    stamp = parse_feed_timestamp("11/21/2024 4:29:49 PM", "x.json")
    assert stamp.isoformat() == "2024-11-21T16:29:49-08:00"
    with pytest.raises(DataError, match="x.json"):
        parse_feed_timestamp("2024-11-21", "x.json")


def _write(tmp_path, name, doc):
    path = tmp_path / name
    path.write_text(json.dumps(doc))
    return path


def test_snapshot_missing_a_key_names_file_record_and_key(tmp_path):
    path = _write(tmp_path, "bad.json", {"TimeStamp": "11/5/2024 8:36:34 PM", "Data": [
        {"Number": 1, "ReferenceID": 5, "ReferenceType": "CAND", "Value": 3},
        {"Number": 2, "ReferenceID": 6, "ReferenceType": "CAND"},
    ]})
    with pytest.raises(DataError) as err:
        load_snapshot(path)
    assert "bad.json" in str(err.value) and "row 2" in str(err.value) and "'Value'" in str(err.value)


def test_non_numeric_vote_count_is_rejected(tmp_path):
    path = _write(tmp_path, "bad.json", {"TimeStamp": "11/5/2024 8:36:34 PM", "Data": [
        {"Number": 1, "ReferenceID": 5, "ReferenceType": "CAND", "Value": "12"}]})
    with pytest.raises(DataError, match="row 1, column 'Value'"):
        load_snapshot(path)


def test_snapshot_from_another_election_is_refused(synthetic, tmp_path):
    defs, _, _ = synthetic
    other = _write(tmp_path, "results_9999.json", {"TimeStamp": "3/5/2024 8:00:00 PM", "Data": [
        {"Number": 1, "ReferenceID": 1, "ReferenceType": "CAND", "Value": 10},
        {"Number": 2, "ReferenceID": 2, "ReferenceType": "CAND", "Value": 20}]})
    with pytest.raises(DataError, match="results_9999.json.*another election"):
        tidy_contest_results(defs, [other], [701])


def test_truncated_json_names_the_file(synthetic, tmp_path):
    _, first, _ = synthetic
    text = first.read_text()
    bad = tmp_path / "truncated.json"
    bad.write_text(text[: len(text) // 2])
    with pytest.raises(DataError, match="truncated.json.*not valid JSON"):
        load_snapshot(bad)


def test_definitions_without_contests_are_refused(tmp_path):
    path = _write(tmp_path, "election_1.json", feed.definitions_doc(1, contests={}))
    with pytest.raises(DataError, match="election_1.json, column 'ContestGroups'"):
        load_definitions(path)


def test_candidate_rows_are_the_cand_records_only():
    rows = candidate_rows(feed.FIRST)
    expected = sorted((r["ReferenceID"], r["Value"]) for r in feed.FIRST["Data"]
                      if r["ReferenceType"] == "CAND")
    assert rows == expected and len(rows) == 4


# ---- real-data tests: the publisher's files in the mirror (skip without one) ----------------

D1 = 9497
SNAPSHOTS = ["results_4324_2024-11-05T20-36-00.json", "results_4324_2024-11-21T17-10-37.json"]


@pytest.fixture(scope="module")
def tidy(lavote_dir):
    return tidy_contest_results(
        lavote_dir / "election_4324.json", [lavote_dir / s for s in SNAPSHOTS], [D1]
    )


def test_d1_runoff_latest_totals_match_the_raw_feed(tidy, lavote_dir):
    cand, contest, _ = independent_counts(lavote_dir / SNAPSHOTS[1], D1, {23383, 23384})
    latest = tidy[tidy["source_file"] == SNAPSHOTS[1]].set_index("candidate_id")
    assert latest.loc[23384, "votes"] == cand[23384] == 129691
    assert latest.loc[23383, "votes"] == cand[23383] == 52763
    total = cand[23383] + cand[23384]
    assert latest.loc[23384, "share"] == pytest.approx(129691 / total)
    assert latest.loc[23383, "share"] == pytest.approx(52763 / total)
    assert latest.loc[23384, "ballots"] == contest["CBLT"]
    assert latest.loc[23384, "undervotes"] == contest["CUV"]
    assert latest.loc[23384, "overvotes"] == contest["COV"]
    # the feed's own arithmetic, as documented in its README
    assert contest["CBLT"] == contest["CFV"] + contest["CUV"] + contest["COV"]
    assert contest["CFV"] == total


def test_every_snapshot_is_kept_in_time_order(tidy, lavote_dir):
    assert list(tidy["source_file"].drop_duplicates()) == SNAPSHOTS
    assert tidy["snapshot_time"].is_monotonic_increasing
    first = tidy[tidy["source_file"] == SNAPSHOTS[0]].set_index("candidate_id")
    cand, _, _ = independent_counts(lavote_dir / SNAPSHOTS[0], D1, {23383, 23384})
    assert first.loc[23384, "votes"] == cand[23384]
    assert first.loc[23383, "votes"] == cand[23383]
    assert set(tidy["snapshot_time"]) == {"2024-11-05T20:36:34-08:00", "2024-11-21T16:29:49-08:00"}


def test_every_row_carries_source_and_as_of(tidy):
    assert tidy["source_url"].str.startswith("https://").all()
    assert tidy["source_file"].notna().all()
    assert tidy["as_of"].notna().all()


def test_any_contest_works_without_code_changes(lavote_dir):
    both = tidy_contest_results(
        lavote_dir / "election_4324.json", [lavote_dir / SNAPSHOTS[1]], [9498, 9499, 9958]
    )
    assert set(both["contest_id"]) == {9498, 9499, 9958}
    measure = both[both["contest_id"] == 9958]
    assert len(measure) >= 2  # yes / no choices of Measure US
    shares = both.groupby("contest_id")["share"].sum()
    for contest_id, total in shares.items():
        assert total == pytest.approx(1.0), contest_id


def test_a_real_drop_cut_in_half_names_the_file(tmp_path, lavote_dir):
    text = (lavote_dir / SNAPSHOTS[0]).read_text()
    bad = tmp_path / "truncated.json"
    bad.write_text(text[: len(text) // 2])
    with pytest.raises(DataError, match="truncated.json.*not valid JSON"):
        load_snapshot(bad)
