"""One test (or more) per cleaning rule, each on a tiny hand-made input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.data.filings.rules import amendments, coverage, loans, memo, support_oppose
from helpers.data.filings.rules.schedules import (
    CONTRIBUTION,
    EXPENDITURE,
    IE,
    LOAN,
    OTHER,
    classify,
)

D = np.datetime64


# --- amendments: per filing, never per row -------------------------------------------------


def test_latest_amendment_supersedes_the_whole_earlier_filing():
    # Filing F1 v0 has rows t1, t2; v1 restates only t1. t2 must not survive (per filing).
    filing = pd.Series(["F1", "F1", "F1", "F2"])
    amend = np.array([0, 0, 1, 0])
    out = amendments.superseded(filing, amend, np.ones(4, dtype=bool))
    assert out.tolist() == [True, True, False, False]


def test_ineligible_rows_do_not_make_a_filing_look_amended():
    filing = pd.Series(["F1", "F1"])
    out = amendments.superseded(filing, np.array([0, 3]), np.array([True, False]))
    assert out.tolist() == [False, False]


def test_parse_amendment_reads_report_numbers_and_flags_junk():
    nums, bad = amendments.parse_amendment(pd.Series(["000", "001", "12", "x1", "", "-1"]))
    assert nums[:3].tolist() == [0, 1, 12]
    assert bad.tolist() == [False, False, False, True, True, True]


rows_strategy = st.lists(
    st.tuples(st.sampled_from(["F1", "F2", "F3", "F4"]), st.integers(0, 3)), min_size=1, max_size=40
)


# No per-example deadline: pandas examples take over 200 ms when `make test` shares two cores.
@settings(deadline=None)
@given(rows_strategy, st.randoms(use_true_random=False))
def test_amendment_rule_properties(rows, rnd):
    filing = pd.Series([f for f, _ in rows])
    amend = np.array([a for _, a in rows])
    eligible = np.ones(len(rows), dtype=bool)
    sup = amendments.superseded(filing, amend, eligible)
    # Never loses a row: every row is kept or superseded, and kept rows are exactly the rows of
    # each filing's highest amendment.
    latest = {f: max(a for g, a in rows if g == f) for f, _ in rows}
    assert [not s for s in sup] == [a == latest[f] for f, a in rows]
    # Idempotent: running the rule again on the kept rows supersedes nothing more.
    keep = ~sup
    again = amendments.superseded(filing[keep].reset_index(drop=True), amend[keep], keep[keep])
    assert not again.any()
    # Independent of input order.
    order = list(range(len(rows)))
    rnd.shuffle(order)
    shuffled = amendments.superseded(
        filing.iloc[order].reset_index(drop=True), amend[order], eligible
    )
    assert sorted(zip(filing.iloc[order], amend[order], shuffled, strict=True)) == sorted(
        zip(filing, amend, sup, strict=True)
    )


# --- 24-hour reports covered by a later Form 460 -------------------------------------------


def _periods(*rows):
    return pd.DataFrame(rows, columns=["filer", "begin", "end"]).astype(
        {"begin": "datetime64[s]", "end": "datetime64[s]"}
    )


def test_497_inside_a_460_period_of_the_same_filer_is_covered():
    filer = pd.Series(["C1", "C1", "C2", "C1"])
    dates = np.array(
        ["2024-02-10", "2024-02-25", "2024-02-10", "2024-02-10"], dtype="datetime64[s]"
    )
    candidates = np.array([True, True, True, False])
    periods = _periods(("C1", D("2024-01-01"), D("2024-02-17")))
    out = coverage.covered_by_460(filer, dates, candidates, periods)
    # Row 2 is after the period, row 3 another filer, row 4 not a 24-hour report.
    assert out.tolist() == [True, False, False, False]


def test_period_boundaries_are_inclusive_and_overlaps_unite():
    filer = pd.Series(["C1"] * 4)
    dates = np.array(
        ["2024-01-01", "2024-02-17", "2024-03-10", "2024-04-01"], dtype="datetime64[s]"
    )
    periods = _periods(
        ("C1", D("2024-01-01"), D("2024-03-31")),  # long period
        ("C1", D("2024-02-01"), D("2024-02-17")),  # overlapping short one starts later
    )
    out = coverage.covered_by_460(filer, dates, np.ones(4, dtype=bool), periods)
    assert out.tolist() == [True, True, True, False]


# --- support / oppose codes ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "expected"),
    [("S", "support"), ("s", "support"), (" s ", "support"), ("S.", "support"),
     ("Support", "support"), ("O", "oppose"), ("o", "oppose"), ("O.", "oppose"),
     ("OPP", "oppose"), ("X", None), ("", None), ("SO", None), ("N", None)],
)  # fmt: skip
def test_support_oppose_normalised_or_rejected(code, expected):
    assert support_oppose.normalise_code(code) == expected
    values, invalid = support_oppose.normalise_series(pd.Series([code]))
    assert values[0] == expected and invalid[0] == (expected is None)


# --- memo rows, loans, schedules -------------------------------------------------------------


def test_memo_codes():
    is_memo, bad = memo.parse_memo(pd.Series(["X", "", "y", "N", "maybe"]))
    assert is_memo.tolist() == [True, False, True, False, False]
    assert bad.tolist() == [False, False, False, False, True]


def test_loans_are_net_of_amounts_paid_or_forgiven():
    amount = np.array([100000, 5000])
    paid = np.array([25000, 1000])
    assert loans.net_loan_cents(amount, paid, np.array([True, False])).tolist() == [75000, 5000]


@pytest.mark.parametrize(
    ("form", "schedule", "rec", "family", "kind"),
    [
        ("CA460", "A", "", "460", CONTRIBUTION),
        ("CA460", "C", "", "460", CONTRIBUTION),
        ("CA460", "I", "", "460", OTHER),  # miscellaneous cash is not a contribution
        ("I", "I", "RCPT", "460", OTHER),
        ("CA460", "B1", "", "460", LOAN),
        ("CA497", "", "", "497", CONTRIBUTION),
        ("F497P2", "F497P2", "EXPN", "497", EXPENDITURE),
        ("F496", "F496", "EXPN", "496", IE),
        ("F496P3", "F496P3", "RCPT", "496", CONTRIBUTION),
        ("D", "D", "EXPN", "460", IE),
        ("E", "E", "EXPN", "460", EXPENDITURE),
        ("F", "F", "EXPN", "460", OTHER),
        ("F460", "F460", "SMRY", "460", OTHER),
    ],
)
def test_schedule_classification(form, schedule, rec, family, kind):
    fam, k, note = classify(form, schedule, rec)
    assert (fam, k) == (family, kind)
    assert (note != "") == (kind == OTHER)


day = st.integers(0, 120).map(lambda d: D("2024-01-01") + np.timedelta64(d, "D"))


@settings(deadline=None)  # as above: timing is not what this property checks
@given(
    st.lists(st.tuples(st.sampled_from(["C1", "C2"]), day, st.booleans()), min_size=1, max_size=30),
    st.lists(st.tuples(st.sampled_from(["C1", "C2"]), day, st.integers(0, 40)), max_size=5),
    st.randoms(use_true_random=False),
)
def test_coverage_rule_properties(rows, periods, rnd):
    filer = pd.Series([r[0] for r in rows])
    dates = np.array([r[1] for r in rows], dtype="datetime64[s]")
    cand = np.array([r[2] for r in rows])
    p = _periods(*[(f, b, b + np.timedelta64(n, "D")) for f, b, n in periods])
    out = coverage.covered_by_460(filer, dates, cand, p)
    # Exactly the candidate rows inside some period of the same filer (checked by brute force).
    expected = [
        c and any(f == pf and b <= d <= b + np.timedelta64(n, "D") for pf, b, n in periods)
        for (f, d, c) in rows
    ]
    assert out.tolist() == expected
    # Independent of the order of rows and periods.
    order = list(range(len(rows)))
    rnd.shuffle(order)
    shuffled = coverage.covered_by_460(
        filer.iloc[order].reset_index(drop=True), dates[order], cand[order], p.iloc[::-1]
    )
    assert shuffled.tolist() == [expected[i] for i in order]
