"""Build the filings tables: discover raw files, clean, tidy, account, validate and write.

``build_tables`` does the work in memory (what the benchmark times); ``build_filings`` also
writes Parquet + CSV, ``quarantine.csv``, ``excluded.csv`` and ``accounting.json``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from helpers import paths
from helpers.data.filings import accounting, crosswalk, memory, schemas, tidy, writer
from helpers.data.filings.clean import COVERED, SUPERSEDED, clean
from helpers.data.filings.sources import discover, hashed

PUBLISHED = [
    "filings",
    "contributions",
    "independent_expenditures",
    "expenditures",
    "other_records",
    "committees",
    "candidates",
    "statements_filed",
]
REASONS = {
    SUPERSEDED: "superseded by a later amendment of the same filing",
    COVERED: "24-hour report covered by a later Form 460 of the same filer",
}


@dataclass
class FilingsBuild:
    """Tables by name (incl. ``quarantine`` and ``excluded``) and the accounting dict."""

    tables: dict[str, pd.DataFrame]
    accounting: dict

    @property
    def summary(self) -> str:
        return accounting.summary(self.accounting)


def _excluded(c) -> pd.DataFrame:
    idx = np.flatnonzero((c.status == SUPERSEDED) | (c.status == COVERED))
    sub = c.rows[["source_file", "source_row", "filing_key"]].iloc[idx].reset_index(drop=True)
    return pd.DataFrame(
        {
            "source_file": sub["source_file"],
            "row": sub["source_row"].to_numpy(dtype=np.int64),
            "filing_id": sub["filing_key"],
            "amendment": c.amendment[idx],
            "reason": pd.Categorical.from_codes(
                (c.status[idx] == COVERED).astype(np.int8), [REASONS[SUPERSEDED], REASONS[COVERED]]
            ),
        }
    )


def _statements(found: list) -> pd.DataFrame:
    """The statements-filed index of every br3a-db9a snapshot read (may be empty)."""
    frames = [s.table for s in found if len(s.table)]
    if not frames:
        return schemas.empty_frame("statements_filed")
    return pd.concat(frames, ignore_index=True)


def build_tables(
    raw_dir: str | Path,
    reference_dir: str | Path | None = None,
    also: dict[str, Path] | None = None,
) -> FilingsBuild:
    """Read, clean and tidy everything under raw_dir (and the labelled folders ``also``); the
    accounting is checked before return."""
    reference_dir = Path(reference_dir) if reference_dir is not None else paths.REFERENCE
    committees = crosswalk.load(
        reference_dir / "crosswalk_committees.csv", "committee_id", crosswalk.COMMITTEE_COLUMNS
    )
    candidates = crosswalk.load(
        reference_dir / "crosswalk_candidates.csv", "candidate_id", crosswalk.CANDIDATE_COLUMNS
    )
    found = discover(raw_dir, also)
    rows = sum(len(f.frame) for f in found.frames)
    memory.release(rows)
    cleaned = clean(found.frames)
    not_ingested, statements, inputs = found.not_ingested, found.statements, found.inputs
    found = None  # let the raw frames go before tidying
    memory.release(rows)
    tables = tidy.build_tables(cleaned, committees, candidates)
    tables["statements_filed"] = _statements(statements)
    set_aside = [q.as_dict() for s in statements for q in s.quarantine]
    tables["quarantine"] = (
        pd.concat(
            [cleaned.quarantine, pd.DataFrame(set_aside, columns=cleaned.quarantine.columns)],
            ignore_index=True,
        )
        if set_aside
        else cleaned.quarantine
    )
    tables["excluded"] = _excluded(cleaned)
    acc = accounting.account(cleaned, tables, not_ingested)
    acc["statements_filed"] = accounting.account_statements(statements)
    acc["inputs"] = hashed(inputs)
    accounting.check(acc)
    return FilingsBuild(tables, acc)


def write_outputs(build: FilingsBuild, out_dir: str | Path) -> FilingsBuild:
    """Write every table; returns the build with tables in their published (plain) dtypes."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    published = {}
    for name in [*PUBLISHED, "quarantine", "excluded"]:
        frame = build.tables[name]
        frame = schemas.empty_frame(name) if frame.empty else frame
        writer.write_table(frame, name, out_dir)
        published[name] = writer.sort_rows(name, schemas.conform(name, frame))
    writer.write_json(build.accounting, out_dir / "accounting.json")
    return FilingsBuild(published, build.accounting)


def build_filings(
    raw_dir: str | Path,
    out_dir: str | Path,
    reference_dir: str | Path | None = None,
    also: dict[str, Path] | None = None,
) -> FilingsBuild:
    """The whole build: what ``python -m helpers.data.filings build`` runs."""
    return write_outputs(build_tables(raw_dir, reference_dir, also), out_dir)
