"""The br3a-db9a "statements filed" index and the coverage it gives a Methodology page.

TEST DATA: the CSV rows below are made up by this test in the column layout the research notes
give for br3a-db9a; committee ids such as TEST-0001 are not real. Expected values are worked out
by hand from the rows (day counts by plain date arithmetic).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from helpers.data.filings.statements import format_span, read_statements, statement_coverage
from helpers.errors import DataError

HEADER = "cmt_id,cmt_type_desc,period_from_date,period_to_date,stmt_link"
ROWS = [
    "TEST-0001,Candidate Controlled,2024-01-01T00:00:00.000,2024-01-31T00:00:00.000,https://example.test/s/1",
    "TEST-0001,Candidate Controlled,2024-02-01T00:00:00.000,2024-02-17T00:00:00.000,https://example.test/s/2",
    "TEST-0001,Candidate Controlled,2024-03-01T00:00:00.000,2024-03-31T00:00:00.000,https://example.test/s/3",
    "TEST-0002,Independent Expenditure,12/1/2023,2/10/2024,https://example.test/s/4",
    "TEST-0001,Candidate Controlled,,,https://example.test/s/5",
]  # fmt: skip
D = dt.date


def write(tmp_path, lines, name="br3a-db9a.csv"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def statements(tmp_path):
    return read_statements(write(tmp_path, [HEADER, *ROWS])).table


def test_reads_the_statements_filed_table(statements):
    t = statements
    assert list(t.columns) == ["committee_id", "committee_type", "period_begin", "period_end",
                               "statement_link", "source_file", "source_row"]  # fmt: skip
    assert len(t) == 5
    first = t[t["source_row"] == 2].iloc[0]
    assert first["committee_id"] == "TEST-0001"
    assert first["committee_type"] == "Candidate Controlled"
    assert first["period_begin"] == pd.Timestamp(2024, 1, 1)  # floating timestamp read as a date
    assert first["period_end"] == pd.Timestamp(2024, 1, 31)
    assert first["statement_link"] == "https://example.test/s/1"
    assert first["source_file"] == "br3a-db9a.csv"
    us_dates = t[t["source_row"] == 5].iloc[0]
    assert (us_dates["period_begin"], us_dates["period_end"]) == (
        pd.Timestamp(2023, 12, 1), pd.Timestamp(2024, 2, 10),
    )  # fmt: skip
    no_period = t[t["source_row"] == 6].iloc[0]
    assert pd.isna(no_period["period_begin"]) and pd.isna(no_period["period_end"])
    assert str(t["period_begin"].dtype) == "datetime64[s]"


def test_extra_columns_are_allowed_and_a_bom_is_skipped(tmp_path):
    path = tmp_path / "s.csv"
    path.write_bytes(("\ufeff" + HEADER + ",filing_date\n" + ROWS[0] + ",x\n").encode())
    assert read_statements(path).table["committee_id"].tolist() == ["TEST-0001"]


def test_missing_column_names_file_row_and_column(tmp_path):
    path = write(tmp_path, [HEADER.replace(",period_to_date", ""), "TEST-0001,C,2024-01-01,x"])
    with pytest.raises(DataError) as exc:
        read_statements(path, "socrata/br3a-db9a/x.csv")
    assert (exc.value.file, exc.value.row, exc.value.column) == (
        "socrata/br3a-db9a/x.csv", 1, "period_to_date",
    )  # fmt: skip


def test_bad_dates_are_quarantined_with_file_row_and_column(tmp_path):
    lines = [HEADER, ROWS[0],
             "TEST-0003,C,2024-02-30T00:00:00.000,2024-03-01T00:00:00.000,l",  # February 30
             "TEST-0003,C,2024-01-01,2024-13-01,l",  # month 13
             "TEST-0003,C,2024-03-01,2024-02-01,l",  # ends before it begins
             "TEST-0003,C,2024-03-01,,l",  # half a period
             ",C,2024-03-01,2024-03-02,l",  # no committee
             "TEST-0003,C,45352,2024-03-02,l",  # a bare number is not a date in a CSV
             ""]  # fmt: skip
    read = read_statements(write(tmp_path, lines))
    assert read.table["source_row"].tolist() == [2]
    got = [(q.source_file, q.row, q.column, q.raw) for q in read.quarantine]
    assert got == [
        ("br3a-db9a.csv", 3, "period_from_date", "2024-02-30T00:00:00.000"),
        ("br3a-db9a.csv", 4, "period_to_date", "2024-13-01"),
        ("br3a-db9a.csv", 5, "period_to_date", "2024-02-01"),
        ("br3a-db9a.csv", 6, "period_to_date", ""),
        ("br3a-db9a.csv", 7, "cmt_id", ""),
        ("br3a-db9a.csv", 8, "period_from_date", "45352"),
        ("br3a-db9a.csv", 9, "cmt_id", ""),  # the blank line keeps its row number
    ]
    assert "impossible date" in read.quarantine[0].reason
    assert read.raw_rows == 8  # every record after the header is in one of the two lists


def test_record_with_the_wrong_number_of_fields_is_an_error(tmp_path):
    with pytest.raises(DataError) as exc:
        read_statements(write(tmp_path, [HEADER, ROWS[0], "TEST-0001,C,2024-01-01"]))
    assert (exc.value.row, exc.value.column) == (3, None)
    assert "expected 5 fields, found 3" in str(exc.value)


def test_non_utf8_byte_names_its_row(tmp_path):
    path = tmp_path / "s.csv"
    path.write_bytes((HEADER + "\n" + ROWS[0] + "\n").encode() + b"TEST-0001,Mu\xf1oz,,,l\n")
    with pytest.raises(DataError) as exc:
        read_statements(path)
    assert exc.value.row == 3


def test_coverage_merges_touching_periods_and_names_the_gap(statements):
    cov = statement_coverage(statements, "TEST-0001", D(2024, 1, 1), D(2024, 3, 5))
    assert cov.covered == [(D(2024, 1, 1), D(2024, 2, 17)), (D(2024, 3, 1), D(2024, 3, 5))]
    assert cov.gaps == [(D(2024, 2, 18), D(2024, 2, 29))]  # 2024 is a leap year
    assert cov.statements == 3  # the row without a period does not count
    assert cov.sentence() == (
        "Statements filed for Jan. 1\u2013Feb. 17, 2024 and March 1\u20135, 2024; "
        "none found for Feb. 18\u201329, 2024."
    )
    frame = cov.frame()
    assert frame["status"].tolist() == ["statements filed", "none found", "statements filed"]
    assert frame["days"].tolist() == [31 + 17, 29 - 18 + 1, 5]
    assert frame["days"].sum() == (D(2024, 3, 5) - D(2024, 1, 1)).days + 1


def test_coverage_of_a_range_with_no_statements(statements):
    cov = statement_coverage(statements, "TEST-0001", D(2023, 12, 1), D(2023, 12, 31))
    assert cov.covered == [] and cov.gaps == [(D(2023, 12, 1), D(2023, 12, 31))]
    assert cov.sentence() == "No statements found for Dec. 1\u201331, 2023."
    other = statement_coverage(statements, "TEST-0002", D(2024, 1, 1), D(2024, 3, 5))
    assert other.covered == [(D(2024, 1, 1), D(2024, 2, 10))]  # clipped to the range
    assert other.gaps == [(D(2024, 2, 11), D(2024, 3, 5))]
    unknown = statement_coverage(statements, "TEST-9999", D(2024, 1, 1), D(2024, 1, 1))
    assert unknown.sentence() == "No statements found for Jan. 1, 2024."
    with pytest.raises(ValueError):
        statement_coverage(statements, "TEST-0001", D(2024, 2, 1), D(2024, 1, 1))


def test_fully_covered_range(statements):
    cov = statement_coverage(statements, "TEST-0001", D(2024, 1, 15), D(2024, 2, 1))
    assert cov.gaps == []
    assert cov.sentence() == "Statements filed for Jan. 15\u2013Feb. 1, 2024."


def test_format_span_ap_style():
    assert format_span(D(2023, 12, 20), D(2024, 1, 5)) == "Dec. 20, 2023\u2013Jan. 5, 2024"
    assert format_span(D(2024, 9, 1), D(2024, 9, 30)) == "Sept. 1\u201330, 2024"
    assert format_span(D(2024, 6, 3), D(2024, 6, 3)) == "June 3, 2024"
