"""Strict money parsing: accept the ways filings write dollars, reject everything else.

Accepted: ``1234.56``, ``$1,234.56``, ``-500``, ``$-500``, ``-$500``, ``(500.00)``, ``$(500)``,
``($500)``, ``.50``. Commas must group thousands correctly and at most two non-zero decimals are
allowed, so a typo such as ``1,23.4`` or ``12.345`` is rejected rather than guessed. An empty cell
is *missing* (``None``), which is different from invalid. Amounts are exact integer cents. More
than 13 digits before the point (ten trillion dollars) is rejected as too large: no filing holds
such an amount, and beyond it int64 cents overflow and float64 dollars lose the cents.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from helpers.data.filings.canonical import distinct, text_array

_NUM = r"(?:(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]{0,2}0*)?|\.[0-9]{1,2}0*)"
POSITIVE = rf"^\$?{_NUM}$"
NEGATIVE_MINUS = rf"^(?:-\$?|\$-){_NUM}$"
NEGATIVE_PAREN = rf"^(?:\(\$?{_NUM}\)|\$\({_NUM}\))$"
_RE_POS = re.compile(POSITIVE)
_RE_MINUS = re.compile(NEGATIVE_MINUS)
_RE_PAREN = re.compile(NEGATIVE_PAREN)
MAX_WHOLE_DIGITS = 13


def _digits_to_cents(digits: str) -> int:
    whole, _, frac = digits.partition(".")
    frac = (frac.rstrip("0") if len(frac) > 2 else frac).ljust(2, "0")
    return int(whole or "0") * 100 + int(frac)


def parse_money(text: str | None) -> int | None:
    """One cell to integer cents; ``None`` for an empty cell; ``ValueError`` if unreadable."""
    if text is None:
        return None
    s = text.strip()
    if s == "":
        return None
    if _RE_POS.fullmatch(s):
        sign = 1
    elif _RE_MINUS.fullmatch(s) or _RE_PAREN.fullmatch(s):
        sign = -1
    else:
        raise ValueError(f"unreadable amount {text!r}")
    digits = re.sub(r"[$,()\-]", "", s)
    if len(digits.partition(".")[0].lstrip("0")) > MAX_WHOLE_DIGITS:
        raise ValueError(f"amount {text!r} is too large (over {MAX_WHOLE_DIGITS} digits)")
    return sign * _digits_to_cents(digits)


def parse_money_array(values: pa.Array) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Vectorised ``parse_money``: (cents as int64, is_missing, is_invalid) for a string array."""
    s = pc.utf8_trim_whitespace(values.cast(pa.string()))
    s = pc.fill_null(s, "")
    missing = pc.equal(s, "")
    pos = pc.match_substring_regex(s, POSITIVE)
    neg = pc.or_(
        pc.match_substring_regex(s, NEGATIVE_MINUS), pc.match_substring_regex(s, NEGATIVE_PAREN)
    )
    valid = pc.or_(pos, neg)
    digits = pc.replace_substring_regex(s, r"[$,()\-]", "")
    digits = pc.if_else(valid, digits, "0")
    # Split whole and fraction so cents stay exact (no float rounding on large amounts).
    parts = pc.extract_regex(digits, r"^(?P<whole>\d*)(?:\.(?P<frac>\d*))?$")
    whole = pc.fill_null(pc.struct_field(parts, "whole"), "0")
    whole = pc.if_else(pc.equal(whole, ""), "0", whole)
    too_large = pc.greater(pc.utf8_length(pc.utf8_ltrim(whole, "0")), MAX_WHOLE_DIGITS)
    whole = pc.if_else(too_large, "0", whole)  # would overflow int64 cents: rejected below
    valid = pc.and_(valid, pc.invert(too_large))
    frac = pc.fill_null(pc.struct_field(parts, "frac"), "")
    frac = pc.utf8_slice_codeunits(pc.utf8_rpad(frac, 2, "0"), 0, 2)
    cents = pc.add(
        pc.multiply(pc.cast(whole, pa.int64()), 100), pc.cast(frac, pa.int64())
    ).to_numpy(zero_copy_only=False)
    negative = neg.to_numpy(zero_copy_only=False)
    cents = np.where(negative, -cents, cents).astype(np.int64)
    is_missing = missing.to_numpy(zero_copy_only=False)
    is_invalid = ~valid.to_numpy(zero_copy_only=False) & ~is_missing
    cents[is_missing | is_invalid] = 0
    return cents, is_missing, is_invalid


def parse_money_series(series: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Parse each distinct value once (filings repeat amounts), then spread back to the rows."""
    m = CodedMoney(series)
    return m.cents, m.missing, m.invalid


class CodedMoney:
    """Amounts kept as (per-row code, per-distinct cents / missing / invalid): each distinct
    cell is parsed once, and a per-row array is made only when asked for (a column that is
    empty in every row, or holds no unreadable amount, costs no pass over the rows)."""

    def __init__(self, series: pd.Series):
        self.codes, uniques = distinct(series)
        # The appended "" is last, so the missing code -1 reads it without a remapping pass.
        self.values, self._missing, self._invalid = parse_money_array(text_array(uniques, ""))

    @property
    def cents(self) -> np.ndarray:
        """Cents per row (0 where missing or unreadable)."""
        return self.values[self.codes]

    @property
    def missing(self) -> np.ndarray:
        if self._missing.all():
            return np.ones(len(self.codes), dtype=bool)
        return self._missing[self.codes]

    @property
    def invalid(self) -> np.ndarray:
        if not self._invalid.any():
            return np.zeros(len(self.codes), dtype=bool)
        return self._invalid[self.codes]


def sum_present(parts: list[CodedMoney]) -> tuple[np.ndarray, np.ndarray]:
    """(cents per row summed over ``parts``, missing cells counting 0; rows where every part is
    missing). A part that is empty in every row adds no pass over the rows."""
    n = len(parts[0].codes)
    total, missing = None, None
    for part in parts:
        present = np.where(part._missing, 0, part.values)  # per distinct value
        if present.any():
            rows = present[part.codes]
            total = rows if total is None else total + rows
        if not part._missing.all():
            rows = part._missing[part.codes]
            missing = rows if missing is None else missing & rows
    total = np.zeros(n, dtype=np.int64) if total is None else total
    return total, np.ones(n, dtype=bool) if missing is None else missing
