"""Each CAL sheet is read by its own columns; the schedule comes from Form_Type or the sheet name.

Small TEST DATA files written here in the real NetFile layouts (names start with SYNTHETIC); the
real exports are covered by test_real_exports.py.
"""

from __future__ import annotations

import csv

import pytest
from openpyxl import Workbook

from helpers.data.filings.pipeline import build_tables
from helpers.errors import DataError

COMMON = ["Filer_ID", "Filer_NamL", "Report_Num", "Rpt_Date", "From_Date", "Thru_Date",
          "Rec_Type", "Form_Type", "Tran_ID"]  # fmt: skip
RECEIPT = [*COMMON, "Entity_Cd", "Tran_NamL", "Tran_NamF", "Tran_Date", "Tran_Amt1",
           "Intr_NamL", "Memo_Code"]  # fmt: skip
EXPENSE = [*COMMON, "Payee_NamL", "Expn_Date", "Amount", "Expn_Code", "Expn_Dscr",
           "Cand_NamL", "Cand_NamF", "Bal_Name", "Sup_Opp_Cd", "Memo_Code"]  # fmt: skip
FILING = ["T-1", "SYNTHETIC Committee", "000", "2024-02-20", "2024-01-01", "2024-02-17"]


def _write(path, header, rows):
    with open(path, "w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)


@pytest.fixture()
def reference(tmp_path):
    ref = tmp_path / "reference"
    ref.mkdir()
    return ref


def test_form_type_damaged_into_a_time_is_read_from_the_sheet_name(tmp_path, reference):
    row = [*FILING, "RCPT", "00:00:00", "A1", "IND", "SYNTHETIC", "Donor", "2024-01-05", "100",
           "SYNTHETIC Platform", ""]  # fmt: skip
    named, unnamed = tmp_path / "named", tmp_path / "unnamed"
    named.mkdir(), unnamed.mkdir()
    _write(named / "A-Contributions.csv", RECEIPT, [row])
    _write(unnamed / "export.csv", RECEIPT, [row])
    good = build_tables(named, reference)
    c = good.tables["contributions"]
    assert c[["schedule", "amount", "intermediary_name"]].values.tolist() == [
        ["A", 100.0, "SYNTHETIC Platform"]
    ]
    bad = build_tables(unnamed, reference).tables["quarantine"]
    assert bad[["source_file", "row", "column"]].values.tolist() == [["export.csv", 2, "Form_Type"]]
    assert "00:00:00" in bad["reason"].iloc[0] and "A-Contributions" in bad["reason"].iloc[0]


def test_schedule_d_splits_contributions_made_from_independent_expenditures(tmp_path, reference):
    rows = [
        [*FILING, "EXPN", "D", "D1", "SYNTHETIC Printer", "2024-01-10", "500", "IND", "mailer",
         "Testfixture", "Alpha", "", "S", ""],
        [*FILING, "EXPN", "D", "D2", "SYNTHETIC Alpha Committee", "2024-01-11", "250", "MON", "",
         "Testfixture", "Alpha", "", "S", ""],
        [*FILING, "EXPN", "D", "D3", "SYNTHETIC Printer", "2024-01-12", "75", "IND", "door hangers",
         "", "", "SYNTHETIC Measure Q", "O", ""],
        [*FILING, "EXPN", "D", "D4", "SYNTHETIC Printer", "2024-01-13", "60", "IND", "flyer",
         "", "", "", "S", ""],
    ]  # fmt: skip
    _write(tmp_path / "D-Expenditure.csv", EXPENSE, rows)
    build = build_tables(tmp_path, reference)
    ie = build.tables["independent_expenditures"]
    assert ie[["tran_id", "amount", "support_oppose", "measure_name"]].values.tolist() == [
        ["D1", 500.0, "support", ""],
        ["D3", 75.0, "oppose", "SYNTHETIC Measure Q"],
    ]
    e = build.tables["expenditures"]
    assert e[["tran_id", "expenditure_code", "candidate_name"]].values.tolist() == [
        ["D2", "MON", "Testfixture, Alpha"]
    ]
    q = build.tables["quarantine"]
    assert q[["row", "column"]].values.tolist() == [[5, "Cand_NamL"]]


def test_workbook_serial_dates_pending_filer_and_loans(tmp_path, reference):
    book = Workbook()
    sheet = book.active
    sheet.title = "B1-Loans"
    sheet.append([*COMMON, "Lndr_NamL", "Lndr_NamF", "Loan_Date1", "Loan_Amt1", "Loan_Amt5",
                  "Loan_Amt6", "Memo_Code"])  # fmt: skip
    # 45306 is Jan. 15, 2024 as an Excel serial; the committee has no id yet ("Pending").
    sheet.append(["Pending", "SYNTHETIC New Committee", "000", "2024-02-20", "2024-01-01",
                  "2024-02-17", "LOAN", "B1", "L1", "SYNTHETIC", "Lender", 45306, 1000.0,
                  200.0, 50.0, ""])  # fmt: skip
    book.save(tmp_path / "export.xlsx")
    c = build_tables(tmp_path, reference).tables["contributions"]
    loan = c.iloc[0]
    assert str(loan["contribution_date"].date()) == "2024-01-15"
    # Received 1,000 this period, 200 repaid and 50 forgiven: 750 net.
    assert (loan["amount"], loan["amount_reported"], loan["amount_paid_forgiven"]) == (
        750.0, 1000.0, 250.0,
    )  # fmt: skip
    assert loan["filer_id"] == "Pending" and loan["is_loan"]
    assert loan["filing_id"].startswith("CAL|name:SYNTHETIC NEW COMMITTEE|")


def test_sheet_with_no_known_layout_is_an_error_naming_the_file(tmp_path, reference):
    _write(tmp_path / "odd.csv", [*COMMON, "Something"], [[*FILING, "X", "A", "1", "y"]])
    with pytest.raises(DataError) as err:
        build_tables(tmp_path, reference)
    assert "odd.csv" in str(err.value) and "no known schedule layout" in str(err.value)
