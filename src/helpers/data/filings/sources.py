"""Find the raw files and hand each to the adapter whose columns it has.

Formats are recognised by their header, not their file name, so a renamed download still reads
correctly. A file whose header matches no format is an error naming the file, never skipped.
Statements-filed snapshots (br3a-db9a) hold no transactions: they are read by
``statements.read_statements`` into the ``statements_filed`` index (which statements each
committee filed, for which periods), kept apart from the transaction rows and their accounting.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from helpers.data.filings import cal_format, legacy_ethics, socrata
from helpers.data.filings.canonical import SourceFrame
from helpers.data.filings.readers import (
    RawTable,
    _large_fields,
    csv_header,
    read_csv,
    read_html_table,
    read_xlsx,
    sha256_soon,
)
from helpers.data.filings.statements import StatementsFiled, read_statements
from helpers.errors import DataError

DATA_SUFFIXES = {".csv", ".xlsx", ".html", ".htm"}
IGNORED_NAMES = {"manifest.csv"}


@dataclass
class Discovered:
    frames: list[SourceFrame] = field(default_factory=list)
    not_ingested: list[dict] = field(default_factory=list)
    statements: list[StatementsFiled] = field(default_factory=list)
    # file, bytes, sha256 of every file read; "sha256" is the pending digest until ``hashed``
    inputs: list[dict] = field(default_factory=list)


def data_files(raw_dir: Path) -> list[Path]:
    """Data files under raw_dir in a fixed (sorted) order, so rebuilds are identical."""
    if not raw_dir.exists():
        return []
    files = [
        p
        for p in raw_dir.rglob("*")
        if p.is_file()
        and p.suffix.lower() in DATA_SUFFIXES
        and p.name not in IGNORED_NAMES
        and not any(part.startswith(".") for part in p.relative_to(raw_dir).parts)
    ]
    return sorted(files, key=lambda p: p.relative_to(raw_dir).as_posix())


def _adapt(table: RawTable) -> SourceFrame:
    cols = [c for c in table.frame.columns if c != "source_row"]
    if socrata.is_contributions(cols):
        return socrata.contributions(table.frame, table.source_file, table.stripped)
    if socrata.is_expenditures(cols):
        return socrata.expenditures(table.frame, table.source_file, table.stripped)
    if cal_format.is_cal(cols):
        return cal_format.cal_rows(table.frame, table.source_file)
    if legacy_ethics.is_legacy(cols):
        return legacy_ethics.legacy_rows(table.frame, table.source_file)
    raise _no_format(table.source_file, cols)


def _known(cols: list[str]) -> bool:
    return (
        socrata.is_contributions(cols) or socrata.is_expenditures(cols)
        or cal_format.is_cal(cols) or legacy_ethics.is_legacy(cols)
    )  # fmt: skip


def _no_format(source_file: str, cols: list[str]) -> DataError:
    hint = ""
    if len(cols) == 1:
        for sep, name in ((";", "semicolons"), ("\t", "tabs"), ("|", "pipes")):
            if sep in cols[0]:
                hint = f" (the header seems to be separated by {name}, not commas)"
                break
    shown = ", ".join(cols[:6])
    shown = shown if len(shown) <= 120 else shown[:117] + "..."
    return DataError(
        source_file, 1, None,
        "header matches no known format (L.A. City contributions/expenditures, CAL, legacy "
        f"ethics export){hint}; first columns: {shown}",
    )  # fmt: skip


def _read_csv(path: Path, rel: str) -> RawTable:
    """Large L.A. City files convert only the columns the adapter uses (speed and memory)."""
    header = csv_header(path, rel)
    if not _known(header):  # say so before a record is read (a ';' file fails on its rows)
        raise _no_format(rel, header)
    plain = socrata.CONTRIBUTION_PLAIN + socrata.EXPENDITURE_PLAIN
    include = None
    if socrata.is_contributions(header):
        include = list(socrata.CONTRIBUTION_MAP.values())
    elif socrata.is_expenditures(header):
        include = list(socrata.EXPENDITURE_MAP.values())
    # The L.A. City adapters strip every cell: done while converting, on the reader's threads.
    return read_csv(path, rel, plain=plain, include=include, strip=include is not None)


def _count_records(path: Path) -> int:
    import csv

    with open(path, encoding="utf-8-sig", newline="") as fh, _large_fields():
        return max(sum(1 for _ in csv.reader(fh)) - 1, 0)


def discover(raw_dir: str | Path, also: dict[str, Path] | None = None) -> Discovered:
    """Read and adapt every data file under raw_dir, then under each folder of ``also``.

    ``also`` maps a label to a folder read in place (a dataset in the local mirror, say); its
    files are named ``<label>/<path>`` so the quarantine and accounting say where a row came from.
    """
    found = Discovered()
    folders = [("", Path(raw_dir)), *((label, Path(p)) for label, p in (also or {}).items())]
    for label, folder in folders:
        # A folder that is not there is a typo or a missing download, not "no filings": an
        # empty table built from it would look like a race with no money.
        if not folder.is_dir():
            raise DataError(label or str(folder), None, None,
                            f"filings folder {folder} does not exist")  # fmt: skip
        for path in data_files(folder):
            rel = path.relative_to(folder).as_posix()
            _read_into(found, path, f"{label}/{rel}" if label else rel)
    return found


def _read_into(found: Discovered, path: Path, rel: str) -> None:
    digest = sha256_soon(path)  # hashed on the other core while the rows are cleaned
    _read_file(found, path, rel)
    digest.start()  # a CSV's hash has started already (read_csv starts it after converting)
    found.inputs.append({"file": rel, "bytes": path.stat().st_size, "sha256": digest})


def hashed(inputs: list[dict]) -> list[dict]:
    """``Discovered.inputs`` with each file's sha256 (waits for the hashing threads): called
    once the rows are cleaned and tidied, so the hashing overlaps that work."""
    return [{**i, "sha256": i["sha256"]()} for i in inputs]


def _read_file(found: Discovered, path: Path, rel: str) -> None:
    suffix = path.suffix.lower()
    if socrata.STATEMENTS_ID in rel:
        if suffix == ".csv":
            found.statements.append(read_statements(path, rel))
        else:
            found.not_ingested.append(
                {"source_file": rel, "rows": None,
                 "reason": "statements filed (br3a-db9a) are read from CSV only"}
            )  # fmt: skip
        return
    if suffix == ".csv":
        tables = [_read_csv(path, rel)]
    elif suffix == ".xlsx":
        tables = read_xlsx(path, rel)
    else:
        tables = [read_html_table(path, rel)]
    found.frames.extend(_adapt(t) for t in tables)
