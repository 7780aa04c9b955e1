"""The one frame every adapter produces, so the cleaning rules never care where a row came from.

Adapters rename their source columns onto these names and record which source column each came
from (``SourceFrame.columns``), so a quarantined cell is reported under the name the file uses.
Text columns may be categorical (large Socrata files) or plain ``str`` (small exports).
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pandas.api.types import union_categoricals

TEXT_COLUMNS = [
    "filer_id",  # committee id as the source spells it
    "filer_name",  # committee name as filed
    "filer_key",  # committee identity: its id, or its name when filed without one
    "filing_key",  # identifies one filing across its amendments
    "report_id",  # 24-hour report number (CAL Rpt_ID_Num), when the source has one
    "amendment_raw",  # amendment number as text (0 = original)
    "form",  # form as filed (CA460, F496, A, ...)
    "schedule",  # schedule as filed (A, B1, C, I, D, ...)
    "rec_type",  # CAL record type (RCPT, EXPN, ...)
    "period_begin",
    "period_end",
    "report_date",
    "election_date",
    "tran_id",
    "entity_cd",
    "name",  # contributor or payee, original spelling
    "city",
    "state",
    "zip",
    "occupation",
    "employer",
    "tran_date",
    "amount",
    "amount_paid_forgiven",  # loans: amount repaid this period
    "amount_forgiven",  # loans: amount forgiven this period (CAL B1 keeps it apart)
    "description",
    "expn_code",  # CAL expenditure code (IND = independent expenditure, MON, IKD, ...)
    "candidate_name",
    "office",
    "district",
    "measure_name",  # ballot measure an IE or contribution is for (CAL Bal_Name)
    "measure_number",
    "sup_opp",
    "memo",  # memo code (CAL Memo_Code: X marks a memo line)
    "memo_text",  # free-text memo (L.A. City sources): text, never a code
    "intermediary_name",  # who passed the money on (ActBlue, Anedot, a committee)
    "intermediary_city",
    "intermediary_state",
]
CANONICAL = ["source_format", "source_file", "source_row", *TEXT_COLUMNS]


@dataclass
class SourceFrame:
    """Canonical rows from one file or sheet, plus the source spelling of each canonical column."""

    source_format: str
    source_file: str
    frame: pd.DataFrame
    columns: dict[str, str] = field(default_factory=dict)


THREADED_ROWS = 1_000_000  # below this, threads cost more than they save
THREADS = max(1, min(4, os.cpu_count() or 1))


def threaded_map(func, items, rows: int) -> list:
    """``[func(x) for x in items]``, on up to four threads when ``rows`` is large.

    Only for work that Arrow or numpy do with the GIL released (column conversions, taking rows
    from columns); results come back in order, so outputs do not depend on the thread count."""
    items = list(items)
    if rows < THREADED_ROWS or THREADS == 1 or len(items) < 2:
        return [func(x) for x in items]
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        return list(pool.map(func, items))


def empty_text(n: int) -> pd.Series:
    """A column of empty strings for sources that lack a field (kept as one category)."""
    return pd.Series(
        pd.Categorical.from_codes(np.zeros(n, dtype=np.int8), categories=[""], validate=False),
        copy=False,
    )


def as_text(series: pd.Series) -> pd.Series:
    """Stripped text; categoricals are stripped per category, not per row."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        cats = pd.Index(series.cat.categories.astype("str").str.strip())
        if cats.has_duplicates:
            return series.astype("str").str.strip().astype("category")
        # The same codes under the stripped names (``rename_categories`` would copy them).
        dtype = pd.CategoricalDtype(cats, ordered=series.cat.ordered)
        renamed = pd.Categorical.from_codes(codes_of(series), dtype=dtype, validate=False)
        return pd.Series(renamed, index=series.index, copy=False)
    return series.astype("str").fillna("").str.strip()


def codes_of(series: pd.Series) -> np.ndarray:
    """A categorical's codes, read-only and without the copy ``.cat.codes`` makes."""
    return series.array.codes


def code_dtype(n: int) -> type:
    """The smallest signed integer type for category codes of ``n`` categories (and -1)."""
    return np.int8 if n < 2**7 else np.int16 if n < 2**15 else np.int32


def is_in(series: pd.Series, values: list[str]) -> np.ndarray:
    """Rows whose value is one of ``values``; on a categorical, decided once per category."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        hit = np.append(series.cat.categories.isin(values), False)  # code -1 (missing) last
        return hit[codes_of(series)]
    return series.isin(values).to_numpy(dtype=bool)


def distinct(series: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """(codes, distinct values) like ``pd.factorize``; free for categoricals (codes exist)."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        return codes_of(series), series.cat.categories
    return pd.factorize(series)


def text_array(values: pd.Index, last: str | None = None) -> pa.Array:
    """Distinct text values as an Arrow string array, ``last`` appended (zero-copy for the
    Arrow-backed text of pandas 3: a Python list of 170,000 amounts costs 0.1 s)."""
    if isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow":
        out = pa.array(values.array)
        if isinstance(out, pa.ChunkedArray):  # an empty or multi-chunk column
            out = out.combine_chunks()
        out = out.cast(pa.string())
    else:
        out = pa.array(np.asarray(values, dtype=object).tolist(), type=pa.string())
    return out if last is None else pa.concat_arrays([out, pa.array([last], pa.string())])


def _bitmap_fits(space: int, rows: int) -> bool:
    return space <= max(2 * rows + 1024, 1 << 24)


def _dense(key: np.ndarray, space: int) -> np.ndarray:
    """Renumber non-negative keys below ``space`` as 0..k-1 (cheap when space is small: then
    the ids keep the order of the keys). The lookup table is written only where keys occur, so
    a sparse key space costs memory only for the pages it touches."""
    if _bitmap_fits(space, len(key)):
        present = np.zeros(space, dtype=bool)
        present[key] = True
        keys = np.flatnonzero(present)
        del present
        lookup = np.empty(space, dtype=np.int32 if len(keys) < 2**31 else np.int64)
        lookup[keys] = np.arange(len(keys), dtype=lookup.dtype)
        return lookup[key]
    return pd.factorize(key)[0]


def group_codes(columns: list[pd.Series]) -> np.ndarray:
    """Dense group ids 0..k-1 for the row-wise combinations of ``columns``.

    Codes are combined in mixed radix; whenever the next column would make the key space too
    large to renumber with a bitmap, the combination so far is renumbered first (its distinct
    values are few: committees x forms x periods), so most calls hash nothing at all. Ids are
    dense but not in order of first appearance.
    """
    coded = [distinct(series) for series in columns]
    total = 1
    for _, uniques in coded:
        total *= len(uniques) + 1
    # A small key space is combined in 32-bit integers (half the memory traffic).
    wide = np.int32 if total < 2**31 else np.int64
    combined, space = None, 1
    for codes, uniques in coded:
        radix = len(uniques) + 1
        if combined is None:
            combined, space = codes.astype(wide), radix
            combined += 1  # -1 (missing) becomes 0
            continue
        too_big = space * radix >= 2**62 or not _bitmap_fits(space * radix, len(combined))
        if space > 1 and too_big:
            combined = _dense(combined, space).astype(wide, copy=False)
            space = int(combined.max()) + 1 if len(combined) else 1
        combined *= radix
        combined += codes
        combined += 1
        space *= radix
    if combined is None:
        return np.zeros(0, np.int64)
    return _dense(combined, space)  # int32 ids (int64 beyond 2**31 groups)


def text_at(series: pd.Series, positions: np.ndarray) -> pa.Array:
    """The text of ``series`` at ``positions`` as an arrow array, without a per-row Python pass."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        cats = pa.array(series.cat.categories.astype("str").to_numpy(dtype=object), pa.string())
        codes = codes_of(series)[positions]
        return pc.fill_null(pc.take(cats, pa.array(codes, mask=codes < 0)), "")
    return pc.fill_null(pa.array(series.iloc[positions].to_numpy(dtype=object), pa.string()), "")


def take(series: pd.Series, positions: np.ndarray) -> pd.Series:
    """Rows at ``positions``; categoricals stay categorical (no strings are materialised)."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        codes = codes_of(series)[positions]
        return pd.Series(
            pd.Categorical.from_codes(codes, dtype=series.dtype, validate=False), copy=False
        )
    return series.iloc[positions].reset_index(drop=True)


def join_key(frame: pd.DataFrame, columns: list[str], prefix: str) -> pd.Series:
    """``prefix|a|b|c`` per row, built once per distinct combination (a categorical)."""
    if len(frame) == 0:
        return pd.Series(pd.Categorical([]), dtype="category")
    codes = group_codes([frame[c] for c in columns])
    firsts = _first_rows(codes)
    parts = [pa.array([prefix] * len(firsts), pa.string())]
    parts += [text_at(frame[col], firsts) for col in columns]
    keys = pd.Index(pd.array(pc.binary_join_element_wise(*parts, "|"), dtype="str"))
    if keys.is_unique:
        return pd.Series(
            pd.Categorical.from_codes(codes, categories=keys, validate=False), copy=False
        )
    return pd.Series(keys.to_numpy(dtype=object)[codes], dtype="str").astype("category")


def _first_rows(codes: np.ndarray) -> np.ndarray:
    """Position of the first row of each group id 0..k-1."""
    n = len(codes)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    first = np.full(int(codes.max()) + 1, n, dtype=np.int64)
    # Growing blocks from the top: most groups show up early, and once every group has been
    # seen no later row can be a first one, so the rest of the rows are not read.
    start, step = 0, 1 << 16
    while start < n:
        stop = min(start + step, n)
        np.minimum.at(first, codes[start:stop], np.arange(start, stop, dtype=np.int64))
        if first.max() < n:
            break
        start, step = stop, step * 4
    return first


def concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate canonical frames, keeping categoricals categorical (memory on big files)."""
    if len(frames) == 1:
        return frames[0].reset_index(drop=True)
    if not frames:
        return pd.DataFrame({c: pd.Series([], dtype="str") for c in CANONICAL}).assign(
            source_row=pd.Series([], dtype="int64")
        )
    out = {}
    for col in frames[0].columns:
        parts = [f[col] for f in frames]
        if all(isinstance(p.dtype, pd.CategoricalDtype) for p in parts):
            out[col] = pd.Series(union_categoricals(parts, ignore_order=True))
        elif col == "source_row":
            out[col] = pd.Series(np.concatenate([p.to_numpy(dtype=np.int64) for p in parts]))
        else:
            out[col] = pd.Series(
                np.concatenate([p.astype("str").to_numpy(dtype=object) for p in parts]),
                dtype="str",
            )
    return pd.DataFrame(out, copy=False)


def map_distinct(series: pd.Series, func) -> pd.Series:
    """``func`` applied once per distinct value; a categorical (missing where func gives None)."""
    codes, uniques = distinct(series)
    values = [func(u) for u in uniques]
    cats = sorted({v for v in values if v is not None})
    pos = {c: i for i, c in enumerate(cats)}
    small = code_dtype(len(cats))
    # The last entry (-1) answers the missing code -1: no pass to remap it.
    lookup = np.asarray([pos.get(v, -1) if v is not None else -1 for v in values] + [-1], small)
    return pd.Series(
        pd.Categorical.from_codes(
            lookup[codes], categories=pd.Index(cats, dtype="str"), validate=False
        ),
        index=series.index,
    )
