"""The "City Campaign Statements Filed" index (data.lacity.org ``br3a-db9a``) and what it covers.

The dataset lists statements, not transactions: one row per filed statement with the committee and
the period it reports. It answers the question a Methodology page must answer before any total is
trusted: for this committee and these dates, were statements filed, and where are the gaps?

Column names are the ones third-party clients and the research notes report
(``cmt_id, cmt_type_desc, period_from_date, period_to_date, stmt_link``); they are unverified
against the live portal. Reading is strict: a missing column or a malformed record is an error
naming file, row and column; a bad date quarantines the row with the same detail. A row without a
period (a statement that reports none) is kept with empty dates and never counts as coverage.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from helpers.apstyle import ap_span
from helpers.data.filings.dates import parse_date
from helpers.errors import DataError, QuarantinedRow

DATASET_ID = "br3a-db9a"
REQUIRED_COLUMNS = ["cmt_id", "cmt_type_desc", "period_from_date", "period_to_date", "stmt_link"]
STATEMENTS_COLUMNS = [
    "committee_id", "committee_type", "period_begin", "period_end", "statement_link",
    "source_file", "source_row",
]  # fmt: skip


@dataclass
class StatementsFiled:
    """The tidy ``statements_filed`` table and the rows set aside, so counts reconcile."""

    table: pd.DataFrame
    quarantine: list[QuarantinedRow] = field(default_factory=list)

    @property
    def raw_rows(self) -> int:
        return len(self.table) + len(self.quarantine)


def _text(data: bytes, source_file: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = data[: exc.start].count(b"\n") + 1
        raise DataError(
            source_file, row, None, "not UTF-8 text (re-save the file as UTF-8)"
        ) from exc


def _records(text: str, source_file: str) -> list[list[str]]:
    records: list[list[str]] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for record in reader:
            records.append(record)
    except csv.Error as exc:
        row = len(records) + 1
        raise DataError(source_file, row, None, f"not a readable CSV record ({exc})") from exc
    return records


def _header(records: list[list[str]], source_file: str) -> dict[str, int]:
    if not records:
        raise DataError(source_file, 1, None, "empty file: no header row")
    header = [cell.strip() for cell in records[0]]
    for name in REQUIRED_COLUMNS:
        if name not in header:
            raise DataError(source_file, 1, name, "required column missing from the header")
        if header.count(name) > 1:
            raise DataError(source_file, 1, name, "column appears twice in the header")
    return {name: header.index(name) for name in REQUIRED_COLUMNS}


def calendar_date(text: str) -> dt.date | None:
    """``parse_date`` for text sources: a bare number is refused here, because reading it as an
    Excel serial date only makes sense for workbook cells."""
    if text.strip().isdigit():
        raise ValueError(f"unreadable date {text!r} (a bare number)")
    return parse_date(text)


def _period(cells: dict[str, str]) -> tuple[dt.date | None, dt.date | None, str, str]:
    """(begin, end, problem column, reason); the reason is empty when the dates are usable."""
    dates = {}
    for column in ("period_from_date", "period_to_date"):
        try:
            dates[column] = calendar_date(cells[column])
        except ValueError as exc:
            return None, None, column, str(exc)
    begin, end = dates["period_from_date"], dates["period_to_date"]
    if (begin is None) != (end is None):
        column = "period_to_date" if end is None else "period_from_date"
        return None, None, column, "period has only one of its two dates"
    if begin is not None and end is not None and begin > end:
        return None, None, "period_to_date", f"period ends ({end}) before it begins ({begin})"
    return begin, end, "", ""


def read_statements(path: str | Path, source_file: str | None = None) -> StatementsFiled:
    """Read a ``br3a-db9a`` CSV export into the ``statements_filed`` table."""
    path = Path(path)
    source_file = source_file or path.name
    records = _records(_text(path.read_bytes(), source_file), source_file)
    index = _header(records, source_file)
    width = len(records[0])
    rows, quarantine = [], []
    for number, record in enumerate(records[1:], start=2):
        if not record:
            quarantine.append(QuarantinedRow(source_file, number, "cmt_id", "blank line", ""))
            continue
        if len(record) != width:
            raise DataError(
                source_file, number, None, f"expected {width} fields, found {len(record)}"
            )
        cells = {name: record[i].strip() for name, i in index.items()}
        if cells["cmt_id"] == "":
            quarantine.append(QuarantinedRow(source_file, number, "cmt_id", "missing committee id"))
            continue
        begin, end, column, reason = _period(cells)
        if reason:
            quarantine.append(QuarantinedRow(source_file, number, column, reason, cells[column]))
            continue
        rows.append([cells["cmt_id"], cells["cmt_type_desc"], begin, end, cells["stmt_link"],
                     source_file, number])  # fmt: skip
    return StatementsFiled(_frame(rows), quarantine)


def _frame(rows: list[list]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=STATEMENTS_COLUMNS)
    for column in ("period_begin", "period_end"):
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[s]")
    for column in ("committee_id", "committee_type", "statement_link", "source_file"):
        frame[column] = frame[column].astype("str")
    frame["source_row"] = frame["source_row"].astype("int64")
    return frame.sort_values(["committee_id", "period_begin", "period_end", "source_row"],
                             ignore_index=True)  # fmt: skip


# ---- coverage ---------------------------------------------------------------------------------

Span = tuple[dt.date, dt.date]


@dataclass(frozen=True)
class Coverage:
    """Which days of ``[begin, end]`` the committee's filed statements cover (inclusive spans)."""

    committee_id: str
    begin: dt.date
    end: dt.date
    covered: list[Span]
    gaps: list[Span]
    statements: int  # statements whose period overlaps the range

    def sentence(self) -> str:
        """Methodology wording, e.g. 'Statements filed for Jan. 1–Feb. 17, 2024; none found for
        Feb. 18–March 5, 2024.'"""
        if not self.covered:
            return f"No statements found for {format_span(self.begin, self.end)}."
        text = "Statements filed for " + _and(self.covered)
        if self.gaps:
            text += "; none found for " + _and(self.gaps)
        return text + "."

    def frame(self) -> pd.DataFrame:
        """One row per covered span or gap, in date order, for a Methodology table."""
        spans = [(b, e, "statements filed") for b, e in self.covered]
        spans += [(b, e, "none found") for b, e in self.gaps]
        spans.sort()
        return pd.DataFrame(
            {
                "committee_id": [self.committee_id] * len(spans),
                "status": [s for _, _, s in spans],
                "period_begin": pd.to_datetime([b for b, _, _ in spans]).astype("datetime64[s]"),
                "period_end": pd.to_datetime([e for _, e, _ in spans]).astype("datetime64[s]"),
                "days": [(e - b).days + 1 for b, e, _ in spans],
            }
        )


def statement_coverage(
    statements: pd.DataFrame, committee_id: str, begin: dt.date, end: dt.date
) -> Coverage:
    """Covered spans and gaps of ``[begin, end]`` for one committee (periods merged when they
    overlap or touch; statements without a period are ignored)."""
    if begin > end:
        raise ValueError(f"range ends ({end}) before it begins ({begin})")
    mine = statements[statements["committee_id"] == str(committee_id).strip()]
    mine = mine.dropna(subset=["period_begin", "period_end"])
    periods = sorted(
        (max(b.date(), begin), min(e.date(), end))
        for b, e in zip(mine["period_begin"], mine["period_end"], strict=True)
        if b.date() <= end and e.date() >= begin
    )
    covered: list[Span] = []
    for b, e in periods:
        if covered and b <= covered[-1][1] + dt.timedelta(days=1):
            covered[-1] = (covered[-1][0], max(covered[-1][1], e))
        else:
            covered.append((b, e))
    gaps, cursor = [], begin
    for b, e in covered:
        if b > cursor:
            gaps.append((cursor, b - dt.timedelta(days=1)))
        cursor = e + dt.timedelta(days=1)
    if cursor <= end:
        gaps.append((cursor, end))
    return Coverage(str(committee_id).strip(), begin, end, covered, gaps, len(periods))


def format_span(begin: dt.date, end: dt.date) -> str:
    """AP style: 'Feb. 18, 2024', 'Jan. 1–17, 2024', 'Jan. 1–Feb. 17, 2024' (``apstyle.ap_span``)."""
    return ap_span(begin, end)


def _and(spans: list[Span]) -> str:
    parts = [format_span(b, e) for b, e in spans]
    if len(parts) <= 2:
        return " and ".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]
