"""reconcile(): computed totals against reported figures, checked against hand-computed numbers."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.reference import load_reported_figures, reconcile

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
