"""Memo rows: informational lines (e.g. the sub-vendor of a payment) that must not be summed.

They stay in the tables with ``memo = True`` and ``counts_in_totals = False``. A memo cell that is
neither blank/no nor a recognised yes-mark is rejected rather than guessed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.data.filings.canonical import distinct

YES = {"X", "Y", "YES", "TRUE", "T", "1", "M", "MEMO"}
NO = {"", "N", "NO", "FALSE", "F", "0"}


def parse_memo(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(is_memo, invalid) per row, decided once per distinct cell value."""
    ids, uniques = distinct(values)
    norm = [str(u).strip().upper() for u in uniques] + [""]
    is_memo = np.asarray([u in YES for u in norm], dtype=bool)
    invalid = np.asarray([u not in YES and u not in NO for u in norm], dtype=bool)
    ids = np.where(ids < 0, len(norm) - 1, ids)
    return is_memo[ids], invalid[ids]
