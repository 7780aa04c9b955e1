"""Normalise independent-expenditure support/oppose codes, or reject them with a reason.

Filers type ``S``, ``s``, ``S.``, ``Support``, ``O``, ``oppose`` and sometimes other letters. Case,
spaces and punctuation are normalised; anything that is not clearly one of the two (a blank, an
``X``, ``SO``) is rejected, because guessing would put money on the wrong side of a race.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from helpers.data.filings.canonical import distinct

SUPPORT = {"S", "SUP", "SUPP", "SUPPORT", "SUPPORTS", "SUPPORTING"}
OPPOSE = {"O", "OPP", "OPPOSE", "OPPOSES", "OPPOSING"}


def normalise_code(text: str) -> str | None:
    """``'support'``, ``'oppose'`` or ``None`` when the code cannot be read."""
    letters = re.sub(r"[^A-Za-z]", "", text or "").upper()
    if letters in SUPPORT:
        return "support"
    if letters in OPPOSE:
        return "oppose"
    return None


def normalise_series(codes: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(normalised values as object array with None, invalid mask), once per distinct code."""
    ids, uniques = distinct(codes)
    values = [normalise_code(str(u)) for u in uniques] + [None]
    invalid = np.asarray([v is None for v in values], dtype=bool)
    ids = np.where(ids < 0, len(values) - 1, ids)
    return np.asarray(values, dtype=object)[ids], invalid[ids]
