"""Adapter for California electronic-filing ("CAL") exports, as NetFile and others publish them.

A NetFile export is a workbook (or a folder of CSVs) with one sheet per schedule, and each kind of
sheet has its own columns: contributions (A, C, I, F496P3) use ``Tran_Date``/``Tran_Amt1``/
``Tran_NamL``; expenditures (D, E, G, F461P5, F465P3) ``Expn_Date``/``Amount``/``Payee_NamL``;
Form 496 ``Exp_Date``/``Amount``/``Expn_Dscr``; Form 497 ``Ctrib_Date``/``Amount``/``Enty_NamL``;
loans (B1, B2, H) ``Loan_Date1``/``Loan_Amt1``...; accrued expenses (F) ``Amt_Incur``; the Summary
sheet ``Line_Item``/``Amount_A``. Each layout below says which column holds which field, so every
sheet is read by its own columns (``LAYOUTS``).

The schedule is read from ``Form_Type``; when that cell is not a schedule code (real exports
that went through a spreadsheet program hold ``00:00:00`` where the letter ``A`` was), the
sheet's NetFile name (``A-Contributions``) says it. ``Report_Num`` is the amendment number
(000 = original). A filing is the committee + form family + reporting period; a 24-hour report
(496/497) without a period is identified by its ``Rpt_ID_Num`` or, failing that, its report date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from helpers.data.filings.canonical import CANONICAL, TEXT_COLUMNS, SourceFrame
from helpers.data.filings.identity import filer_identity
from helpers.data.filings.rules.schedules import form_family
from helpers.errors import DataError

REQUIRED = ["Filer_ID", "Filer_NamL", "Report_Num", "Form_Type"]
# Filing-level columns every CAL sheet shares.
COMMON = {
    "filer_id": "Filer_ID", "filer_name": "Filer_NamL", "amendment_raw": "Report_Num",
    "form": "Form_Type", "rec_type": "Rec_Type", "period_begin": "From_Date",
    "period_end": "Thru_Date", "report_date": "Rpt_Date", "election_date": "Elect_Date",
    "tran_id": "Tran_ID", "entity_cd": "Entity_Cd", "memo": "Memo_Code",
}  # fmt: skip
# Who the row names, when the layout has them (CAL spells the 496/497 district "Dist_No").
_TARGET = {
    "candidate_name": ("Cand_NamL", "Cand_NamF"), "office": "Office_Cd", "district": "Dist_No",
    "measure_name": "Bal_Name", "measure_number": "Bal_Num", "sup_opp": "Sup_Opp_Cd",
}  # fmt: skip


@dataclass(frozen=True)
class Layout:
    """One kind of CAL sheet: the columns that identify it and where each field is."""

    name: str
    signature: frozenset[str]
    fields: dict[str, str | tuple[str, str]] = field(default_factory=dict)
    schedule: str = ""  # forced schedule (the Summary sheet holds lines of every schedule)


LAYOUTS = [
    Layout(
        "summary",
        frozenset({"Line_Item", "Amount_A"}),
        {
            "tran_id": "Line_Item",
            "amount": "Amount_A",
        },
        schedule="SMRY",
    ),  # fmt: skip
    Layout(
        "loan",
        frozenset({"Loan_Amt1", "Lndr_NamL"}),
        {
            "name": ("Lndr_NamL", "Lndr_NamF"),
            "tran_date": "Loan_Date1",
            "amount": "Loan_Amt1",
            "amount_paid_forgiven": "Loan_Amt5",
            "amount_forgiven": "Loan_Amt6",
            "city": "Loan_City",
            "state": "Loan_ST",
            "zip": "Loan_Zip4",
            "occupation": "Loan_OCC",
            "employer": "Loan_EMP",
            "intermediary_name": ("B2Lender_Name-Inter_name", "Intr_NamF"),
            "intermediary_city": "Intr_City",
            "intermediary_state": "Intr_ST",
        },
    ),  # fmt: skip
    Layout(
        "accrued",
        frozenset({"Amt_Incur", "Amt_Paid"}),
        {
            "name": ("Payee_NamL", "Payee_NamF"),
            "amount": "Amt_Incur",
            "description": "Expn_Dscr",
            "expn_code": "Expn_Code",
            "city": "Payee_City",
            "state": "Payee_State",
            "zip": "Payee_Zip4",
        },
    ),  # fmt: skip
    Layout(
        "form496",
        frozenset({"Exp_Date", "Amount", "Sup_Opp_Cd"}),
        {
            "tran_date": "Exp_Date",
            "amount": "Amount",
            "description": "Expn_Dscr",
            "report_id": "Rpt_ID_Num",
            **_TARGET,
        },
    ),  # fmt: skip
    Layout(
        "form497",
        frozenset({"Ctrib_Date", "Amount", "Enty_NamL"}),
        {
            "name": ("Enty_NamL", "Enty_NamF"),
            "tran_date": "Ctrib_Date",
            "amount": "Amount",
            "city": "Enty_City",
            "state": "Enty_ST",
            "zip": "Enty_Zip4",
            "occupation": "Ctrib_Occ",
            "employer": "Ctrib_Emp",
            "report_id": "Rpt_ID_Num",
            **_TARGET,
        },
    ),  # fmt: skip
    Layout(
        "expense",
        frozenset({"Expn_Date", "Amount", "Payee_NamL"}),
        {
            "name": ("Payee_NamL", "Payee_NamF"),
            "tran_date": "Expn_Date",
            "amount": "Amount",
            "description": "Expn_Dscr",
            "expn_code": "Expn_Code",
            "city": "Payee_City",
            "state": "Payee_State",
            "zip": "Payee_Zip4",
            **_TARGET,
        },
    ),  # fmt: skip
    Layout(
        "receipt",
        frozenset({"Tran_Amt1", "Tran_Date"}),
        {
            "name": ("Tran_NamL", "Tran_NamF"),
            "tran_date": "Tran_Date",
            "amount": "Tran_Amt1",
            "description": "Tran_Dscr",
            "city": "Tran_City",
            "state": "Tran_State",
            "zip": "Tran_Zip4",
            "occupation": "Tran_Occ",
            "employer": "Tran_Emp",
            "intermediary_name": ("Intr_NamL", "Intr_NamF"),
            "intermediary_city": "Intr_City",
            "intermediary_state": "Intr_State",
            **_TARGET,
            "office": "tblDetlTran_Office_Cd",
        },
    ),  # fmt: skip
]
# Schedule codes Form_Type may hold (CAL forms and Form 460 schedules).
SCHEDULE_CODES = {
    "A", "B1", "B2", "B3", "C", "D", "E", "F", "G", "H", "H1", "H2", "H3", "I",
    "F496", "F496P3", "F497", "F497P1", "F497P2", "F461P5", "F465P3", "SMRY",
}  # fmt: skip
# NetFile sheet names: "A-Contributions", "F496P3-Contributions", "Summary", "496", "497".
_SHEET = re.compile(r"^(A|B1|B2|C|D|E|F|G|H|I|F496P3|F461P5|F465P3)-[A-Za-z]+$")
_SHEET_FORMS = {"496": "F496", "497": "F497", "SUMMARY": "SMRY"}
NO_SCHEDULE = ""  # the row's schedule could not be read: the cleaning step rejects it


def is_cal(columns: list[str]) -> bool:
    return {"Filer_ID", "Form_Type"} <= set(columns)


def layout_for(columns: list[str], source_file: str) -> Layout:
    """The layout whose signature columns the sheet has; an unknown sheet is an error."""
    present = set(columns)
    for layout in LAYOUTS:
        if layout.signature <= present:
            return layout
    raise DataError(
        source_file, 1, None,
        "CAL sheet with no known schedule layout: expected the columns of a contributions "
        "(Tran_Date, Tran_Amt1), expenditures (Expn_Date, Amount, Payee_NamL), Form 496 "
        "(Exp_Date, Amount, Sup_Opp_Cd), Form 497 (Ctrib_Date, Amount, Enty_NamL), loans "
        "(Loan_Amt1, Lndr_NamL), accrued expenses (Amt_Incur, Amt_Paid) or Summary "
        "(Line_Item, Amount_A) sheet",
    )  # fmt: skip


def sheet_schedule(source_file: str) -> str:
    """The schedule a NetFile sheet or file name stands for ('' when the name says nothing)."""
    m = re.search(r"\(sheet (.+)\)$", source_file)
    name = m.group(1) if m else re.sub(r"\.[A-Za-z]+$", "", source_file.rsplit("/", 1)[-1])
    name = name.strip()
    if name.upper() in _SHEET_FORMS:
        return _SHEET_FORMS[name.upper()]
    hit = _SHEET.match(name)
    return hit.group(1) if hit else ""


def _col(raw: pd.DataFrame, name: str) -> pd.Series:
    if name not in raw.columns:
        return pd.Series([""] * len(raw), dtype="str")
    return raw[name].astype("str").fillna("").str.strip().reset_index(drop=True)


def _last_first(last: pd.Series, first: pd.Series) -> pd.Series:
    """``Last, First`` like the L.A. City data; organisations have only a last name."""
    return (last + np.where(first != "", ", ", "") + first).str.strip().astype("str")


def _schedules(form: pd.Series, hint: str, forced: str) -> pd.Series:
    """Form_Type when it is a schedule code, else the sheet's name, else ``NO_SCHEDULE``."""
    if forced:
        return pd.Series([forced] * len(form), dtype="str")
    code = form.str.upper()
    known = code.isin(SCHEDULE_CODES)
    if hint:
        # The sheet names one schedule; a generic "F460" cell on it means that schedule.
        return code.where(known & (code != "F460"), hint).astype("str")
    return code.where(known, NO_SCHEDULE).astype("str")


def cal_rows(raw: pd.DataFrame, source_file: str) -> SourceFrame:
    """CAL rows of one sheet to canonical rows, read by the sheet's own layout."""
    for col in REQUIRED:
        if col not in raw.columns:
            raise DataError(source_file, 1, col, "required CAL column missing from the header")
    columns = [c for c in raw.columns if c != "source_row"]
    layout = layout_for(columns, source_file)
    n = len(raw)
    out: dict[str, pd.Series] = {}
    spelled: dict[str, str] = {}
    for canon in TEXT_COLUMNS:
        src = layout.fields.get(canon, COMMON.get(canon))
        if isinstance(src, tuple):
            out[canon] = _last_first(_col(raw, src[0]), _col(raw, src[1]))
            spelled[canon] = src[0]
        elif src:
            out[canon] = _col(raw, src)
            spelled[canon] = src
        else:
            out[canon] = pd.Series([""] * n, dtype="str")
    out["schedule"] = _schedules(out["form"], sheet_schedule(source_file), layout.schedule)
    spelled["schedule"] = "Form_Type"
    out["source_format"] = pd.Series(["cal"] * n, dtype="str")
    out["source_file"] = pd.Series([source_file] * n, dtype="str")
    out["source_row"] = pd.Series(raw["source_row"].to_numpy(dtype=np.int64))
    frame = pd.DataFrame(out, copy=False)
    frame["filer_key"] = filer_identity(frame["filer_id"], frame["filer_name"]).astype("str")
    family = frame["schedule"].map(form_family).astype("str")
    no_period = (frame["period_begin"] == "") & (frame["period_end"] == "")
    report = np.where(
        frame["report_id"] != "", "id " + frame["report_id"], "rpt " + frame["report_date"]
    )
    period = np.where(no_period, report, frame["period_begin"] + "|" + frame["period_end"])
    key = "CAL|" + frame["filer_key"] + "|F" + family + "|" + pd.Series(period, dtype="str")
    key = key.where(frame["filer_key"] != "", "")
    spelled.update(filing_key="Filer_ID", filer_key="Filer_ID")
    if "Filing_ID" in raw.columns:  # exports that carry the filing id (e.g. CAL-ACCESS)
        fid = _col(raw, "Filing_ID")
        key = ("CAL|" + fid).where(fid != "", "")
        spelled["filing_key"] = "Filing_ID"
    frame["filing_key"] = key.astype("str")
    return SourceFrame("cal", source_file, frame[CANONICAL], spelled)
