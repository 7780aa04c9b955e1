"""Read CSV, Excel and HTML exports into all-text frames without letting any parser guess types.

Every cell stays text until ``money``/``dates`` parse it, so "00123" zip codes and "(500.00)"
refunds survive. Row numbers follow ``helpers.errors``: header = row 1, first record = row 2.
Large CSVs are read with pyarrow as dictionary-encoded columns: filings repeat committee names,
dates and amounts, so each distinct value is stored (and later parsed) once.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from helpers.data.filings.canonical import as_text, threaded_map
from helpers.errors import DataError


@dataclass
class RawTable:
    """One sheet or file of text cells; ``source_row`` is the spreadsheet row of each record."""

    source_file: str
    frame: pd.DataFrame
    stripped: bool = False  # every cell already stripped of surrounding whitespace (``as_text``)


# Python's csv module refuses cells over 128 KiB by default; pyarrow reads them, so the
# re-scans below must too (a 1 MB description is data, not an error).
_FIELD_LIMIT = 2**31 - 1


@contextmanager
def _large_fields() -> Iterator[None]:
    old = csv.field_size_limit(_FIELD_LIMIT)
    try:
        yield
    finally:
        csv.field_size_limit(old)


def _decoded(fh, source_file: str) -> Iterator[str]:
    """Lines decoded one by one, so only the lines the header spans must be UTF-8."""
    for number, raw in enumerate(fh):
        try:
            yield raw.decode("utf-8-sig" if number == 0 else "utf-8")
        except UnicodeDecodeError as exc:
            raise DataError(source_file, 1, None, "header is not UTF-8 text") from exc


def _header(path: Path, source_file: str) -> list[str]:
    """The header record. A bad byte further down the file is reported on its own row by
    ``read_csv``, not blamed on the header."""
    with open(path, "rb") as fh, _large_fields():
        first = next(csv.reader(_decoded(fh, source_file)), None)
    if not first:
        raise DataError(source_file, 1, None, "empty file: no header row")
    return [c.strip() for c in first]


def check_columns(columns: Iterable[str], source_file: str) -> list[str]:
    """Headers must be unique once stray spaces are stripped, or columns would be confused."""
    names = [str(c).strip() for c in columns]
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise DataError(source_file, 1, name, "column appears twice in the header")
        seen.add(name)
    return names


def _locate_bad_record(path: Path, names: list[str]) -> tuple[int, str | None, str]:
    """Re-scan with the csv module to name the first record pyarrow could not read."""
    width = len(names)
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh, _large_fields():
            for number, record in enumerate(csv.reader(fh), start=1):
                if record and len(record) != width:
                    return number, None, f"expected {width} fields, found {len(record)}"
    except (UnicodeDecodeError, csv.Error):
        pass
    with open(path, "rb") as fh:
        for number, line in enumerate(fh, start=1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                reason = "not UTF-8 text (line number; re-save the file as UTF-8)"
                return number, _bad_byte_column(line, names), reason
    return 0, None, "unreadable CSV"


def _bad_byte_column(line: bytes, names: list[str]) -> str | None:
    """The column whose cell holds the undecodable bytes, when the line is one whole record."""
    try:
        with _large_fields():
            cells = next(csv.reader([line.decode("utf-8", "surrogateescape")]), [])
    except csv.Error:
        return None
    for name, cell in zip(names, cells, strict=False):
        if any("\udc80" <= ch <= "\udcff" for ch in cell):
            return name
    return None


class _Digest:
    """The sha256 of one file, computed on a background thread (see ``sha256_soon``)."""

    def __init__(self, path: str | Path):
        self.path = str(path)
        self.thread: threading.Thread | None = None
        self.result: dict = {}

    def start(self) -> None:
        if self.thread is None:
            self.thread = threading.Thread(target=self._work, name="sha256", daemon=True)
            self.thread.start()

    def _work(self) -> None:
        try:
            with open(self.path, "rb") as fh:
                self.result["hex"] = hashlib.file_digest(fh, "sha256").hexdigest()
        except BaseException as exc:  # handed to the caller by __call__
            self.result["error"] = exc

    def __call__(self) -> str:
        _DEFERRED.pop(self.path, None)
        self.start()
        self.thread.join()
        if "error" in self.result:
            raise self.result["error"]
        return self.result["hex"]


_DEFERRED: dict[str, _Digest] = {}


def sha256_soon(path: str | Path) -> _Digest:
    """The file's sha256, computed on another thread; call the result to wait for the hex digest.

    File reads and ``hashlib`` release the GIL, so a full L.A. City history (gigabytes) is hashed
    on the second core. For a CSV the hashing starts when ``read_csv`` has read and converted
    the file (both use every core; the hash then overlaps the single-threaded cleaning instead
    of slowing them); for other files it starts when ``start`` is called or when first waited
    for. The thread is a daemon: a file that fails to parse does not wait for its hash."""
    digest = _Digest(path)
    _DEFERRED[digest.path] = digest
    return digest


def csv_header(path: str | Path, source_file: str) -> list[str]:
    """The stripped, checked header of a CSV (to pick the adapter before reading the rows)."""
    return check_columns(_header(Path(path), source_file), source_file)


def read_csv(
    path: str | Path,
    source_file: str,
    plain: Iterable[str] = (),
    include: Iterable[str] | None = None,
    strip: bool = False,
) -> RawTable:
    """A CSV as text columns; columns not in ``plain`` are dictionary-encoded (categorical).

    ``include`` limits the columns converted (the rest are still checked for field counts);
    ``strip`` strips every cell (``canonical.as_text``) while converting, on the same threads.
    """
    path = Path(path)
    names = check_columns(_header(path, source_file), source_file)
    plain = set(plain)
    types = {
        n: (pa.string() if n in plain else pa.dictionary(pa.int32(), pa.string())) for n in names
    }
    try:
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1, block_size=1 << 23),
            # Blank lines become empty records (later rejected), not skipped: skipping them
            # would make every later row number wrong.
            parse_options=pacsv.ParseOptions(ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(
                column_types=types,
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                include_columns=[n for n in names if n in set(include)] if include else None,
            ),
        )
    except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
        row, column, reason = _locate_bad_record(path, names)
        raise DataError(source_file, row or None, column, reason) from exc
    rows = table.num_rows
    columns = [[name, col] for name, col in zip(table.column_names, table.columns, strict=True)]
    del table  # the columns list now holds the only references, released one by one below
    frame = _to_frame(columns, rows, strip)
    pending = _DEFERRED.pop(str(path), None)
    if pending is not None:  # sha256_soon: hash now, on a core the conversion no longer needs
        pending.start()
    pa.default_memory_pool().release_unused()
    frame["source_row"] = pd.RangeIndex(2, len(frame) + 2)
    return RawTable(source_file, frame, stripped=strip)


_ONE_CHUNK_LIMIT = 1 << 30  # bytes of text; beyond this a column stays in its read chunks


def _to_frame(columns: list[list], rows: int, strip: bool = False) -> pd.DataFrame:
    """``[name, arrow column]`` pairs to a frame, each arrow column released once converted.

    Dictionary columns become categoricals from their unified dictionary and concatenated
    indices (half the work of ``Table.to_pandas`` on a file read in hundreds of blocks); plain
    text columns are put in one chunk (the reader leaves one per block, and taking rows from
    hundreds of chunks costs several times what taking them from one does). Columns are
    converted on two threads for large files: Arrow and numpy release the GIL for this work."""

    def convert(i: int) -> pd.Series:
        col = columns[i][1]
        columns[i][1] = None
        if pa.types.is_dictionary(col.type):
            series = _categorical(col)
        else:
            one_chunk = col.num_chunks > 1 and col.nbytes < _ONE_CHUNK_LIMIT
            if one_chunk and pa.types.is_string(col.type):
                col = pa.chunked_array([col.combine_chunks()])
            series = col.to_pandas()
        return as_text(series) if strip else series

    names = [name for name, _ in columns]
    values = threaded_map(convert, range(len(columns)), rows)
    return pd.DataFrame(dict(zip(names, values, strict=True)), copy=False)


def _categorical(col: pa.ChunkedArray) -> pd.Series:
    """A dictionary column (no nulls: the reader turns empty cells into '') as a categorical."""
    if len(col) == 0:
        return pd.Series(pd.Categorical([], categories=pd.Index([], dtype="str")))
    unified = pa.Table.from_arrays([col], names=["c"]).unify_dictionaries().column(0)
    del col
    chunks = [c for c in unified.chunks if len(c)]
    categories = pd.Index(chunks[0].dictionary.to_pandas(), dtype="str")
    # Codes go straight into the smallest integer type pandas would pick (one pass, no copy).
    n = len(categories)
    codes = np.empty(len(unified), np.int8 if n < 2**7 else np.int16 if n < 2**15 else np.int32)
    at = 0
    for chunk in chunks:
        codes[at : at + len(chunk)] = chunk.indices.to_numpy(zero_copy_only=False)
        at += len(chunk)
    return pd.Series(pd.Categorical.from_codes(codes, categories=categories, validate=False))


def _cell_text(value: object) -> str:
    """Excel cells to the text a person sees; dates become ISO so the date parser reads them."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def frame_from_rows(header: list[str], rows: list[list[str]], source_file: str) -> pd.DataFrame:
    """Rows of text to a frame; a record wider than the header is an error, narrower is padded."""
    names = check_columns(header, source_file)
    width = len(names)
    fixed = []
    for i, row in enumerate(rows):
        if len(row) > width and any(str(c).strip() for c in row[width:]):
            raise DataError(source_file, i + 2, None, f"{len(row)} cells but {width} headers")
        fixed.append([*row[:width], *[""] * (width - len(row))])
    frame = (
        pd.DataFrame(fixed, columns=names, dtype="str")
        if fixed
        else pd.DataFrame({n: pd.Series([], dtype="str") for n in names})
    )
    frame["source_row"] = pd.RangeIndex(2, len(frame) + 2)
    return frame


def read_xlsx(path: str | Path, source_file: str) -> list[RawTable]:
    """Every non-empty sheet of a workbook (CAL exports put one schedule on each sheet)."""
    from openpyxl import load_workbook

    path = Path(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise DataError(source_file, None, None, f"not a readable .xlsx workbook ({exc})") from exc
    tables = []
    try:
        for sheet in book.worksheets:
            rows = [[_cell_text(v) for v in r] for r in sheet.iter_rows(values_only=True)]
            while rows and not any(c.strip() for c in rows[-1]):
                rows.pop()
            if not rows:
                continue
            name = f"{source_file} (sheet {sheet.title})"
            tables.append(RawTable(name, frame_from_rows(rows[0], rows[1:], name)))
    finally:
        book.close()
    return tables


def read_html_table(path: str | Path, source_file: str) -> RawTable:
    """The first table with a header row in an HTML page (the legacy ethics search export)."""
    import lxml.html

    path = Path(path)
    try:
        doc = lxml.html.parse(str(path))
    except (OSError, ValueError) as exc:
        raise DataError(source_file, None, None, f"not readable HTML ({exc})") from exc
    for table in doc.getroot().iter("table"):
        trs = list(table.iter("tr"))
        if not trs:
            continue
        header = [c.text_content() for c in trs[0] if c.tag in ("th", "td")]
        rows = [[c.text_content().strip() for c in tr if c.tag in ("th", "td")] for tr in trs[1:]]
        return RawTable(source_file, frame_from_rows(header, rows, source_file))
    raise DataError(source_file, None, None, "no <table> found in the HTML export")
