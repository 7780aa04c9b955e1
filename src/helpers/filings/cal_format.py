"""Adapter for California electronic-filing ("CAL") exports, as NetFile and others publish them.

One sheet or CSV per schedule (A, C, D, E, F, I, 496, 497, F496P3, Summary), all sharing the CAL
column names. ``Report_Num`` is the amendment number (000 = original). Exports do not always carry
a filing id: when a ``Filing_ID`` column is present it identifies the filing; otherwise a filing is
the filer + form family + reporting period (or, for 24-hour reports without a period, the report
date). Independent expenditures are Form 496 rows and Schedule D rows with a support/oppose code.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.errors import DataError
from helpers.filings.canonical import CANONICAL, SourceFrame
from helpers.filings.rules.schedules import form_family

REQUIRED = ["Filer_ID", "Filer_NamL", "Report_Num", "Form_Type", "Rec_Type"]
CAL_MAP = {
    "filer_id": "Filer_ID", "filer_name": "Filer_NamL", "amendment_raw": "Report_Num",
    "form": "Form_Type", "schedule": "Form_Type", "rec_type": "Rec_Type",
    "period_begin": "From_Date", "period_end": "Thru_Date", "report_date": "Rpt_Date",
    "election_date": "Elect_Date", "tran_id": "Tran_ID", "entity_cd": "Entity_Cd",
    "city": "Tran_City", "state": "Tran_State", "zip": "Tran_Zip4", "occupation": "Tran_Occ",
    "employer": "Tran_Emp", "tran_date": "Tran_Date", "amount": "Tran_Amt1",
    "description": "Tran_Dscr", "office": "Office_Cd", "district": "Dist_No",
    "sup_opp": "Sup_Opp_Cd", "memo": "Memo_Code",
}  # fmt: skip


def is_cal(columns: list[str]) -> bool:
    return {"Filer_ID", "Form_Type"} <= set(columns)


def _col(raw: pd.DataFrame, name: str) -> pd.Series:
    if name not in raw.columns:
        return pd.Series([""] * len(raw), dtype="str")
    return raw[name].astype("str").fillna("").str.strip().reset_index(drop=True)


def _last_first(last: pd.Series, first: pd.Series) -> pd.Series:
    """``Last, First`` like the L.A. City data; organisations have only a last name."""
    return (last + np.where(first != "", ", ", "") + first).str.strip().astype("str")


def cal_rows(raw: pd.DataFrame, source_file: str) -> SourceFrame:
    """CAL rows (any schedule) to canonical rows."""
    for col in REQUIRED:
        if col not in raw.columns:
            raise DataError(source_file, 1, col, "required CAL column missing from the header")
    out = {c: _col(raw, src) for c, src in CAL_MAP.items()}
    n = len(raw)
    out["source_format"] = pd.Series(["cal"] * n, dtype="str")
    out["source_file"] = pd.Series([source_file] * n, dtype="str")
    out["source_row"] = pd.Series(raw["source_row"].to_numpy(dtype=np.int64))
    out["name"] = _last_first(_col(raw, "Tran_NamL"), _col(raw, "Tran_NamF"))
    out["candidate_name"] = _last_first(_col(raw, "Cand_NamL"), _col(raw, "Cand_NamF"))
    out["amount_paid_forgiven"] = pd.Series([""] * n, dtype="str")
    frame = pd.DataFrame(out, copy=False)
    family = frame["form"].map(form_family).astype("str")
    if "Filing_ID" in raw.columns:
        fid = _col(raw, "Filing_ID")
        key = "CAL|" + fid
        key = key.where(fid != "", "")
        key_col = "Filing_ID"
    else:
        no_period = (frame["period_begin"] == "") & (frame["period_end"] == "")
        period = np.where(
            no_period,
            "rpt " + frame["report_date"],
            frame["period_begin"] + "|" + frame["period_end"],
        )
        key = "CAL|" + frame["filer_id"] + "|F" + family + "|" + pd.Series(period, dtype="str")
        key = key.where(frame["filer_id"] != "", "")
        key_col = "Filer_ID"
    frame["filing_key"] = key.astype("str")
    columns = {**CAL_MAP, "filing_key": key_col, "name": "Tran_NamL", "candidate_name": "Cand_NamL"}
    return SourceFrame("cal", source_file, frame[CANONICAL], columns)
