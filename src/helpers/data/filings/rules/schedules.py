"""What a row is, from its form and schedule: contribution, loan, IE, expenditure or other.

Schedule I (miscellaneous increases to cash) is not a contribution; Schedule F (accrued
expenses) and summary lines are not transactions; Schedule G repeats, by sub-vendor, money
already paid on Schedule E; Schedule D lists both independent expenditures and contributions
made to candidates (expenditure code MON or IKD), which are payments, not outside spending. Such rows are kept in ``other_records`` with
the reason, never silently dropped. Forms are grouped into families (460, 496, 497) because the
24-hour reports (496, 497) overlap with the 460 that later covers the same days.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from helpers.data.filings.canonical import _first_rows, code_dtype, group_codes, text_at

CONTRIBUTION, LOAN, IE, EXPENDITURE, OTHER = (
    "contribution",
    "loan",
    "independent_expenditure",
    "expenditure",
    "other",
)
# Letters that are Form 460 schedules when a CAL export puts the schedule in Form_Type.
_F460_SCHEDULES = {"A", "B1", "B2", "B3", "C", "D", "E", "F", "G", "H", "H1", "H2", "H3", "I"}
_F460_SCHEDULES |= {"SMRY", "SUMMARY", "F460"}


def form_family(form: str) -> str:
    """``CA460``/``F460``/``460``/``A`` -> ``460``; ``F496P3`` -> ``496``; unknown -> ``''``."""
    f = (form or "").strip().upper()
    if f in _F460_SCHEDULES:
        return "460"
    m = re.search(r"(4[69][067])", f)
    return m.group(1) if m else ""


# Expenditure codes that mark a contribution made to a candidate or committee: on Schedule D
# (and Form 461 part 5) such a row is money given to the campaign, not an independent expenditure.
CONTRIBUTION_MADE_CODES = {"MON", "IKD"}
_NOT_USED = {
    "G": "Schedule G: payment made by an agent or contractor on the committee's behalf, "
    "already counted in the Schedule E payment to that agent",
    "H": "Schedule H: loan made by the committee to someone else, not money received",
    "B2": "Schedule B part 2: loan guarantor, not money received",
    "B3": "Schedule B part 3: outstanding loan information, not money received",
}


def classify(form: str, schedule: str, rec_type: str, expn_code: str = "") -> tuple[str, str, str]:
    """(family, kind, note) for one form/schedule/record-type/expenditure-code combination."""
    sched = (schedule or "").strip().upper()
    family = form_family(form) or form_family(sched)
    rec = (rec_type or "").strip().upper()
    code = (expn_code or "").strip().upper()
    if sched == "EXP":  # L.A. City expenditures dataset: every row is a payment
        return family, EXPENDITURE, ""
    if sched == "I":
        return family, OTHER, "Schedule I: miscellaneous increase to cash, not a contribution"
    if sched in _NOT_USED:
        return family, OTHER, _NOT_USED[sched]
    if sched in ("D", "F461P5"):
        if code in CONTRIBUTION_MADE_CODES:
            return family, EXPENDITURE, ""
        return family, IE, ""
    if sched == "F465P3":
        return family, IE, ""
    if family == "496":
        if "P3" in sched or "P3" in form.upper() or rec == "RCPT":
            return family, CONTRIBUTION, ""
        return family, IE, ""
    if family == "497":
        if "P2" in sched or "P2" in form.upper() or rec == "EXPN":
            return family, EXPENDITURE, ""
        return family, CONTRIBUTION, ""
    if sched in ("A", "C"):
        return family, CONTRIBUTION, ""
    if sched in ("B", "B1"):
        return family, LOAN, ""
    if sched == "E":
        return family, EXPENDITURE, ""
    if sched == "F":
        return family, OTHER, "Schedule F: accrued expenses (unpaid bills), not payments"
    if sched in ("SMRY", "SUMMARY") or rec == "SMRY":
        return family, OTHER, "summary line, not a transaction"
    return family, OTHER, f"schedule {sched or '(blank)'} of form {form or '(blank)'} not used"


def classify_frame(
    form: pd.Series, schedule: pd.Series, rec_type: pd.Series, expn_code: pd.Series
) -> pd.DataFrame:
    """Classify once per distinct (form, schedule, rec_type, expn_code), then spread."""
    parts = (form, schedule, rec_type, expn_code)
    codes = group_codes(list(parts))
    firsts = _first_rows(codes)
    keys = zip(*(text_at(s, firsts).to_pylist() for s in parts), strict=True)
    results = [classify(f, s, r, e) for f, s, r, e in keys]
    out = {}
    for i, name in enumerate(("form_family", "kind", "kind_note")):
        values = [r[i] for r in results]
        cats = sorted(set(values))
        small = code_dtype(len(cats))
        lookup = np.asarray([cats.index(v) for v in values], dtype=small)
        out[name] = pd.Categorical.from_codes(
            lookup[codes] if len(codes) else codes.astype(small),
            categories=cats or [""],
            validate=False,
        )
    return pd.DataFrame(out, index=form.index, copy=False)
