"""Prove that no row went missing: raw = kept + superseded + covered by a 460 + rejected.

Counts are per source file and in total, and the kept rows are split by table. ``check`` raises
``AccountingError`` when the sums disagree, so a bug that loses rows fails the build instead of
publishing smaller totals.
"""

from __future__ import annotations

import numpy as np

from helpers.data.filings.clean import COVERED, KEPT, REJECTED, SUPERSEDED, Cleaned


class AccountingError(AssertionError):
    """Row counts do not reconcile."""


def account(c: Cleaned, tables: dict, not_ingested: list[dict]) -> dict:
    """The accounting as plain data (written as accounting.json; no timestamps inside)."""
    files = c.rows["source_file"].astype("category")
    # Every file read is listed, also one with no records (a header-only CAL file has no
    # category here and would vanish from the per-file accounting).
    unseen = sorted(set(c.columns_by_file) - set(files.cat.categories))
    if unseen:
        files = files.cat.add_categories(unseen)
    codes = files.cat.codes.to_numpy()
    names = list(files.cat.categories)
    per_file = []
    kept_by_table: dict[str, dict[str, int]] = {}
    for table in ("contributions", "independent_expenditures", "expenditures", "other_records"):
        t = tables[table]
        counts = t["source_file"].value_counts() if len(t) else {}
        kept_by_table[table] = {str(k): int(v) for k, v in dict(counts).items() if v}
    grid = np.bincount(codes.astype(np.int64) * 4 + c.status, minlength=4 * len(names))
    grid = grid.reshape(-1, 4) if len(names) else np.zeros((0, 4), dtype=np.int64)
    for i, name in sorted(enumerate(names), key=lambda p: p[1]):
        counts = grid[i]
        per_file.append(
            {
                "source_file": name,
                "raw": int(counts.sum()),
                "kept": int(counts[KEPT]),
                "superseded": int(counts[SUPERSEDED]),
                "covered_by_460": int(counts[COVERED]),
                "rejected": int(counts[REJECTED]),
                "kept_by_table": {t: kept_by_table[t].get(name, 0) for t in kept_by_table},
            }
        )
    keys = ("raw", "kept", "superseded", "covered_by_460", "rejected")
    totals = {k: sum(f[k] for f in per_file) for k in keys}
    totals["kept_by_table"] = {t: sum(v.values()) for t, v in kept_by_table.items()}
    return {
        "rule": "raw = kept + superseded + covered_by_460 + rejected",
        "totals": totals,
        "files": per_file,
        "quarantined_rows": int(len(c.quarantine)),
        "not_ingested": not_ingested,
    }


def check(acc: dict) -> None:
    """Raise AccountingError unless every file and the total reconcile."""
    for f in [*acc["files"], {"source_file": "(total)", **acc["totals"]}]:
        parts = f["kept"] + f["superseded"] + f["covered_by_460"] + f["rejected"]
        if f["raw"] != parts:
            raise AccountingError(f"{f['source_file']}: raw {f['raw']} != {parts}")
        if sum(f["kept_by_table"].values()) != f["kept"]:
            raise AccountingError(f"{f['source_file']}: kept rows missing from the tables")
    if acc["quarantined_rows"] != acc["totals"]["rejected"]:
        raise AccountingError("quarantine table does not list every rejected row")
    for f in acc.get("statements_filed", {}).get("files", []):
        if f["raw"] != f["kept"] + f["rejected"]:
            raise AccountingError(f"{f['source_file']}: raw {f['raw']} != kept + rejected")


def account_statements(found: list) -> dict:
    """Statements-filed snapshots: raw = kept + rejected per file (rejected rows are in the
    quarantine table too, with file, row, column and reason)."""
    files = [
        {"source_file": s.table["source_file"].iloc[0] if len(s.table) else
         (s.quarantine[0].source_file if s.quarantine else ""),
         "raw": s.raw_rows, "kept": len(s.table), "rejected": len(s.quarantine)}
        for s in found
    ]  # fmt: skip
    return {"rule": "raw = kept + rejected", "files": sorted(files, key=lambda f: f["source_file"])}


def summary(acc: dict) -> str:
    """The lines the build prints."""
    t = acc["totals"]
    lines = [
        f"filings: {len(acc['files'])} source file(s) read, "
        f"{len(acc['not_ingested'])} not ingested",
        f"  raw rows {t['raw']:,} = kept {t['kept']:,} + superseded {t['superseded']:,}"
        f" + covered by a later 460 {t['covered_by_460']:,} + rejected {t['rejected']:,}",
    ]
    for table, n in t["kept_by_table"].items():
        lines.append(f"  {table}: {n:,}")
    if t["raw"] == 0:
        lines.append("  no itemized filings in data/raw/filings: tables are empty")
    return "\n".join(lines)
