"""Who filed a row: the committee's id, or its name when it filed without one.

Real exports hold committees that have no id yet (NetFile writes ``Pending``; the L.A. City
portal leaves ``cmt_id`` empty). Their money is real, so such a row is not rejected: the
committee is known by its normalised name instead (``name:RE ELECT MAYOR JESSE ARREGUIN 2020``).
Only a row with neither an id nor a name cannot be tied to a committee.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.data.filings.canonical import _first_rows, group_codes, text_at
from helpers.data.filings.names import normalise_name

NO_ID = {"", "PENDING", "N/A", "NONE"}


def identity(filer_id: str, filer_name: str) -> str:
    """The identity of one (id, name) pair; '' when there is neither."""
    fid = (filer_id or "").strip()
    if fid.upper() not in NO_ID:
        return fid
    name = normalise_name(filer_name)
    return f"name:{name}" if name else ""


def filer_identity(filer_id: pd.Series, filer_name: pd.Series) -> pd.Series:
    """``identity`` per row, computed once per distinct (id, name) pair; a categorical."""
    if len(filer_id) == 0:
        return pd.Series(pd.Categorical([], categories=pd.Index([], dtype="str")))
    codes = group_codes([filer_id, filer_name])
    firsts = _first_rows(codes)
    ids = text_at(filer_id, firsts).to_pylist()
    names = text_at(filer_name, firsts).to_pylist()
    keys = [identity(i, n) for i, n in zip(ids, names, strict=True)]
    key_codes, uniques = pd.factorize(pd.Index(keys, dtype="str"))
    return pd.Series(
        pd.Categorical.from_codes(
            key_codes[codes].astype(np.int32), categories=pd.Index(uniques, dtype="str")
        )
    )
