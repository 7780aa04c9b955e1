"""Normalised names for matching: the original spelling is always kept beside them.

Normalising only removes differences that never distinguish two entities: case, accents,
punctuation, repeated spaces and ``&`` versus ``AND``. It does not reorder words, drop suffixes or
match substrings; deciding that two different spellings are one committee is the reviewed
crosswalk's job (data/reference/crosswalk_*.csv), not an algorithm's.
"""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

from helpers.data.filings.canonical import map_distinct


def normalise_name(text: str | None) -> str:
    """``"Testfixture  Committee, Inc."`` -> ``"TESTFIXTURE COMMITTEE INC"``."""
    if not text:
        return ""
    s = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii")
    s = s.upper().replace("&", " AND ")
    s = re.sub(r"[^A-Z0-9]+", " ", s)
    return " ".join(s.split())


def normalise_series(values: pd.Series) -> pd.Series:
    """Normalise each distinct name once; returns a categorical aligned with ``values``."""
    return map_distinct(values, lambda v: normalise_name(str(v)))
