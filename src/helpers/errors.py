"""Errors and quarantine records that point a journalist at the exact cell to fix.

Convention used everywhere in the project: ``row`` is the row number a spreadsheet shows for the
record (the header is row 1, the first data record row 2); for JSON inputs it is the 1-based
position of the record in its list. ``column`` is the column (or JSON key) as spelled in the file.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

QUARANTINE_COLUMNS = ["source_file", "row", "column", "reason", "raw"]


class DataError(ValueError):
    """A user's data file is wrong in a way no rule can quarantine; names file, row and column."""

    def __init__(self, file: str | Path, row: int | None, column: str | None, reason: str):
        self.file = str(file)
        self.row = row
        self.column = column
        self.reason = reason
        super().__init__(str(self))

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        return f"{', '.join(where)}: {self.reason}"


@dataclass(frozen=True)
class QuarantinedRow:
    """One input row set aside with the reason, so row counts reconcile and nothing is lost."""

    source_file: str
    row: int
    column: str
    reason: str
    raw: str = ""

    def as_dict(self) -> dict:
        return asdict(self)
