"""Column order, types and checks of every output table, in one place.

The same definitions drive the Parquet schema (so an empty table still has typed columns), the
fixed CSV column order and the pandera validation run on every build. docs/filings.md documents
each column; tests/filings/test_crosswalk_synthetic_docs.py fails if a column is missing from the
docs.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pyarrow

from helpers.errors import QUARANTINE_COLUMNS


@dataclass(frozen=True)
class Col:
    name: str
    kind: str  # str | int | float | bool | date
    nullable: bool = False


_ARROW = {
    "str": pyarrow.string(),
    "int": pyarrow.int64(),
    "float": pyarrow.float64(),
    "bool": pyarrow.bool_(),
    "date": pyarrow.timestamp("ms"),  # Parquet has no seconds unit; ms round-trips exactly
}
_PANDAS = {
    "str": "str",
    "int": "int64",
    "float": "float64",
    "bool": "bool",
    "date": "datetime64[ms]",
}


def _s(*names: str, nullable: bool = False) -> list[Col]:
    return [Col(n, "str", nullable) for n in names]


_PROVENANCE = [
    *_s("source_format", "source_file"),
    Col("source_row", "int"),
    Col("filing_id", "str"),
    Col("amendment", "int"),
    *_s("form", "schedule", "filer_id", "committee_name", "committee_name_norm"),
    Col("committee_id", "str", nullable=True),
]

TABLES: dict[str, list[Col]] = {
    "filings": [
        Col("filing_id", "str"), Col("amendment", "int"), Col("is_latest", "bool"),
        *_s("source_format", "form", "form_family", "filer_id", "committee_name"),
        Col("period_begin", "date", True), Col("period_end", "date", True),
        Col("report_date", "date", True), Col("election_date", "date", True),
        Col("rows", "int"), Col("source_file", "str"),
    ],
    "contributions": [
        *_PROVENANCE,
        *_s("candidate_name", "candidate_name_norm"), Col("candidate_id", "str", True),
        *_s("office", "district", "contributor_name", "contributor_type", "contributor_city",
            "contributor_state", "contributor_zip", "contributor_occupation",
            "contributor_employer", "intermediary_name", "intermediary_city",
            "intermediary_state"),
        Col("contribution_date", "date"), Col("amount", "float"),
        Col("amount_reported", "float"), Col("amount_paid_forgiven", "float", True),
        Col("is_loan", "bool"), Col("memo", "bool"), Col("counts_in_totals", "bool"),
        *_s("description", "memo_text", "tran_id"),
        Col("period_begin", "date", True), Col("period_end", "date", True),
        Col("election_date", "date", True),
    ],
    "independent_expenditures": [
        *_PROVENANCE,
        *_s("candidate_name", "candidate_name_norm"), Col("candidate_id", "str", True),
        *_s("office", "district", "measure_name", "measure_number", "support_oppose"),
        Col("amount", "float"), Col("expenditure_date", "date"),
        *_s("payee_name", "description", "expenditure_code", "memo_text"),
        Col("memo", "bool"), Col("counts_in_totals", "bool"), Col("tran_id", "str"),
        Col("period_begin", "date", True), Col("period_end", "date", True),
        Col("election_date", "date", True),
    ],
    "expenditures": [
        *_PROVENANCE,
        *_s("payee_name", "payee_city", "payee_state", "candidate_name"),
        Col("expenditure_date", "date"), Col("amount", "float"),
        *_s("description", "expenditure_code", "memo_text"),
        Col("memo", "bool"), Col("counts_in_totals", "bool"), Col("tran_id", "str"),
    ],
    "other_records": [
        *_PROVENANCE,
        Col("name", "str"), Col("record_date", "date", True), Col("amount", "float", True),
        Col("description", "str"), Col("tran_id", "str"), Col("why_not_used", "str"),
    ],
    "committees": [
        *_s("filer_id", "committee_name", "committee_name_norm"),
        Col("committee_id", "str", True), Col("committee_id_status", "str", True),
        Col("source_format", "str"), Col("rows", "int"),
    ],
    "candidates": [
        *_s("candidate_name", "candidate_name_norm"),
        Col("candidate_id", "str", True), Col("candidate_id_status", "str", True),
        *_s("office", "district", "source_format"), Col("rows", "int"),
    ],
    "statements_filed": [
        *_s("committee_id", "committee_type"),
        Col("period_begin", "date", True), Col("period_end", "date", True),
        *_s("statement_link", "source_file"), Col("source_row", "int"),
    ],
    "quarantine": [
        Col("source_file", "str"), Col("row", "int"),
        *_s(*[c for c in QUARANTINE_COLUMNS if c not in ("source_file", "row")]),
    ],
    "excluded": [
        Col("source_file", "str"), Col("row", "int"), Col("filing_id", "str"),
        Col("amendment", "int"), Col("reason", "str"),
    ],
}  # fmt: skip
# Which rows count as one record (the sort order of the written files).
SORT_KEYS: dict[str, list[str]] = {
    "filings": ["filing_id", "amendment"],
    "committees": ["filer_id", "committee_name", "source_format"],
    "candidates": ["candidate_name", "office", "district", "source_format"],
    "quarantine": ["source_file", "row"],
    "excluded": ["source_file", "row"],
    "statements_filed": ["committee_id", "period_begin", "period_end", "source_file", "source_row"],
}
DEFAULT_SORT = ["source_file", "source_row"]
SUPPORT_OPPOSE = ["support", "oppose"]


def columns(table: str) -> list[str]:
    return [c.name for c in TABLES[table]]


def arrow_schema(table: str) -> pyarrow.Schema:
    return pyarrow.schema(
        [pyarrow.field(c.name, _ARROW[c.kind], c.nullable) for c in TABLES[table]]
    )


def empty_frame(table: str) -> pd.DataFrame:
    """A zero-row table with the right columns and dtypes."""
    return pd.DataFrame({c.name: pd.Series([], dtype=_PANDAS[c.kind]) for c in TABLES[table]})


def conform(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Fixed column order and dtypes (categoricals become plain text)."""
    out = {}
    for c in TABLES[table]:
        s = frame[c.name]
        if c.kind == "str":
            s = s.astype("str")
            if not c.nullable:
                s = s.fillna("")
        else:
            s = s.astype(_PANDAS[c.kind])
        out[c.name] = s.reset_index(drop=True)
    return pd.DataFrame(out, columns=columns(table))


def pandera_schema(table: str):
    """The pandera schema (imported here: pandera is slow to import and only writing needs it)."""
    import pandera.pandas as pa

    cols = {}
    for c in TABLES[table]:
        checks = []
        if c.name == "support_oppose":
            checks.append(pa.Check.isin(SUPPORT_OPPOSE))
        if c.name in ("source_row", "row"):
            checks.append(pa.Check.ge(2))
        if c.name == "amendment":
            checks.append(pa.Check.ge(0))
        cols[c.name] = pa.Column(_PANDAS[c.kind], nullable=c.nullable, checks=checks)
    return pa.DataFrameSchema(cols, strict=True, ordered=True)


def validate(table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Raise pandera's SchemaError naming the column if a table breaks its contract."""
    return pandera_schema(table).validate(frame, lazy=False)
