"""The reviewed crosswalks that map name variants to one committee or candidate id.

Each row says: this normalised spelling is that entity, who checked it and where. Names match
exactly on the normalised form, never by substring or similarity. Rows whose ``status`` is not
``verified`` still join (so reviewers see them in use) but ``*_id_status`` says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from helpers.data.filings.canonical import map_distinct
from helpers.data.filings.names import normalise_name
from helpers.errors import DataError

COMMITTEE_COLUMNS = ["name_norm", "committee_id", "canonical_name", "status", "source", "note"]
CANDIDATE_COLUMNS = ["name_norm", "candidate_id", "canonical_name", "status", "source", "note"]
STATUSES = {"verified", "unverified"}


@dataclass(frozen=True)
class Crosswalk:
    """name_norm -> (id, status)."""

    id_column: str
    mapping: dict[str, tuple[str, str]]

    def lookup(self, names_norm: pd.Series) -> tuple[pd.Series, pd.Series]:
        """(id, status) per row; missing where the name is not in the crosswalk."""
        ids = map_distinct(names_norm, lambda v: self.mapping.get(str(v), (None, None))[0])
        status = map_distinct(names_norm, lambda v: self.mapping.get(str(v), (None, None))[1])
        return ids, status


def empty(id_column: str) -> Crosswalk:
    return Crosswalk(id_column, {})


def load(path: str | Path, id_column: str, columns: list[str]) -> Crosswalk:
    """Read and check a crosswalk; a missing file is an empty crosswalk."""
    path = Path(path)
    if not path.exists():
        return empty(id_column)
    frame = pd.read_csv(path, dtype="str", keep_default_na=False)
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise DataError(path, 1, missing[0], "required crosswalk column missing")
    mapping: dict[str, tuple[str, str]] = {}
    for i, rec in enumerate(frame.to_dict("records")):
        row = i + 2
        name, ident, status = rec["name_norm"], rec[id_column].strip(), rec["status"].strip()
        if name != normalise_name(name) or not name:
            raise DataError(path, row, "name_norm", f"not a normalised name: {name!r}")
        if not ident:
            raise DataError(path, row, id_column, "empty id")
        if status not in STATUSES:
            raise DataError(path, row, "status", f"status must be one of {sorted(STATUSES)}")
        if name in mapping and mapping[name][0] != ident:
            raise DataError(path, row, id_column, f"{name!r} already maps to {mapping[name][0]}")
        mapping[name] = (ident, status)
    return Crosswalk(id_column, mapping)
