"""Real formats: CAL workbook with one sheet per schedule, legacy export as HTML and as CSV."""

from __future__ import annotations

import csv
import shutil

import pandas as pd
import pytest
from openpyxl import Workbook

from helpers.data.filings.pipeline import build_tables
from helpers.data.filings.readers import read_csv, read_html_table
from helpers.errors import DataError
from tests.filings.conftest import RAW


def _cal_workbook(path):
    book = Workbook()
    book.remove(book.active)
    for name in ("schedule_A", "schedule_D", "form_496", "form_496p3", "summary"):
        sheet = book.create_sheet(name.replace("schedule_", "").replace("form_", ""))
        with open(RAW / "cal" / f"{name}.csv", newline="") as fh:
            for row in csv.reader(fh):
                sheet.append(row)
    book.save(path)


def _strip_source(frame: pd.DataFrame) -> pd.DataFrame:
    cols = [c for c in frame.columns if c not in ("source_file", "source_row")]
    return frame[cols].sort_values(["filing_id", "amount"]).reset_index(drop=True)


def test_cal_workbook_equals_cal_csvs(tmp_path, empty_reference):
    (tmp_path / "xlsx").mkdir()
    _cal_workbook(tmp_path / "xlsx" / "export.xlsx")
    (tmp_path / "csv").mkdir()
    shutil.copytree(RAW / "cal", tmp_path / "csv" / "cal")
    from_xlsx = build_tables(tmp_path / "xlsx", empty_reference)
    from_csv = build_tables(tmp_path / "csv", empty_reference)
    assert from_xlsx.accounting["totals"] == from_csv.accounting["totals"]
    for table in ("contributions", "independent_expenditures", "other_records"):
        a = _strip_source(from_xlsx.tables[table]).astype("str")
        b = _strip_source(from_csv.tables[table]).astype("str")
        pd.testing.assert_frame_equal(a, b)
    q = from_xlsx.tables["quarantine"]
    assert set(q["source_file"]) == {"export.xlsx (sheet A)", "export.xlsx (sheet 496)"}
    assert q.loc[q["column"] == "Sup_Opp_Cd", "row"].tolist() == [5]


def test_legacy_csv_equals_legacy_html(tmp_path, empty_reference):
    table = read_html_table(RAW / "legacy" / "legacy_export_test.html", "x.html").frame
    assert "Doc ID" in table.columns  # stray leading spaces in header cells are stripped
    (tmp_path / "csv").mkdir()
    with open(tmp_path / "csv" / "legacy.csv", "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow([f" {c}" for c in table.columns if c != "source_row"])
        w.writerows(table.drop(columns="source_row").to_numpy().tolist())
    (tmp_path / "html").mkdir()
    shutil.copy(RAW / "legacy" / "legacy_export_test.html", tmp_path / "html")
    a = build_tables(tmp_path / "csv", empty_reference)
    b = build_tables(tmp_path / "html", empty_reference)
    assert a.accounting["totals"] == b.accounting["totals"]
    pd.testing.assert_frame_equal(
        _strip_source(a.tables["contributions"]).astype("str"),
        _strip_source(b.tables["contributions"]).astype("str"),
    )


def test_duplicate_header_is_an_error(tmp_path):
    path = tmp_path / "dup.csv"
    path.write_text("a, a\n1,2\n")
    with pytest.raises(DataError, match="column appears twice") as info:
        read_csv(path, "dup.csv")
    assert info.value.row == 1 and info.value.column == "a"


def test_text_is_never_type_guessed(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text('zip,amount\n"00123",(500.00)\n')
    frame = read_csv(path, "t.csv").frame
    assert frame["zip"].astype(str).tolist() == ["00123"]
    assert frame["amount"].astype(str).tolist() == ["(500.00)"]
    assert frame["source_row"].tolist() == [2]


def test_blank_line_keeps_row_numbers_true(tmp_path):
    path = tmp_path / "blank.csv"
    path.write_text("a,b\n1,2\n\n3,4\n")
    frame = read_csv(path, "blank.csv").frame
    assert frame["source_row"].tolist() == [2, 3, 4]
    assert frame["a"].astype(str).tolist() == ["1", "", "3"]


def test_blank_line_in_a_filing_is_quarantined_not_lost(tmp_path, empty_reference):
    src = (RAW / "lacity" / "5mrt-4zhe_test.csv").read_text().splitlines()
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "exp.csv").write_text("\n".join([src[0], src[1], "", *src[2:]]) + "\n")
    build = build_tables(raw, empty_reference)
    q = build.tables["quarantine"]
    assert (q["row"].tolist(), q["column"].tolist()) == ([3, 4], ["cmt_id", "exp_date"])
    assert build.accounting["totals"]["raw"] == 4


def test_trailing_newline_is_fine(tmp_path):
    path = tmp_path / "ok.csv"
    path.write_text("a,b\n1,2\n3,4\n")
    assert read_csv(path, "ok.csv").frame["source_row"].tolist() == [2, 3]
