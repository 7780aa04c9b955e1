"""Published downloads and their Frictionless data package.

Every table a reader can download is written here, formula-safe, with a ``datapackage.json``
that describes each file (fields and types, source, licence, sha256, rows), so the downloads
are usable without reading our code.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from helpers.analysis.facts import as_of_words
from helpers.io_atomic import write_text_if_changed
from helpers.paths import Layout, facts_dir
from helpers.tables import to_csv_text

LICENSE = {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
           "path": "https://creativecommons.org/licenses/by/4.0/"}


@dataclass(frozen=True)
class Download:
    name: str
    title: str
    description: str
    sources: list[dict]
    frame: pd.DataFrame


def frictionless_type(series: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(series):
        return "boolean"
    if pd.api.types.is_integer_dtype(series):
        return "integer"
    if pd.api.types.is_float_dtype(series):
        return "number"
    if pd.api.types.is_datetime64_any_dtype(series):
        return "datetime"
    return "string"


def prepare(frame: pd.DataFrame) -> pd.DataFrame:
    """Dates as ISO text, so the CSV and the declared types agree."""
    out = frame.copy()
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = out[col].dt.strftime("%Y-%m-%d")
    return out


def facts_table(root: Path, race_ids: list[str]) -> pd.DataFrame:
    """Every quoted figure of every race, flattened: the facts file as a spreadsheet, with
    each as-of date's precision and its AP wording ('about Feb. 28, 2024')."""
    from helpers.analysis.reported_facts import race_facts

    rows = []
    for race_id in race_ids:
        race_build = Layout(root).race_build(race_id)
        if not facts_dir(race_build).exists():
            continue
        for key, fact in sorted(race_facts(race_build, race_id).items()):
            rows.append({"race_id": race_id, "key": key, "label": fact["label"],
                         "value": str(fact["value"]), "display": fact["display"],
                         "unit": fact["unit"], "qualifier": fact["qualifier"],
                         "as_of": fact["as_of"],
                         "as_of_precision": fact.get("as_of_precision") or "day",
                         "as_of_text": as_of_words(fact), "dataset": fact["dataset"],
                         "rows": " ".join(fact["rows"]), "source": fact["source"],
                         "source_url": fact["source_url"], "notebook": fact["notebook"]})
    columns = ["race_id", "key", "label", "value", "display", "unit", "qualifier", "as_of",
               "as_of_precision", "as_of_text", "dataset", "rows", "source", "source_url",
               "notebook"]
    return pd.DataFrame(rows, columns=columns)


def write_downloads(downloads: list[Download], out_dir: Path, package_path: Path) -> dict:
    """Write each download as CSV and the data package describing them; returns the package."""
    out_dir.mkdir(parents=True, exist_ok=True)
    resources = []
    for item in downloads:
        frame = prepare(item.frame)
        text = to_csv_text(frame)
        path = out_dir / f"{item.name}.csv"
        write_text_if_changed(path, text)
        data = text.encode("utf-8")
        resources.append({
            "name": item.name,
            "path": f"{out_dir.name}/{path.name}",
            "title": item.title,
            "description": item.description,
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "bytes": len(data),
            "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
            "sources": item.sources,
            "licenses": [LICENSE],
            "schema": {"fields": [{"name": str(c), "type": frictionless_type(frame[c])}
                                  for c in frame.columns]},
            "rows": len(frame),
        })
    package = {
        "profile": "data-package",
        "name": "lausd-money",
        "title": "Follow the money: L.A. school-board and city races",
        "licenses": [LICENSE],
        "resources": resources,
    }
    write_text_if_changed(package_path, json.dumps(package, indent=2, sort_keys=True) + "\n")
    return package
