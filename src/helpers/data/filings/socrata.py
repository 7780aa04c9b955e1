"""Adapters for the L.A. City Ethics Commission datasets on data.lacity.org (Socrata).

m6g2-gc6c (contributions) and 5mrt-4zhe (expenditures) are mapped onto the canonical frame. The
``memo`` column is the filer's free-text memo ("Out-of-state contribution"), kept as text: the
portal publishes no memo code. Intermediaries (``int_name``: ActBlue, a sponsoring committee) are
kept, because who passed the money on is part of the story. The
portal publishes no filing id or amendment number: it shows each filing's current version, so a
filing is identified by committee, form and period, and the amendment number is 0. The
expenditures dataset's ``cmt_id`` is an internal id, not the committee id used elsewhere, so it is
prefixed ``lacity-exp:`` to make an accidental join impossible.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.data.filings.canonical import CANONICAL, SourceFrame, as_text, empty_text, join_key
from helpers.data.filings.identity import filer_identity
from helpers.errors import DataError

CONTRIBUTIONS_ID = "m6g2-gc6c"
EXPENDITURES_ID = "5mrt-4zhe"
STATEMENTS_ID = "br3a-db9a"

CONTRIBUTION_COLUMNS = [
    "con_date", "con_name", "con_city_nm", "con_state_nm", "con_zip_cd", "con_occp", "con_empr",
    "cmt_nm", "cmt_id", "cmt_type", "cand_name", "seat_desc", "dist_num", "con_type", "con_desc",
    "con_amount", "con_amount_pd_forgiven", "form", "schedule", "per_beg_date", "per_end_date",
    "election_date", "election_desc", "int_name", "int_city_nm", "int_state_nm", "int_zip_cd",
    "int_occp", "int_empr", "memo",
]  # fmt: skip
EXPENDITURE_COLUMNS = [
    "exp_date", "payee_name", "payee_addr_cty", "payee_addr_st", "exp_desc", "exp_amount",
    "cmt_name", "cmt_id",
]  # fmt: skip
# High-cardinality columns read as plain text; everything else is dictionary-encoded
# (intermediaries are few: ActBlue, a sponsoring committee, mostly empty).
CONTRIBUTION_PLAIN = ["con_name"]
EXPENDITURE_PLAIN = ["payee_name"]

CONTRIBUTION_MAP = {
    "filer_id": "cmt_id", "filer_name": "cmt_nm", "form": "form", "schedule": "schedule",
    "period_begin": "per_beg_date", "period_end": "per_end_date",
    "election_date": "election_date", "entity_cd": "con_type", "name": "con_name",
    "city": "con_city_nm", "state": "con_state_nm", "zip": "con_zip_cd", "occupation": "con_occp",
    "employer": "con_empr", "tran_date": "con_date", "amount": "con_amount",
    "amount_paid_forgiven": "con_amount_pd_forgiven", "description": "con_desc",
    "candidate_name": "cand_name", "office": "seat_desc", "district": "dist_num",
    "memo_text": "memo", "intermediary_name": "int_name", "intermediary_city": "int_city_nm",
    "intermediary_state": "int_state_nm",
}  # fmt: skip
EXPENDITURE_MAP = {
    "filer_id": "cmt_id", "filer_name": "cmt_name", "name": "payee_name",
    "city": "payee_addr_cty", "state": "payee_addr_st", "tran_date": "exp_date",
    "amount": "exp_amount", "description": "exp_desc",
}  # fmt: skip


def is_contributions(columns: list[str]) -> bool:
    return {"con_amount", "cmt_id", "con_date"} <= set(columns)


def is_expenditures(columns: list[str]) -> bool:
    return {"exp_amount", "cmt_id", "exp_date"} <= set(columns)


def _require(frame: pd.DataFrame, needed: list[str], source_file: str) -> None:
    for col in needed:
        if col not in frame.columns:
            raise DataError(source_file, 1, col, "required column missing from the header")


def _canonical(
    raw: pd.DataFrame, mapping: dict[str, str], source_file: str, fmt: str, stripped: bool
) -> dict:
    """``raw`` renamed onto the canonical columns; ``stripped``: its cells need no stripping."""
    n = len(raw)
    text = (lambda s: s) if stripped else as_text
    out: dict[str, pd.Series] = {
        "source_format": pd.Series(pd.Categorical.from_codes(np.zeros(n, np.int8), [fmt])),
        "source_file": pd.Series(pd.Categorical.from_codes(np.zeros(n, np.int8), [source_file])),
        "source_row": pd.Series(raw["source_row"].to_numpy(dtype=np.int64)),
    }
    for col in CANONICAL[3:]:
        src = mapping.get(col)
        out[col] = text(raw[src]).reset_index(drop=True) if src else empty_text(n)
    return out


def contributions(raw: pd.DataFrame, source_file: str, stripped: bool = False) -> SourceFrame:
    """m6g2-gc6c rows to canonical rows; filing = committee + form + period."""
    _require(raw, list(CONTRIBUTION_MAP.values()), source_file)
    out = _canonical(raw, CONTRIBUTION_MAP, source_file, "lacity_contributions", stripped)
    frame = pd.DataFrame(out, copy=False)
    frame["filer_key"] = filer_identity(frame["filer_id"], frame["filer_name"])
    frame["filing_key"] = join_key(
        frame, ["filer_key", "form", "period_begin", "period_end"], "LAC"
    )
    frame["amendment_raw"] = empty_text(len(frame)).cat.rename_categories(["0"])
    cols = {**CONTRIBUTION_MAP, "filing_key": "cmt_id", "filer_key": "cmt_id"}
    return SourceFrame("lacity_contributions", source_file, frame[CANONICAL], cols)


def expenditures(raw: pd.DataFrame, source_file: str, stripped: bool = False) -> SourceFrame:
    """5mrt-4zhe rows to canonical rows; every row is a payment (schedule marker ``EXP``)."""
    _require(raw, list(EXPENDITURE_MAP.values()), source_file)
    out = _canonical(raw, EXPENDITURE_MAP, source_file, "lacity_expenditures", stripped)
    frame = pd.DataFrame(out, copy=False)
    fid = frame["filer_id"].astype("category")
    frame["filer_id"] = fid.cat.rename_categories(
        [f"lacity-exp:{c}" if c else "" for c in fid.cat.categories]
    )
    frame["schedule"] = empty_text(len(frame)).cat.rename_categories(["EXP"])
    frame["filer_key"] = filer_identity(frame["filer_id"], frame["filer_name"])
    frame["filing_key"] = join_key(frame, ["filer_key"], "LACEXP")
    frame["amendment_raw"] = empty_text(len(frame)).cat.rename_categories(["0"])
    cols = {**EXPENDITURE_MAP, "filing_key": "cmt_id", "filer_key": "cmt_id"}
    return SourceFrame("lacity_expenditures", source_file, frame[CANONICAL], cols)
