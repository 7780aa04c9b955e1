"""reconcile(): computed totals against reported figures, checked against hand-computed numbers."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest

from helpers.analysis.reconciliation import MONEY_METRICS, main, reconcile, reconciliation_records
from helpers.data.reference import load_reported_figures
from helpers.site.methodology import reconciliation_markdown

ROOT = Path(__file__).resolve().parents[1]
D1 = "lausd-d1-2024"
AL_ALIM = "Kahllid Al-Alim"


@pytest.fixture(scope="module")
def reported() -> pd.DataFrame:
    return load_reported_figures()


def computed(*rows) -> pd.DataFrame:
    return pd.DataFrame(
        rows, columns=["race_id", "metric", "spender", "candidate", "amount", "as_of"]
    )


def test_utla_total_against_its_three_reported_figures(reported):
    table = reconcile(computed((D1, "ie_support", "UTLA", AL_ALIM, 700000, "2024-03-04")), reported)
    assert table["figure_id"].tolist() == [
        "d1-2024-utla-ie-alalim-2024-02-23",
        "d1-2024-utla-ie-alalim-2024-02-28",
        "d1-2024-utla-ie-alalim-2024-03-04",
    ]
    # 700,000 - 650,000 = 50,000 = 7.6923% of 650,000; - 661,000 = 39,000 = 5.9002%;
    # - 690,000 = 10,000 = 1.4493%.
    assert table["difference"].tolist() == [50000, 39000, 10000]
    assert table["pct_difference"].round(4).tolist() == [7.6923, 5.9002, 1.4493]
    assert table["as_of_gap_days"].tolist() == [10, 5, 0]
    # more than 650,000: yes; about 661,000 (within 5%): no; more than 690,000: yes.
    assert table["consistent"].tolist() == [True, False, True]


def test_exact_figures_must_match_to_the_cent(reported):
    rows = computed(
        ("lausd-all-2024", "race_contributions_total", "", "", 828757.64, "2024-01-10"),
        ("lausd-all-2024", "race_expenditures_total", None, None, 399498.00, "2024-01-10"),
    )
    table = reconcile(rows, reported).set_index("metric")
    assert bool(table.loc["race_contributions_total", "consistent"]) is True
    assert table.loc["race_contributions_total", "difference"] == pytest.approx(0, abs=1e-6)
    # 399,498.00 - 399,498.18 = -0.18; -0.18 / 399,498.18 = -0.0000451%
    assert table.loc["race_expenditures_total", "difference"] == pytest.approx(-0.18)
    assert table.loc["race_expenditures_total", "pct_difference"] == pytest.approx(
        -0.0000451, abs=5e-8
    )
    assert bool(table.loc["race_expenditures_total", "consistent"]) is False


def test_about_tolerance_is_a_parameter(reported):
    rows = computed((D1, "ie_support", "UTLA", AL_ALIM, 690000, "2024-02-28"))
    # 690,000 vs about 661,000: 29,000 = 4.3873% off
    within_5 = reconcile(rows, reported).set_index("figure_id")
    within_4 = reconcile(rows, reported, about_tolerance=0.04).set_index("figure_id")
    key = "d1-2024-utla-ie-alalim-2024-02-28"
    assert within_5.loc[key, "pct_difference"] == pytest.approx(4.3873, abs=1e-4)
    assert bool(within_5.loc[key, "consistent"]) is True
    assert bool(within_4.loc[key, "consistent"]) is False
    # "more than 690,000" is not met by exactly 690,000
    assert bool(within_5.loc["d1-2024-utla-ie-alalim-2024-03-04", "consistent"]) is False


def test_computed_rows_without_a_reported_twin_are_kept(reported):
    table = reconcile(computed((D1, "ie_oppose", "UTLA", AL_ALIM, 1234.5, "2024-03-04")), reported)
    assert len(table) == 1
    row = table.iloc[0]
    assert row["amount_computed"] == 1234.5
    assert pd.isna(row["amount_reported"]) and pd.isna(row["difference"])
    assert pd.isna(row["consistent"])


def test_spender_labels_must_match_exactly(reported):
    # The ledger says "UTLA"; a committee name from the filings must be mapped first.
    table = reconcile(
        computed((D1, "ie_support", "United Teachers Los Angeles", AL_ALIM, 1, "2024-03-04")),
        reported,
    )
    assert table["figure_id"].isna().all()


def test_missing_computed_column_is_an_error(reported):
    with pytest.raises(ValueError, match="as_of"):
        reconcile(computed().drop(columns="as_of"), reported)


# ---- the records the analysis stage writes, and the page that only renders them -------------

def figures() -> pd.DataFrame:
    """Three reported figures for a test race: two dates for Uno, one for Dos."""
    return pd.DataFrame({
        "figure_id": ["uno-1", "uno-2", "dos-1"], "race_id": ["r"] * 3,
        "metric": ["ie_support"] * 3, "spender": ["SYNTHETIC PAC", "SYNTHETIC PAC", "OTHER"],
        "candidate": ["Uno", "Uno", "Dos"], "amount": [100.0, 150.0, 40.0], "unit": ["usd"] * 3,
        "qualifier": ["more_than", "more_than", "exact"],
        "as_of": pd.to_datetime(["2024-02-01", "2024-02-28", "2024-03-01"]),
        "as_of_precision": ["day", "approximate", "day"],
        "source_publisher": ["Test"] * 3, "source_url": ["https://example.test/"] * 3,
    })


def synthetic_ie() -> pd.DataFrame:
    return pd.DataFrame({
        "candidate": ["Uno", "Uno", "Uno", "Uno", "Dos"],
        "support_oppose": ["support", "support", "support", "oppose", "support"],
        "amount": [100.0, 70.0, 999.0, 5.0, 40.0],
        "expenditure_date": pd.to_datetime(
            ["2024-01-15", "2024-02-20", "2024-01-20", "2024-01-20", "2024-03-01"]),
        "counts_in_totals": [True, True, False, True, True],
        "source_file": ["a.csv"] * 5, "source_row": [2, 3, 4, 5, 6],
    })


def test_each_figure_is_checked_against_the_rows_dated_through_its_as_of_date():
    records = {r["figure_id"]: r for r in reconciliation_records(figures(), {"r": synthetic_ie()})}
    # uno-1 (more than $100, Feb. 1): only row 2 (Jan. 15) is dated by then; row 4 is not
    # counted (memo or superseded) and row 5 is against, not for.
    assert records["uno-1"]["computed"]["amount"] == 100.0
    assert records["uno-1"]["computed"]["rows"] == ["a.csv:2"]
    assert records["uno-1"]["consistent"] is False  # 100 is not more than 100
    # uno-2 (more than $150, about Feb. 28): rows 2 and 3 = 170, 20 more.
    assert records["uno-2"]["computed"]["rows"] == ["a.csv:2", "a.csv:3"]
    assert records["uno-2"]["difference"] == 20.0 and records["uno-2"]["consistent"] is True
    assert records["uno-2"]["reported"]["as_of_precision"] == "approximate"
    assert records["dos-1"]["difference"] == 0.0 and records["dos-1"]["consistent"] is True


def test_without_filings_nothing_pretends_to_agree():
    records = reconciliation_records(figures(), {})
    assert [r["computed"] for r in records] == [None, None, None]
    assert all("no itemized filings" in r["why_not_computed"] for r in records)
    text = reconciliation_markdown(records)
    assert text.count("not computed: no itemized filings") == 3
    assert "| $0 " not in text


def test_the_page_renders_dates_in_ap_style_with_their_precision():
    markdown = reconciliation_markdown(reconciliation_records(figures(), {"r": synthetic_ie()}))
    text = markdown.replace("\\", "")  # what a reader sees: Markdown escapes removed
    assert "Feb. 1, 2024" in text and "about Feb. 28, 2024" in text
    assert "2024-02-28" not in text
    assert "more than $150" in text and "$170 (2 rows)" in text


def test_the_build_step_writes_records_for_the_committed_reference_data(tmp_path):
    """Every money row of reported_figures.csv (read with csv) gets exactly one record."""
    with open(ROOT / "data" / "reference" / "reported_figures.csv", newline="", encoding="utf-8") as f:
        money = [r["figure_id"] for r in csv.DictReader(f) if r["metric"] in MONEY_METRICS]
    out = tmp_path / "reconciliation.json"
    assert main(["--out", str(out)]) == 0
    records = json.loads(out.read_text(encoding="utf-8"))["records"]
    assert sorted(r["figure_id"] for r in records) == sorted(money)
    assert main(["--out", str(out)]) == 0 and json.loads(out.read_text())["records"] == records
