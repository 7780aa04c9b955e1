"""The download manifest: where each raw snapshot came from, when, and its checksum.

One row per snapshot file in ``<raw>/manifest.csv`` (a newer download of the same file replaces
its row). ``fetched_at_utc`` lives here, not inside the data, so rebuilt tables stay identical.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

MANIFEST_COLUMNS = ["file", "source_url", "query", "fetched_at_utc", "sha256", "rows", "bytes"]


@dataclass(frozen=True)
class ManifestRow:
    file: str  # path relative to the raw folder
    source_url: str
    query: str
    fetched_at_utc: str
    sha256: str
    rows: int
    bytes: int


def read(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def find(path: Path, file: str) -> dict | None:
    return next((r for r in read(path) if r["file"] == file), None)


def record(path: Path, row: ManifestRow) -> None:
    """Add or replace the row for ``row.file``; the manifest is rewritten atomically."""
    rows = [r for r in read(path) if r["file"] != row.file]
    rows.append({k: str(v) for k, v in asdict(row).items()})
    rows.sort(key=lambda r: r["file"])
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=MANIFEST_COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".manifest.", suffix=".tmp", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(buf.getvalue())
    os.replace(tmp, path)
