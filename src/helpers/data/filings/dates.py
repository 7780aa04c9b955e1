"""Strict date parsing: read the date shapes filings use; reject impossible dates, never guess.

Accepted: ISO ``2024-02-23`` (optionally followed by a time, as Socrata's floating timestamps
``2024-02-23T00:00:00.000`` are), and U.S. ``2/23/2024`` or ``02/23/24`` (optionally followed by a
time). Two-digit years use the POSIX pivot that Python's ``%y`` uses: 00-68 are 2000-2068 and
69-99 are 1969-1999. Month 13, February 30 and the like are rejected, as are years before 1900.
An empty cell is *missing* (``None``), which is different from invalid.

Workbooks may store a date as an Excel serial number (days since 1899-12-30, Excel's 1900 date
system), which reaches us as text such as ``42735`` when the cell was not formatted as a date.
A five-digit whole number (``10000``-``99999``, May 18, 1927 to 2173) is read as such a serial:
no other date shape is five bare digits, and no plausible filing date falls outside that range.
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from helpers.data.filings.canonical import code_dtype, distinct, text_array

_TIME = r"(?:[T ][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?(?: ?[AaPp][Mm])?)?"
ISO = rf"^(?P<y>[0-9]{{4}})-(?P<m>[0-9]{{1,2}})-(?P<d>[0-9]{{1,2}}){_TIME}$"
US = rf"^(?P<m>[0-9]{{1,2}})/(?P<d>[0-9]{{1,2}})/(?P<y>[0-9]{{4}}|[0-9]{{2}}){_TIME}$"
SERIAL = r"^(?P<n>[1-9][0-9]{4})(?:\.0+)?$"
EXCEL_EPOCH = dt.date(1899, 12, 30)
_RE_SERIAL = re.compile(SERIAL)
_RE_ISO = re.compile(ISO)
_RE_US = re.compile(US)
MIN_YEAR = 1900
PIVOT = 69  # two-digit years below this are 20xx, the rest 19xx (POSIX / Python %y)


def expand_year(year: int, digits: int) -> int:
    """Four-digit years pass through; two-digit years follow the documented pivot."""
    if digits == 4:
        return year
    return 2000 + year if year < PIVOT else 1900 + year


def parse_date(text: str | None) -> dt.date | None:
    """One cell to a date; ``None`` if empty; ``ValueError`` if unreadable or impossible."""
    if text is None:
        return None
    s = text.strip()
    if s == "":
        return None
    serial = _RE_SERIAL.fullmatch(s)
    if serial:
        return EXCEL_EPOCH + dt.timedelta(days=int(serial["n"]))
    m = _RE_ISO.fullmatch(s) or _RE_US.fullmatch(s)
    if m is None:
        raise ValueError(f"unreadable date {text!r}")
    year = expand_year(int(m["y"]), len(m["y"]))
    if year < MIN_YEAR:
        raise ValueError(f"impossible date {text!r} (year before {MIN_YEAR})")
    try:
        return dt.date(year, int(m["m"]), int(m["d"]))
    except ValueError:
        raise ValueError(f"impossible date {text!r}") from None


def _fields(s: pa.Array, pattern: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    parts = pc.extract_regex(s, pattern)
    ok = pc.fill_null(pc.is_valid(parts), False).to_numpy(zero_copy_only=False)
    out = []
    for name in ("y", "m", "d"):
        field = pc.struct_field(parts, name)
        out.append(field)
    ytext = pc.fill_null(out[0], "0")
    ylen = pc.utf8_length(ytext).to_numpy(zero_copy_only=False)
    nums = [
        pc.cast(
            pc.if_else(pc.equal(pc.fill_null(f, ""), ""), "0", pc.fill_null(f, "0")), pa.int64()
        ).to_numpy(zero_copy_only=False)
        for f in out
    ]
    year = np.where(ylen == 2, np.where(nums[0] < PIVOT, 2000 + nums[0], 1900 + nums[0]), nums[0])
    return ok, year, nums[1], nums[2]


def parse_date_array(values: pa.Array) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Vectorised ``parse_date``: (datetime64[s] with NaT, is_missing, is_invalid)."""
    s = pc.fill_null(pc.utf8_trim_whitespace(values.cast(pa.string())), "")
    missing = pc.equal(s, "").to_numpy(zero_copy_only=False)
    ok_iso, y1, m1, d1 = _fields(s, ISO)
    ok_us, y2, m2, d2 = _fields(s, US)
    matched = ok_iso | ok_us
    year = np.where(ok_iso, y1, y2)
    month = np.where(ok_iso, m1, m2)
    day = np.where(ok_iso, d1, d2)
    good = matched & (year >= MIN_YEAR) & (year <= 9999) & (month >= 1) & (month <= 12) & (day >= 1)
    safe_y = np.where(good, year, 1970)
    safe_m = np.where(good, month, 1)
    month_start = ((safe_y - 1970) * 12 + (safe_m - 1)).astype("datetime64[M]")
    days_in_month = (month_start + 1).astype("datetime64[D]") - month_start.astype("datetime64[D]")
    good &= day <= days_in_month.astype(np.int64)
    safe_d = np.where(good, day, 1)
    dates = month_start.astype("datetime64[D]") + (safe_d - 1).astype("timedelta64[D]")
    serial_parts = pc.extract_regex(s, SERIAL)
    is_serial = pc.fill_null(pc.is_valid(serial_parts), False).to_numpy(zero_copy_only=False)
    if is_serial.any():
        n = pc.cast(pc.fill_null(pc.struct_field(serial_parts, "n"), "0"), pa.int64()).to_numpy(
            zero_copy_only=False
        )
        epoch = np.datetime64(EXCEL_EPOCH.isoformat(), "D")
        dates = np.where(is_serial, epoch + n.astype("timedelta64[D]"), dates)
        good = good | is_serial
    dates = dates.astype("datetime64[s]")
    dates[~good] = np.datetime64("NaT")
    invalid = ~good & ~missing
    return dates, missing, invalid


class CodedDates:
    """Dates kept as (per-row code, per-distinct date): a column of 4 million transaction dates
    has a few thousand distinct values, so this is ~4x smaller than datetime64 per row."""

    def __init__(self, series: pd.Series):
        codes, uniques = distinct(series)
        arr = text_array(uniques, "")
        self.values, missing, invalid = parse_date_array(arr)
        small = np.int16 if len(arr) < 2**15 else np.int32
        self.codes = np.where(codes < 0, len(arr) - 1, codes).astype(small)
        self._missing, self._invalid = missing, invalid

    @property
    def missing(self) -> np.ndarray:
        return self._missing[self.codes]

    @property
    def invalid(self) -> np.ndarray:
        if not self._invalid.any():  # the usual case: no pass over the rows
            return np.zeros(len(self.codes), dtype=bool)
        return self._invalid[self.codes]

    def at(self, positions: np.ndarray) -> np.ndarray:
        """datetime64[s] (NaT where missing or invalid) for the given rows."""
        return self.values[self.codes[positions]]

    def categorical_at(self, positions: np.ndarray) -> pd.Series:
        """The dates at ``positions`` as a categorical (small codes; the writer makes them
        plain datetimes). Keeps the in-memory tables of the full history small."""
        valid = ~np.isnat(self.values)
        cats = pd.DatetimeIndex(np.unique(self.values[valid]))
        lookup = np.full(len(self.values), -1, dtype=code_dtype(len(cats)))
        lookup[valid] = cats.get_indexer(self.values[valid])
        codes = lookup[self.codes[positions]]
        return pd.Series(
            pd.Categorical.from_codes(codes, categories=cats, validate=False), copy=False
        )

    def full(self) -> np.ndarray:
        return self.values[self.codes]
