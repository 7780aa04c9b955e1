"""Turn cleaned canonical rows into the published tidy tables.

Originals are kept beside normalised names; ids come from the reviewed crosswalks (only rows marked
``verified`` fill ``committee_id``/``candidate_id`` in transaction tables). Text columns stay
categorical here to keep memory low on the full history; ``schemas.conform`` makes them plain
text when the tables are written.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.data.filings.canonical import (
    _dense,
    _first_rows,
    codes_of,
    distinct,
    group_codes,
    is_in,
    take,
    threaded_map,
)
from helpers.data.filings.clean import KEPT, Cleaned
from helpers.data.filings.crosswalk import Crosswalk
from helpers.data.filings.names import normalise_series
from helpers.data.filings.rules.schedules import CONTRIBUTION, EXPENDITURE, IE, LOAN, OTHER
from helpers.data.filings.schemas import columns

TRANSACTION_TABLES = {
    "contributions": [CONTRIBUTION, LOAN],
    "independent_expenditures": [IE],
    "expenditures": [EXPENDITURE],
    "other_records": [OTHER],
}


def _dollars(cents: np.ndarray) -> np.ndarray:
    return np.divide(cents, 100.0, dtype=np.float64)  # one pass: no float copy first


class _Columns:
    """Lazy column access: only the columns a table uses are taken at ``idx``."""

    def __init__(self, frame: pd.DataFrame, idx: np.ndarray):
        self.frame, self.idx = frame, idx

    def __getitem__(self, name: str) -> pd.Series:
        return take(self.frame[name], self.idx)


def _verified(ids: pd.Series, status: pd.Series, idx: np.ndarray) -> pd.Series:
    """Rows ``idx`` of the ids: transaction tables take only reviewed ids; unverified mappings
    show in committees. Without a reviewed id in any row, no row is taken."""
    verified = np.flatnonzero(status.cat.categories == "verified")
    if not len(verified) or not (codes_of(status) == verified[0]).any():
        missing = np.full(len(idx), -1, dtype=np.int8)
        return pd.Series(pd.Categorical.from_codes(missing, categories=[], validate=False))
    ids, status = take(ids, idx), take(status, idx)
    return ids.where(status == "verified")


def _table_columns(table: str, c: Cleaned, idx: np.ndarray, names: dict) -> dict:
    """One transaction table's columns as thunks: only the columns it publishes are taken at
    rows ``idx``, each when its thunk is called."""
    sub = _Columns(c.rows, idx)
    committee_norm, cmte_id, cmte_status = names["committee"]
    cand_norm, cand_id, cand_status = names["candidate"]
    base = {
        "source_format": lambda: sub["source_format"],
        "source_file": lambda: sub["source_file"],
        "source_row": lambda: sub["source_row"],
        "filing_id": lambda: sub["filing_key"],
        "amendment": lambda: c.amendment[idx],
        "form": lambda: sub["form"],
        "schedule": lambda: sub["schedule"],
        "filer_id": lambda: sub["filer_id"],
        "committee_name": lambda: sub["filer_name"],
        "committee_name_norm": lambda: take(committee_norm, idx),
        "committee_id": lambda: _verified(cmte_id, cmte_status, idx),
        "candidate_name": lambda: sub["candidate_name"],
        "candidate_name_norm": lambda: take(cand_norm, idx),
        "candidate_id": lambda: _verified(cand_id, cand_status, idx),
        "office": lambda: sub["office"],
        "district": lambda: sub["district"],
        "description": lambda: sub["description"],
        "memo_text": lambda: sub["memo_text"],
        "expenditure_code": lambda: sub["expn_code"],
        "measure_name": lambda: sub["measure_name"],
        "measure_number": lambda: sub["measure_number"],
        "tran_id": lambda: sub["tran_id"],
        "memo": lambda: c.is_memo[idx],
        "counts_in_totals": lambda: ~c.is_memo[idx],
        "amount": lambda: _dollars(c.amount_cents[idx]),
        "period_begin": lambda: c.period_begin.categorical_at(idx),
        "period_end": lambda: c.period_end.categorical_at(idx),
        "election_date": lambda: c.election_date.categorical_at(idx),
    }
    if table == "contributions":
        extra = {
            "contributor_name": lambda: sub["name"],
            "contributor_type": lambda: sub["entity_cd"],
            "contributor_city": lambda: sub["city"],
            "contributor_state": lambda: sub["state"],
            "contributor_zip": lambda: sub["zip"],
            "contributor_occupation": lambda: sub["occupation"],
            "contributor_employer": lambda: sub["employer"],
            "intermediary_name": lambda: sub["intermediary_name"],
            "intermediary_city": lambda: sub["intermediary_city"],
            "intermediary_state": lambda: sub["intermediary_state"],
            "contribution_date": lambda: c.tran_date.categorical_at(idx),
            "amount_reported": lambda: _dollars(c.reported_cents[idx]),
            "amount_paid_forgiven": lambda: np.where(
                c.paid_forgiven_missing[idx], np.nan, _dollars(c.paid_forgiven_cents[idx])
            ),
            "is_loan": lambda: is_in(c.kind["kind"], [LOAN])[idx],
        }
    elif table == "independent_expenditures":
        extra = {
            "support_oppose": lambda: c.support_oppose.take(idx),
            "expenditure_date": lambda: c.tran_date.categorical_at(idx),
            "payee_name": lambda: sub["name"],
        }
    elif table == "expenditures":
        extra = {
            "payee_name": lambda: sub["name"],
            "payee_city": lambda: sub["city"],
            "payee_state": lambda: sub["state"],
            "expenditure_date": lambda: c.tran_date.categorical_at(idx),
        }
    else:
        extra = {
            "name": lambda: sub["name"],
            "record_date": lambda: c.tran_date.categorical_at(idx),
            "amount": lambda: np.where(
                c.amount_missing[idx], np.nan, _dollars(c.reported_cents[idx])
            ),
            "why_not_used": lambda: take(c.kind["kind_note"], idx),
        }
    data = {**base, **extra}
    return {k: data[k] for k in columns(table)}


def build_tables(c: Cleaned, committees: Crosswalk, candidates: Crosswalk) -> dict:
    """All tidy tables (except quarantine/excluded) from one cleaning run."""
    r = c.rows
    committee_norm = normalise_series(r["filer_name"])
    cmte_id, cmte_status = committees.lookup(committee_norm)
    cand_norm = normalise_series(r["candidate_name"])
    cand_id, cand_status = candidates.lookup(cand_norm)
    names = {
        "committee": (committee_norm, cmte_id, cmte_status),
        "candidate": (cand_norm, cand_id, cand_status),
    }
    kept = c.status == KEPT
    # Every column of every table, and the three summaries, are independent jobs: numpy and
    # Arrow take rows with the GIL released, so they run on two threads (summaries first: they
    # are the longest jobs).
    jobs = [
        ("filings", None, lambda: _filings(c)),
        ("committees", None, lambda: _committees(c, committee_norm, cmte_id, cmte_status)),
        ("candidates", None, lambda: _candidates(c, cand_norm, cand_id, cand_status)),
    ]
    for table, kinds in TRANSACTION_TABLES.items():
        idx = np.flatnonzero(kept & is_in(c.kind["kind"], kinds))
        jobs += [(table, k, f) for k, f in _table_columns(table, c, idx, names).items()]
    values = threaded_map(lambda job: job[2](), jobs, len(kept))
    tables: dict[str, pd.DataFrame] = {}
    parts: dict[str, dict] = {table: {} for table in TRANSACTION_TABLES}
    for (table, col, _), value in zip(jobs, values, strict=True):
        if col is None:
            tables[table] = value
        else:
            parts[table][col] = value
    for table, cols in parts.items():
        tables[table] = pd.DataFrame(cols, copy=False)
    return {k: tables[k] for k in [*TRANSACTION_TABLES, "filings", "committees", "candidates"]}


def _filings(c: Cleaned) -> pd.DataFrame:
    """One row per filing version (filing id + amendment), including superseded versions."""
    r = c.rows
    fcodes, fcats = distinct(r["filing_key"])
    if _one_version_each(c, fcodes):
        # Every row names a filing and its (single) amendment: the filing codes are the
        # versions, in the same order as below (L.A. City files: no pass to renumber them).
        counts = np.bincount(fcodes, minlength=len(fcats))
        versions = np.flatnonzero(counts)
        first, rows = _first_rows(fcodes)[versions], counts[versions]
    else:
        first, rows = _versions(c, fcodes, len(fcats))
    if len(first) == 0:
        return pd.DataFrame(columns=columns("filings"))
    amendment = c.amendment[first]
    latest = pd.Series(amendment).groupby(fcodes[first]).transform("max").to_numpy()
    out = {
        "filing_id": take(r["filing_key"], first),
        "amendment": amendment,
        "is_latest": amendment == latest,
        "rows": rows,
        "form_family": take(c.kind["form_family"], first),
    }
    for col, name in (("source_format", "source_format"), ("form", "form"),
                      ("filer_id", "filer_id"), ("filer_name", "committee_name"),
                      ("source_file", "source_file")):  # fmt: skip
        out[name] = take(r[col], first)
    for col in ("period_begin", "period_end", "report_date", "election_date"):
        out[col] = getattr(c, col).at(first)
    return pd.DataFrame(out, copy=False)[columns("filings")]


def _one_version_each(c: Cleaned, fcodes: np.ndarray) -> bool:
    """Every row versioned, with a filing code, and one amendment number in the whole file."""
    if len(fcodes) == 0 or not c.versioned.all() or fcodes.min() < 0:
        return False
    return bool(c.amendment.min() == c.amendment.max())


def _versions(c: Cleaned, fcodes: np.ndarray, nfilings: int) -> tuple[np.ndarray, np.ndarray]:
    """(first row, row count) of each filing version among the versioned rows."""
    idx = np.flatnonzero(c.versioned)
    if len(idx) == 0:
        return idx, idx
    # Versions are (filing, amendment) pairs, numbered from the filing's existing codes (no
    # hashing of 4 million keys): most files hold one amendment number per filing.
    amend = c.amendment[idx]
    acodes, auniques = pd.factorize(amend) if amend.min() != amend.max() else (None, [0])
    key = fcodes[idx].astype(np.int64) + 1  # a missing key (-1) would sort first, not break
    if acodes is not None:
        key = key * len(auniques) + acodes
    codes = _dense(key, (nfilings + 1) * len(auniques))
    del key, acodes
    return idx[_first_rows(codes)], np.bincount(codes)


def _committees(c: Cleaned, norm: pd.Series, ids: pd.Series, status: pd.Series) -> pd.DataFrame:
    idx = np.flatnonzero(c.status == KEPT)
    cols = {
        "filer_id": c.rows["filer_id"],
        "committee_name": c.rows["filer_name"],
        "committee_name_norm": norm,
        "committee_id": ids,
        "committee_id_status": status,
        "source_format": c.rows["source_format"],
    }
    return _count(cols, idx, ["filer_id", "committee_name", "source_format"], "committees")


def _candidates(c: Cleaned, norm: pd.Series, ids: pd.Series, status: pd.Series) -> pd.DataFrame:
    named = (c.status == KEPT) & (c.rows["candidate_name"] != "").to_numpy(dtype=bool)
    cols = {
        "candidate_name": c.rows["candidate_name"],
        "candidate_name_norm": norm,
        "candidate_id": ids,
        "candidate_id_status": status,
        "office": c.rows["office"],
        "district": c.rows["district"],
        "source_format": c.rows["source_format"],
    }
    keys = ["candidate_name", "office", "district", "source_format"]
    return _count(cols, np.flatnonzero(named), keys, "candidates")


def _count(cols: dict, idx: np.ndarray, keys: list[str], table: str) -> pd.DataFrame:
    """Distinct name variants among rows ``idx``, with how many rows use each."""
    if len(idx) == 0:
        return pd.DataFrame(columns=columns(table))
    codes = group_codes([take(cols[k], idx) for k in keys])
    first = idx[_first_rows(codes)]
    out = pd.DataFrame({k: take(v, first) for k, v in cols.items()}, copy=False)
    out["rows"] = np.bincount(codes)
    return out[columns(table)]
