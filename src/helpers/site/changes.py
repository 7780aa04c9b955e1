"""What changed: compare this build's published data with the last published snapshot.

A digest records, per download, its rows and hash, and every quoted figure's value; the
committed ``data/published-digest.json`` is the previous snapshot (refresh it with
``make publish-digest`` when an update goes out). The page lists new and removed rows,
changed figures and new events, so a journalist sees what an update moved.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

ID_COLUMNS = {"endorsement_events": "event_id", "reported_figures": "figure_id",
              "facts": "key"}


def digest(package: dict, out_dir: Path) -> dict:
    """Hashes and row ids of every download, plus every fact's display value."""
    tables = {}
    for res in package["resources"]:
        entry = {"rows": res["rows"], "hash": res["hash"]}
        id_col = ID_COLUMNS.get(res["name"])
        if id_col:
            frame = pd.read_csv(out_dir / Path(res["path"]).name, dtype=str, keep_default_na=False)
            if res["name"] == "facts":
                entry["values"] = {f"{r.race_id}/{r.key}": r.display for r in frame.itertuples()}
            else:
                entry["ids"] = sorted(frame[id_col])
        if res["name"] == "results":  # which registrar drops the results come from
            frame = pd.read_csv(out_dir / Path(res["path"]).name, dtype=str,
                                keep_default_na=False)
            if "snapshot_time" in frame:
                entry["drops"] = sorted(set(frame["snapshot_time"]) - {""})
        tables[res["name"]] = entry
    return {"tables": tables}


def describe_changes(previous: dict | None, current: dict) -> list[str]:
    """Plain-language lines: one per change, newest state first."""
    if previous is None:
        return ["No earlier published snapshot to compare with: this is the first."]
    lines = []
    before, after = previous.get("tables", {}), current["tables"]
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name), after.get(name)
        if old is None:
            lines.append(f"New download: {name} ({new['rows']} rows).")
            continue
        if new is None:
            lines.append(f"Download removed: {name}.")
            continue
        if old["hash"] == new["hash"]:
            continue
        lines.append(f"{name}: {old['rows']} rows before, {new['rows']} now.")
        if "ids" in new:
            added = sorted(set(new["ids"]) - set(old.get("ids", [])))
            removed = sorted(set(old.get("ids", [])) - set(new["ids"]))
            lines += [f"  new row: {i}" for i in added] + [f"  removed row: {i}" for i in removed]
        if "drops" in new:
            added = sorted(set(new["drops"]) - set(old.get("drops", [])))
            gone = sorted(set(old.get("drops", [])) - set(new["drops"]))
            lines += [f"  new registrar drop: counts as of {t}" for t in added]
            lines += [f"  registrar drop no longer used: {t}" for t in gone]
        if "values" in new:
            for key in sorted(set(new["values"]) | set(old.get("values", {}))):
                a, b = old.get("values", {}).get(key), new["values"].get(key)
                if a != b:
                    lines.append(f"  {key}: {a or 'none'} → {b or 'removed'}")
    return lines or ["Nothing changed since the last published snapshot."]


def load_digest(path: Path) -> dict | None:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
