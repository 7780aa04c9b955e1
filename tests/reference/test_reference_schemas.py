"""Broken copies of the reference CSVs must fail with a DataError naming file, row and column.

Rows are spreadsheet rows: the header is row 1, so the i-th record (0-based) is row i + 2.
"""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import paths
from helpers.data.reference import (
    load_election_calendar,
    load_endorsement_events,
    load_reported_figures,
    vocab,
)
from helpers.errors import DataError

LOADERS = {
    "endorsement_events": load_endorsement_events,
    "reported_figures": load_reported_figures,
    "election_calendar": load_election_calendar,
}


def read_rows(name: str) -> list[dict[str, str]]:
    with open(paths.REFERENCE / f"{name}.csv", newline="") as f:
        return list(csv.DictReader(f))


def write_rows(path: Path, rows: list[dict[str, str]], header: list[str] | None = None) -> Path:
    header = header or list(rows[0])
    with open(path, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=header, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def broken(tmp_path: Path, name: str, record: int, **cells: str) -> Path:
    rows = read_rows(name)
    rows[record].update(cells)
    return write_rows(tmp_path / f"{name}.csv", rows)


def assert_error(exc: pytest.ExceptionInfo, path: Path, row: int, column: str, words: str):
    err = exc.value
    assert (err.file, err.row, err.column) == (str(path), row, column), str(err)
    assert words in err.reason, err.reason
    assert str(path) in str(err) and f"row {row}" in str(err) and repr(column) in str(err)


CASES = [
    # dataset, record, cells to break, column blamed, words in the reason
    ("endorsement_events", 5, {"date": "02/22/2024"}, "date", "YYYY-MM-DD"),
    ("endorsement_events", 5, {"date": "2024-02-30"}, "date", "YYYY-MM-DD"),
    ("endorsement_events", 3, {"action": "endorse"}, "action", "must be one of"),
    ("endorsement_events", 2, {"source_url": ""}, "source_url", "never empty"),
    ("endorsement_events", 2, {"source_url": "latimes.com"}, "source_url", "https://"),
    ("endorsement_events", 2, {"source_publisher": " "}, "source_publisher", "not be empty"),
    ("endorsement_events", 5, {"date": ""}, "date", "empty exactly when"),
    ("endorsement_events", 1, {"date": "2024-01-01"}, "date", "empty exactly when"),
    ("endorsement_events", 5, {"date_precision": "month"}, "date", "1st of the month"),
    ("endorsement_events", 5, {"status": "scheduled"}, "status", "meeting_scheduled"),
    ("endorsement_events", 5, {"status": "probable"}, "status", "must be one of"),
    ("endorsement_events", 2, {"endorser": ""}, "endorser", "statement"),
    ("endorsement_events", 2, {"candidate": ""}, "candidate", "no_endorsement"),
    ("endorsement_events", 2, {"race_id": "lausd-d2-2024"}, "race_id", "must be one of"),
    ("endorsement_events", 2, {"event_id": "D1 UTLA"}, "event_id", "lower-case"),
    ("reported_figures", 0, {"amount": "-650000"}, "amount", ">= 0"),
    ("reported_figures", 0, {"amount": "$650,000"}, "amount", ">= 0"),
    ("reported_figures", 0, {"amount": ""}, "amount", ">= 0"),
    ("reported_figures", 0, {"qualifier": "approx"}, "qualifier", "must be one of"),
    ("reported_figures", 0, {"unit": "votes"}, "unit", "match the metric"),
    ("reported_figures", 0, {"as_of": ""}, "as_of", "YYYY-MM-DD"),
    ("reported_figures", 0, {"spender": ""}, "spender", "spender is required"),
    ("reported_figures", 0, {"count_stage": "final"}, "count_stage", "money metrics"),
    ("reported_figures", 13, {"count_stage": ""}, "count_stage", "result metrics"),
    ("reported_figures", 14, {"amount": "122.29"}, "amount", "percent"),
    ("reported_figures", 14, {"candidate": ""}, "candidate", "per-candidate"),
    ("reported_figures", 3, {"metric": "ie"}, "metric", "must be one of"),
    ("election_calendar", 1, {"date": "March 5, 2024"}, "date", "YYYY-MM-DD"),
    ("election_calendar", 1, {"status": "scheduled"}, "status", "must be one of"),
    ("election_calendar", 1, {"event": "election_day"}, "event", "must be one of"),
    ("election_calendar", 1, {"source_url": ""}, "source_url", "never empty"),
]


@pytest.mark.parametrize(("name", "record", "cells", "column", "words"), CASES)
def test_bad_cell_names_file_row_and_column(tmp_path, name, record, cells, column, words):
    path = broken(tmp_path, name, record, **cells)
    with pytest.raises(DataError) as exc:
        LOADERS[name](path)
    assert_error(exc, path, record + 2, column, words)


@pytest.mark.parametrize(
    ("name", "id_column"),
    [
        ("endorsement_events", "event_id"),
        ("reported_figures", "figure_id"),
    ],
)
def test_duplicate_id_is_reported_on_the_second_occurrence(tmp_path, name, id_column):
    rows = read_rows(name)
    rows[4][id_column] = rows[1][id_column]
    path = write_rows(tmp_path / "dup.csv", rows)
    with pytest.raises(DataError) as exc:
        LOADERS[name](path)
    assert_error(exc, path, 6, id_column, "first used on row 3")


def test_duplicate_calendar_date_is_reported_on_the_second_occurrence(tmp_path):
    rows = read_rows("election_calendar")
    rows.append(dict(rows[1]))
    path = write_rows(tmp_path / "cal.csv", rows)
    with pytest.raises(DataError) as exc:
        load_election_calendar(path)
    assert_error(exc, path, len(rows) + 1, "event", "first used on row 3")


@pytest.mark.parametrize("name", LOADERS)
def test_missing_column_is_reported_on_the_header(tmp_path, name):
    rows = read_rows(name)
    header = [c for c in rows[0] if c != "source_url"]
    path = write_rows(tmp_path / "missing.csv", rows, header)
    with pytest.raises(DataError) as exc:
        LOADERS[name](path)
    assert_error(exc, path, 1, "source_url", "missing")


def test_unexpected_column_is_reported_on_the_header(tmp_path):
    rows = [dict(r, confidence="high") for r in read_rows("endorsement_events")]
    path = write_rows(tmp_path / "extra.csv", rows)
    with pytest.raises(DataError) as exc:
        load_endorsement_events(path)
    assert_error(exc, path, 1, "confidence", "unexpected column")


def test_blank_line_keeps_spreadsheet_row_numbers(tmp_path):
    path = broken(tmp_path, "endorsement_events", 6, action="nope")
    lines = path.read_text().splitlines(keepends=True)
    lines.insert(3, "\n")  # a blank line becomes spreadsheet row 4; record 6 moves to row 9
    path.write_text("".join(lines))
    with pytest.raises(DataError) as exc:
        load_endorsement_events(path)
    assert (exc.value.row, exc.value.column) == (4, "event_id")
    assert exc.value.reason.startswith("blank line")
    assert "row 9, column 'action'" in exc.value.reason


def test_all_problems_are_counted_and_the_first_comes_first(tmp_path):
    rows = read_rows("reported_figures")
    rows[7]["amount"] = "n/a"
    rows[2]["qualifier"] = "around"
    path = write_rows(tmp_path / "two.csv", rows)
    with pytest.raises(DataError) as exc:
        load_reported_figures(path)
    assert (exc.value.row, exc.value.column) == (4, "qualifier")
    assert "1 more problem(s): row 9, column 'amount'" in exc.value.reason


def test_missing_file_is_a_data_error(tmp_path):
    with pytest.raises(DataError, match="file not found"):
        load_reported_figures(tmp_path / "nope.csv")


def test_default_path_follows_paths_reference(tmp_path, monkeypatch):
    rows = read_rows("election_calendar")[:1]
    write_rows(tmp_path / "election_calendar.csv", rows)
    monkeypatch.setattr(paths, "REFERENCE", tmp_path)
    assert len(load_election_calendar()) == 1


def test_missing_column_used_by_a_row_rule_is_one_problem(tmp_path):
    rows = read_rows("reported_figures")
    header = [c for c in rows[0] if c != "metric"]
    path = write_rows(tmp_path / "no_metric.csv", rows, header)
    with pytest.raises(DataError) as exc:
        load_reported_figures(path)
    assert_error(exc, path, 1, "metric", "missing")
    assert "more problem" not in exc.value.reason


@settings(max_examples=40, deadline=None)
@given(
    record=st.integers(min_value=0, max_value=len(read_rows("endorsement_events")) - 1),
    bad=st.text(min_size=1, max_size=12).filter(lambda v: v not in vocab.STATUSES),
)
def test_any_bad_status_is_reported_on_its_own_row(record, bad):
    with tempfile.TemporaryDirectory() as tmp:
        path = broken(Path(tmp), "endorsement_events", record, status=bad)
        with pytest.raises(DataError) as exc:
            load_endorsement_events(path)
    assert (exc.value.row, exc.value.column) == (record + 2, "status")
