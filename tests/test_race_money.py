"""Per-race money calculators, on small hand-made tables whose totals are worked out by hand."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from helpers.analysis.race_money import (
    candidate_lookup,
    filings_source,
    ie_cumulative,
    ie_totals,
    latest_reported,
    raised_by_candidate,
    reported_for,
    rows_for_race,
    top_donors,
)
from helpers.data.races import Race

RACE = Race.model_validate(
    {
        "id": "test-race",
        "title": "T",
        "short_title": "T",
        "jurisdiction": "lausd",
        "office": "Board of Education",
        "district": 1,
        "primary_date": "2024-03-05",
        "candidates": [
            {"name": "Testa Uno", "aliases": ["UNO, TESTA"]},
            {"name": "Testb Dos", "aliases": ["Dos, Testb"]},
        ],
    }
)


def ie_rows():
    d = dt.date
    return pd.DataFrame(
        {
            "committee_name": [
                "SYNTHETIC PAC A",
                "SYNTHETIC PAC A",
                "SYNTHETIC PAC A",
                "SYNTHETIC PAC B",
                "SYNTHETIC PAC B",
            ],
            "candidate_name_norm": [
                "UNO TESTA",
                "UNO TESTA",
                "UNO TESTA",
                "DOS TESTB",
                "OTHER PERSON",
            ],
            "support_oppose": ["support", "support", "support", "oppose", "support"],
            "amount": [100.0, 250.0, 999.0, 40.0, 7.0],
            "expenditure_date": [
                d(2024, 2, 1),
                d(2024, 2, 3),
                d(2024, 2, 3),
                d(2024, 2, 2),
                d(2024, 2, 2),
            ],
            "counts_in_totals": [True, True, False, True, True],  # third row is a memo row
        }
    )


def test_lookup_maps_every_variant_to_the_display_name():
    lookup = candidate_lookup(RACE)
    assert lookup["UNO TESTA"] == "Testa Uno" and lookup["TESTA UNO"] == "Testa Uno"
    assert lookup["DOS TESTB"] == "Testb Dos"


def test_rows_for_other_candidates_are_left_out():
    rows = rows_for_race(ie_rows(), RACE)
    assert len(rows) == 4
    assert set(rows["candidate"]) == {"Testa Uno", "Testb Dos"}


def test_ie_totals_sum_counted_rows_only():
    totals = ie_totals(rows_for_race(ie_rows(), RACE)).set_index("committee_name")
    assert totals.loc["SYNTHETIC PAC A", "amount"] == 350.0  # 100 + 250; the 999 memo row is out
    assert totals.loc["SYNTHETIC PAC A", "payments"] == 2
    assert totals.loc["SYNTHETIC PAC B", "support_oppose"] == "oppose"


def test_cumulative_spending_grows_by_date():
    cum = ie_cumulative(rows_for_race(ie_rows(), RACE))
    a = cum[cum["committee_name"] == "SYNTHETIC PAC A"]
    assert a["cumulative"].tolist() == [100.0, 350.0]


def test_latest_reported_takes_the_newest_figure_per_candidate():
    figures = pd.DataFrame(
        {
            "figure_id": ["a", "b", "c", "d"],
            "race_id": ["r", "r", "r", "other"],
            "metric": ["ie_support"] * 4,
            "spender": ["X", "X PACs", "Y", "Z"],
            "candidate": ["Uno", "Uno", "Dos", "Uno"],
            "amount": [10.0, 12.0, 5.0, 99.0],
            "as_of": pd.to_datetime(["2024-02-23", "2024-03-04", "2024-02-23", "2024-03-05"]),
        }
    )
    latest = latest_reported(figures, "r", ["ie_support"])
    assert latest["figure_id"].tolist() == ["b", "c"]


def test_top_donors_net_refunds_and_flag_los_angeles():
    contribs = pd.DataFrame(
        {
            "contributor_name": [
                "SYNTHETIC DONOR ONE",
                "SYNTHETIC DONOR ONE",
                "SYNTHETIC DONOR TWO",
            ],
            "candidate": ["Testa Uno"] * 3,
            "contributor_city": ["Los Angeles", "Los Angeles", "Sacramento"],
            "amount": [500.0, -100.0, 300.0],
            "counts_in_totals": [True, True, True],
        }
    )
    top = top_donors(contribs).set_index("contributor_name")
    assert top.loc["SYNTHETIC DONOR ONE", "amount"] == 400.0
    assert bool(top.loc["SYNTHETIC DONOR ONE", "in_los_angeles"]) is True
    assert bool(top.loc["SYNTHETIC DONOR TWO", "in_los_angeles"]) is False


def test_an_alias_naming_two_candidates_is_refused():
    bad = RACE.model_copy(
        update={
            "candidates": [
                RACE.candidates[0],
                RACE.candidates[1].model_copy(update={"aliases": ["Uno, Testa"]}),
            ]
        }
    )
    with pytest.raises(ValueError, match="two candidates"):
        candidate_lookup(bad)


def test_rows_filed_for_another_election_are_left_out():
    race = Race.model_validate({**RACE.model_dump(), "filings": {
        "office_code": "BED", "district": "1", "election_dates": ["2024-03-05"]}})  # fmt: skip
    rows = ie_rows().assign(election_date=pd.to_datetime(
        ["2024-03-05", "2015-03-03", None, "2024-03-05", "2024-03-05"]))  # fmt: skip
    kept = rows_for_race(rows, race)
    # Row 2 names Testa Uno but was filed for the 2015 election; row 3 has no election date.
    assert kept.index.tolist() == [0, 2, 3]


def test_raised_by_candidate_and_source():
    ts = pd.Timestamp
    contribs = pd.DataFrame({
        "candidate": ["Testa Uno", "Testa Uno", "Testb Dos", "Testb Dos"],
        "amount": [500.0, -100.0, 300.0, 999.0],
        "counts_in_totals": [True, True, True, False],
        "contribution_date": [ts("2015-01-02"), ts("2015-01-09"), ts("2015-01-05"),
                              ts("2015-01-06")],
        "source_format": ["legacy_ethics"] * 4,
    })  # fmt: skip
    raised = raised_by_candidate(contribs)
    # Uno: 500 - 100 (refund); Dos: 300 (the 999 memo row is not counted).
    assert raised[["candidate", "amount", "gifts"]].values.tolist() == [
        ["Testa Uno", 400.0, 2], ["Testb Dos", 300.0, 1]]  # fmt: skip
    assert str(raised.loc[0, "last_date"].date()) == "2015-01-09"
    name, url = filings_source(contribs)
    assert "legacy" in name and url.startswith("https://github.com/datadesk/")


def test_reported_history_is_the_ledger_rows_oldest_first():
    """One answer to 'which figures were reported': race_money's names ask reference.queries.
    Expected order worked out from the CSV with the csv module."""
    import csv

    from helpers.data.reference import load_reported_figures
    from helpers.data.reference.queries import reported_figures_for
    from tests.conftest import ROOT

    with open(ROOT / "data" / "reference" / "reported_figures.csv", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["race_id"] == "lausd-d1-2024"
                and r["metric"] in {"ie_support", "candidate_raised"}]
    expected = [r["figure_id"] for r in sorted(rows, key=lambda r: (r["as_of"], r["figure_id"]))]
    figures = load_reported_figures()
    metrics = ["ie_support", "candidate_raised"]
    assert reported_for(figures, "lausd-d1-2024", metrics)["figure_id"].tolist() == expected
    assert reported_figures_for(figures, "lausd-d1-2024", metrics)["figure_id"].tolist() == expected
    latest = latest_reported(figures, "lausd-d1-2024", metrics)
    assert latest["figure_id"].tolist() == ["d1-2024-utla-ie-alalim-2024-03-04",
                                            "d1-2024-kidsfirst-ie-watts-2024-03-04",
                                            "d1-2024-alalim-raised-2024-03-04"]
