"""Raw web snapshots that are never silently replaced, with a manifest of where each came from.

Pages such as the Ethics Commission's election totals change as filings arrive, and each version
is evidence: a later download with different content moves the earlier file to
``<folder>/history/<name>.<fetched at>.<sha256 prefix><suffix>`` (with its own manifest row)
before the new content is written. Identical content leaves the file alone and only refreshes
``fetched_at_utc`` (the data was confirmed current at that time). Every file is written
atomically, and the manifest (``<raw>/manifest.csv``: file, url, fetched_at_utc, sha256, bytes)
is rewritten atomically once per batch.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from helpers.io_atomic import atomic_write_bytes, atomic_write_text

MANIFEST_NAME = "manifest.csv"
MANIFEST_COLUMNS = ["file", "url", "fetched_at_utc", "sha256", "bytes"]


@dataclass(frozen=True)
class Snapshot:
    """One saved response. ``status``: new, unchanged or changed (then ``archived`` names the
    earlier version's file)."""

    file: str  # relative to the raw folder, with forward slashes
    url: str
    fetched_at_utc: str
    sha256: str
    bytes: int
    status: str
    archived: str = ""


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def read_manifest(raw_dir: str | Path) -> list[dict]:
    path = Path(raw_dir) / MANIFEST_NAME
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def manifest_row(raw_dir: str | Path, file: str) -> dict | None:
    return next((r for r in read_manifest(raw_dir) if r["file"] == file), None)


def _write_manifest(raw_dir: Path, rows: dict[str, dict]) -> None:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=MANIFEST_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows[name] for name in sorted(rows))
    atomic_write_text(raw_dir / MANIFEST_NAME, buf.getvalue())


def _archive_name(rel: str, old: dict | None, digest: str) -> str:
    path = PurePosixPath(rel)
    stamp = (old or {}).get("fetched_at_utc", "").replace("-", "").replace(":", "") or "unrecorded"
    return str(path.parent / "history" / f"{path.stem}.{stamp}.{digest[:12]}{path.suffix}")


def save_snapshots(
    raw_dir: str | Path, responses: list[tuple[str, str, bytes]], fetched_at_utc: str | None = None
) -> list[Snapshot]:
    """Save (relative file, url, body) responses that have all been fetched and checked."""
    raw_dir = Path(raw_dir)
    fetched_at_utc = fetched_at_utc or utc_now()
    rows = {r["file"]: r for r in read_manifest(raw_dir)}
    saved = []
    for rel, url, body in responses:
        target = raw_dir / rel
        digest = hashlib.sha256(body).hexdigest()
        status, archived = "new", ""
        if target.exists():
            old_body = target.read_bytes()
            old_digest = hashlib.sha256(old_body).hexdigest()
            if old_body == body:
                status = "unchanged"
            else:
                status = "changed"
                archived = _archive_name(rel, rows.get(rel), old_digest)
                atomic_write_bytes(raw_dir / archived, old_body)
                old = rows.get(rel, {})
                rows[archived] = {
                    "file": archived, "url": old.get("url", ""),
                    "fetched_at_utc": old.get("fetched_at_utc", ""), "sha256": old_digest,
                    "bytes": str(len(old_body)),
                }  # fmt: skip
        if status != "unchanged":
            atomic_write_bytes(target, body)
        rows[rel] = {"file": rel, "url": url, "fetched_at_utc": fetched_at_utc,
                     "sha256": digest, "bytes": str(len(body))}  # fmt: skip
        saved.append(Snapshot(rel, url, fetched_at_utc, digest, len(body), status, archived))
    _write_manifest(raw_dir, rows)
    return saved
