"""Rules 9 and 10 of docs/filings.md on tiny hand-made CAL sheets (TEST DATA, synthetic names).

Dates too late for their statement (rules/future_dates.py) and transaction ids repeated within
one filing version (rules/duplicates.py). Expected fates are worked out by hand from the rules:
which rows are kept, which are quarantined and under which column.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from helpers.data.filings.cal_format import cal_rows
from helpers.data.filings.clean import KEPT, REJECTED, SUPERSEDED, clean
from helpers.data.filings.dates import CodedDates
from helpers.data.filings.rules import future_dates

BUILD_DAY = dt.date(2024, 3, 1)
RECEIPT = ["Filer_ID", "Filer_NamL", "Report_Num", "Form_Type", "From_Date", "Thru_Date",
           "Rpt_Date", "Tran_ID", "Tran_NamL", "Tran_Date", "Tran_Amt1"]  # fmt: skip


def _sheet(name: str, columns: list[str], rows: list[list[str]]):
    raw = pd.DataFrame(rows, columns=columns, dtype="str")
    raw["source_row"] = range(2, len(rows) + 2)
    return cal_rows(raw, name)


def _receipt(
    report="000",
    form="A",
    begin="2024-01-01",
    end="2024-02-17",
    tran="A1",
    date="2024-01-10",
    amount="100.00",
    name="TESTFIXTURE DONOR",
    filer="TEST-9001",
):
    return [filer, "SYNTHETIC COMMITTEE", report, form, begin, end, "2024-02-20", tran, name,
            date, amount]  # fmt: skip


def _fates(*frames):
    c = clean(list(frames), today=BUILD_DAY)
    q = c.quarantine
    return (
        list(
            zip(c.rows["source_file"].astype("str"), c.rows["source_row"], c.status, strict=True)
        ),  # fmt: skip
        {
            (f, r): (col, why)
            for f, r, col, why in zip(
                q["source_file"], q["row"], q["column"], q["reason"], strict=True
            )
        },  # fmt: skip
    )


# --- rule 9: dates no filing can carry ------------------------------------------------------


def test_a_transaction_may_be_dated_up_to_366_days_after_its_period():
    # Period ends Feb. 17, 2024; 366 days later is Feb. 17, 2025 (counted by hand).
    rows = [_receipt(tran="A1", date="2025-02-17"), _receipt(tran="A2", date="2025-02-18"),
            _receipt(tran="A3", date="02/18/25")]  # fmt: skip
    fates, q = _fates(_sheet("schedule_A.csv", RECEIPT, rows))
    assert [s for *_, s in fates] == [KEPT, REJECTED, REJECTED]
    assert q[("schedule_A.csv", 3)][0] == "Tran_Date"
    assert "'2025-02-18' is more than a year after the end of the statement's period " \
           "(2024-02-17)" in q[("schedule_A.csv", 3)][1]  # fmt: skip
    assert "'02/18/25' (read as 2025-02-18)" in q[("schedule_A.csv", 4)][1]


def test_without_a_period_the_build_date_is_the_limit():
    # A Form 496 has no period: the day of the build (pinned to March 1, 2024) is the limit.
    cols = ["Filer_ID", "Filer_NamL", "Report_Num", "Form_Type", "Rpt_Date", "Tran_ID",
            "Exp_Date", "Amount", "Sup_Opp_Cd", "Cand_NamL"]  # fmt: skip
    rows = [["TEST-9002", "SYNTHETIC IE COMMITTEE", "000", "F496", "2024-02-21", f"E{i}", day,
             "2500.00", "S", "TESTFIXTURE CANDIDATE"]
            for i, day in enumerate(["2024-03-01", "2024-03-02"])]  # fmt: skip
    fates, q = _fates(_sheet("496.csv", cols, rows))
    assert [s for *_, s in fates] == [KEPT, REJECTED]
    assert q[("496.csv", 3)][0] == "Exp_Date"
    assert "later than the day of the build" in q[("496.csv", 3)][1]


def test_a_period_or_report_date_after_the_build_is_quarantined_under_its_column():
    rows = [_receipt(tran="A1", begin="2024-01-01", end="2204-02-17"),
            _receipt(tran="A2", begin="2023-07-01", end="2023-12-31")]  # fmt: skip
    rows[1][RECEIPT.index("Rpt_Date")] = "2042-01-31"
    fates, q = _fates(_sheet("schedule_A.csv", RECEIPT, rows))
    assert [s for *_, s in fates] == [REJECTED, REJECTED]
    assert q[("schedule_A.csv", 2)] == (
        "Thru_Date", "period end '2204-02-17' is later than the day of the build: no filing can "
        "be dated in the future (a mistyped year?)")  # fmt: skip
    assert q[("schedule_A.csv", 3)][0] == "Rpt_Date"


def test_late_transactions_is_decided_per_distinct_date():
    tran = CodedDates(pd.Series(["2024-01-10", "2025-03-01", "", "2024-01-10", "bad"]))
    end = CodedDates(pd.Series(["2024-02-17", "2024-02-17", "2024-02-17", "", ""]))
    day = future_dates.build_day(dt.date(2024, 1, 9))
    # Row 4 has no period and is one day past the build date; missing and bad dates are not late.
    assert future_dates.late_transactions(tran, end, day).tolist() == [
        False, True, False, True, False]  # fmt: skip


# --- rule 10: one line per transaction id within a filing version --------------------------


def test_identical_copy_is_counted_once_and_the_repeat_names_the_first():
    rows = [_receipt(tran="A1"), _receipt(tran="A2", amount="75.00"), _receipt(tran="A1"),
            _receipt(tran="A1")]  # fmt: skip
    fates, q = _fates(_sheet("schedule_A.csv", RECEIPT, rows))
    assert [s for *_, s in fates] == [KEPT, KEPT, REJECTED, REJECTED]
    for row in (4, 5):
        column, why = q[("schedule_A.csv", row)]
        assert column == "Tran_ID"
        assert why.startswith("repeats an earlier line of the same filing version")
        assert "(row 2; transaction id 'A1'; filing CAL|TEST-9001|F460|2024-01-01|2024-02-17, " \
               "amendment 0, schedule A)" in why  # fmt: skip


def test_different_lines_under_one_id_are_all_quarantined():
    rows = [_receipt(tran="A1"), _receipt(tran="A1", amount="250.00"), _receipt(tran="A2")]
    fates, q = _fates(_sheet("schedule_A.csv", RECEIPT, rows))
    assert [s for *_, s in fates] == [REJECTED, REJECTED, KEPT]
    assert "so none is counted" in q[("schedule_A.csv", 2)][1]
    assert "(rows 2 and 3; transaction id 'A1'" in q[("schedule_A.csv", 3)][1]


def test_ids_recur_legitimately_across_amendments_schedules_filings_and_committees():
    rows = [
        _receipt(tran="X1", report="000"),  # superseded by amendment 001 (rule 1)
        _receipt(tran="X1", report="001"),
        _receipt(tran="X1", report="001", form="C"),  # same id on Schedule C
        _receipt(
            tran="X1", begin="2023-07-01", end="2023-12-31", date="2023-11-01"
        ),  # period before
        _receipt(tran="X1", filer="TEST-9003"),  # another committee
    ]
    fates, q = _fates(_sheet("schedules.csv", RECEIPT, rows))
    assert [s for *_, s in fates] == [SUPERSEDED, KEPT, KEPT, KEPT, KEPT]
    assert q == {}


def test_summary_line_numbers_restart_for_each_form_and_are_not_repeats():
    # NetFile's Summary sheet: Line_Item 1 of the 460 summary, of Schedule A, of Schedule B1...
    cols = ["Filer_ID", "Filer_NamL", "Report_Num", "Form_Type", "From_Date", "Thru_Date",
            "Line_Item", "Amount_A"]  # fmt: skip
    rows = [["TEST-9001", "SYNTHETIC COMMITTEE", "000", form, "2024-01-01", "2024-02-17", "1",
             "10.00"] for form in ("F460", "A", "B1")]  # fmt: skip
    fates, q = _fates(_sheet("Summary.csv", cols, rows))
    assert [s for *_, s in fates] == [KEPT, KEPT, KEPT] and q == {}


def test_copies_in_two_files_are_one_line_and_a_rejected_row_is_no_copy():
    first = _sheet("A-Contributions.csv", RECEIPT, [_receipt(tran="A1"), _receipt(tran="A2")])
    # The second file repeats A1 exactly; its A2 has an unreadable amount (rejected for that,
    # so it is not a copy of anything and the first file's A2 stays).
    again = _sheet("A-Contributions_again.csv", RECEIPT,
                   [_receipt(tran="A1"), _receipt(tran="A2", amount="1.2.3")])  # fmt: skip
    fates, q = _fates(first, again)
    assert [s for *_, s in fates] == [KEPT, KEPT, REJECTED, REJECTED]
    assert (
        "(A-Contributions.csv row 2; transaction id 'A1'" in q[("A-Contributions_again.csv", 2)][1]
    )
    assert q[("A-Contributions_again.csv", 3)][0] == "Tran_Amt1"


def test_no_ids_no_work():
    # L.A. City contributions carry no transaction id: nothing to compare, nothing flagged.
    rows = [_receipt(tran="") for _ in range(3)]
    fates, q = _fates(_sheet("schedule_A.csv", RECEIPT, rows))
    assert [s for *_, s in fates] == [KEPT] * 3 and q == {}
