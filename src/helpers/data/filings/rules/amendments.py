"""Keep only the latest amendment of each filing: per filing, never per row.

An amendment restates the whole filing, so every row of an earlier version is superseded even
when the amendment dropped or changed that row. Deciding per row (e.g. by transaction id) would
resurrect transactions the filer withdrew.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from helpers.data.filings.canonical import distinct


def parse_amendment(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Amendment numbers as int32 (``000`` -> 0; at most six digits); second array marks
    unreadable cells."""
    ids, uniques = distinct(values)
    text = [str(u).strip() for u in uniques]
    ok = np.asarray([bool(re.fullmatch(r"[0-9]{1,6}", t)) for t in text] + [False], dtype=bool)
    nums = [int(t) if o else 0 for t, o in zip(text, ok, strict=False)] + [0]
    # The last entries answer the missing code -1: no pass to remap it.
    return np.asarray(nums, dtype=np.int32)[ids], ~ok[ids]


def superseded(filing: pd.Series, amendment: np.ndarray, eligible: np.ndarray) -> np.ndarray:
    """True for eligible rows whose filing has a later amendment among the eligible rows."""
    codes, _ = pd.factorize(filing)
    amend = np.where(eligible, amendment, -1)
    latest = pd.Series(amend).groupby(codes).transform("max").to_numpy()
    return eligible & (amendment < latest)
