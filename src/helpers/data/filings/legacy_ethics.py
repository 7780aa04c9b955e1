"""Adapter for the legacy ethics.lacity.org contribution search export (HTML table or CSV).

Header cells carry stray leading spaces (stripped by the reader). ``Last Name``/``First Name`` are
the candidate; the contributor is in the ``Contributor ...`` columns. The export has no form or
amendment number. Assumption, documented in docs/filings.md: a filing is the committee + period +
election date, and its versions are ordered by ``Doc ID`` (a later Doc ID restates the filing).
Schedule B rows are loans: ``Amount Rcvd`` net of ``Amount Pd``. ``Memo`` is free text ("This is
a loan"), kept as text; ``Int Name`` is the intermediary (ActBlue, Anedot), kept.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.data.filings.canonical import CANONICAL, SourceFrame
from helpers.data.filings.identity import filer_identity
from helpers.errors import DataError

LEGACY_COLUMNS = [
    "Last Name", "First Name", "Committee ID", "Committee Name", "Committee Type", "Office Type",
    "District Number", "Schedule", "Type", "Period Beg Date", "Period End Date", "Election Date",
    "Date", "Amount Rcvd", "Amount Pd", "Description", "Contributor First Name",
    "Contributor Last Name", "Contributor Address", "Contributor Address 2", "Contributor City",
    "Contributor State", "Contributor Zip Code", "Contributor Zip Code Ext", "Occupation",
    "Employer", "Int Name", "Int City", "Int State", "Int Zip Code", "Int Occupation",
    "Int Employer", "Memo", "Doc ID", "Rec ID",
]  # fmt: skip
LEGACY_MAP = {
    "filer_id": "Committee ID", "filer_name": "Committee Name", "schedule": "Schedule",
    "period_begin": "Period Beg Date", "period_end": "Period End Date",
    "election_date": "Election Date", "entity_cd": "Type", "city": "Contributor City",
    "state": "Contributor State", "occupation": "Occupation", "employer": "Employer",
    "tran_date": "Date", "amount": "Amount Rcvd", "amount_paid_forgiven": "Amount Pd",
    "description": "Description", "office": "Office Type", "district": "District Number",
    "memo_text": "Memo", "tran_id": "Rec ID", "intermediary_name": "Int Name",
    "intermediary_city": "Int City", "intermediary_state": "Int State",
}  # fmt: skip


def is_legacy(columns: list[str]) -> bool:
    return {"Doc ID", "Amount Rcvd", "Committee ID"} <= set(columns)


def _col(raw: pd.DataFrame, name: str) -> pd.Series:
    return raw[name].astype("str").fillna("").str.strip().reset_index(drop=True)


def _doc_rank(key: pd.Series, doc: pd.Series) -> pd.Series:
    """Version number of each Doc ID within its filing: 0 for the first, 1 for the next..."""
    numeric = doc.str.fullmatch(r"[0-9]+")
    order = pd.DataFrame(
        {"key": key, "doc": doc, "num": pd.to_numeric(doc.where(numeric), errors="coerce")}
    )
    ranks = pd.Series([""] * len(doc), dtype="str")
    ok = doc != ""
    if ok.any():
        # Numeric Doc IDs are ordered as numbers, so 'D10' style ids never outrank by spelling.
        sub = order[ok].assign(num=order["num"][ok].fillna(-1))
        dense = (
            sub.sort_values(["key", "num", "doc"])
            .groupby("key", sort=False)["doc"]
            .transform(lambda s: pd.factorize(s)[0])
        )
        ranks[dense.index] = dense.astype("int64").astype("str")
    return ranks


def legacy_rows(raw: pd.DataFrame, source_file: str) -> SourceFrame:
    """Legacy export rows to canonical rows."""
    for col in LEGACY_COLUMNS:
        if col not in raw.columns:
            raise DataError(source_file, 1, col, "required column missing from the legacy export")
    out = {c: _col(raw, src) for c, src in LEGACY_MAP.items()}
    n = len(raw)
    out["source_format"] = pd.Series(["legacy_ethics"] * n, dtype="str")
    out["source_file"] = pd.Series([source_file] * n, dtype="str")
    out["source_row"] = pd.Series(raw["source_row"].to_numpy(dtype=np.int64))
    for c in ("form", "rec_type", "report_date", "sup_opp", "memo", "report_id",
              "amount_forgiven", "expn_code", "measure_name", "measure_number"):  # fmt: skip
        out[c] = pd.Series([""] * n, dtype="str")
    last, first = _col(raw, "Contributor Last Name"), _col(raw, "Contributor First Name")
    out["name"] = (last + np.where(first != "", ", ", "") + first).astype("str")
    clast, cfirst = _col(raw, "Last Name"), _col(raw, "First Name")
    out["candidate_name"] = (clast + np.where(cfirst != "", ", ", "") + cfirst).astype("str")
    zip5, ext = _col(raw, "Contributor Zip Code"), _col(raw, "Contributor Zip Code Ext")
    out["zip"] = (zip5 + np.where(ext != "", "-", "") + ext).astype("str")
    frame = pd.DataFrame(out, copy=False)
    frame["filer_key"] = filer_identity(frame["filer_id"], frame["filer_name"]).astype("str")
    key = ("LEG|" + frame["filer_key"] + "|" + frame["period_begin"] + "|" + frame["period_end"]
           + "|" + frame["election_date"])  # fmt: skip
    frame["filing_key"] = key.where(frame["filer_key"] != "", "").astype("str")
    frame["amendment_raw"] = _doc_rank(frame["filing_key"], _col(raw, "Doc ID"))
    columns = {
        **LEGACY_MAP, "filing_key": "Committee ID", "filer_key": "Committee ID",
        "amendment_raw": "Doc ID",
        "name": "Contributor Last Name", "candidate_name": "Last Name",
        "zip": "Contributor Zip Code",
    }  # fmt: skip
    return SourceFrame("legacy_ethics", source_file, frame[CANONICAL], columns)
