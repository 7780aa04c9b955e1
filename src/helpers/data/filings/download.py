"""Paged Socrata (SODA) downloads into data/raw/filings, written atomically with a manifest row.

Pages are requested with ``$limit``/``$offset`` and a stable ``$order`` (otherwise rows can repeat
or vanish between pages), filtered with ``$where``; ``X-App-Token`` comes from the
``SOCRATA_APP_TOKEN`` environment variable when set. The snapshot is assembled in a temporary
file and renamed only when every page arrived: a network failure leaves the previous snapshot
(and its manifest row) untouched and says so.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
import tempfile
from pathlib import Path

import requests

from helpers.data.filings import manifest
from helpers.data.filings.manifest import ManifestRow

DEFAULT_BASE_URL = "https://data.lacity.org"
PAGE_SIZE = 50_000
TOKEN_ENV = "SOCRATA_APP_TOKEN"  # noqa: S105 (the variable name, not a secret)
# Columns that filter each dataset by election and office (from the portal's column list).
FILTER_COLUMNS = {"m6g2-gc6c": {"election": "election_date", "office": "seat_desc"}}


class FetchError(RuntimeError):
    """A download failed; the message says whether a previous snapshot was kept."""


def soql_literal(text: str) -> str:
    """A SoQL string literal (single quotes doubled)."""
    return "'" + text.replace("'", "''") + "'"


def build_where(
    dataset: str, election_date: str | None, office: str | None, where: str | None
) -> str | None:
    """Combine the election/office filters and any extra SoQL condition with AND."""
    parts = []
    cols = FILTER_COLUMNS.get(dataset, {})
    if election_date:
        if "election" not in cols:
            raise ValueError(f"dataset {dataset} has no known election column; use --where")
        parts.append(f"{cols['election']} = {soql_literal(election_date + 'T00:00:00.000')}")
    if office:
        if "office" not in cols:
            raise ValueError(f"dataset {dataset} has no known office column; use --where")
        parts.append(f"{cols['office']} = {soql_literal(office)}")
    if where:
        parts.append(f"({where})")
    return " AND ".join(parts) or None


def _records(body: bytes) -> int:
    return sum(1 for _ in csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def _previous(target: Path, manifest_path: Path, rel: str) -> str:
    if not target.exists():
        return "no previous snapshot exists"
    row = manifest.find(manifest_path, rel)
    when = f" (fetched {row['fetched_at_utc']})" if row else ""
    return f"previous snapshot {rel}{when} left intact"


def fetch_socrata(
    dataset: str,
    raw_dir: str | Path,
    *,
    base_url: str = DEFAULT_BASE_URL,
    where: str | None = None,
    order: str = ":id",
    page_size: int = PAGE_SIZE,
    name: str | None = None,
    session: requests.Session | None = None,
    timeout: float = 60.0,
    max_pages: int = 10_000,
) -> ManifestRow:
    """Download every page of one dataset query to ``<raw>/socrata/<dataset>/<name>.csv``."""
    raw_dir = Path(raw_dir)
    stem = name or (dataset if not where else
                    f"{dataset}__{hashlib.sha256(where.encode()).hexdigest()[:10]}")  # fmt: skip
    rel = f"socrata/{dataset}/{stem}.csv"
    target = raw_dir / rel
    manifest_path = raw_dir / "manifest.csv"
    url = f"{base_url.rstrip('/')}/resource/{dataset}.csv"
    params = {"$order": order, "$limit": str(page_size)}
    if where:
        params["$where"] = where
    headers = {"Accept": "text/csv"}
    token = os.environ.get(TOKEN_ENV)
    if token:
        headers["X-App-Token"] = token
    session = session or requests.Session()
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    digest, total_rows, total_bytes, header = hashlib.sha256(), 0, 0, None
    try:
        with os.fdopen(fd, "wb") as fh:
            for page in range(max_pages):
                page_params = {**params, "$offset": str(page * page_size)}
                try:
                    resp = session.get(url, params=page_params, headers=headers, timeout=timeout)
                    resp.raise_for_status()
                except requests.RequestException as exc:
                    raise FetchError(
                        f"network failure fetching {url} page {page + 1} ({exc}); "
                        + _previous(target, manifest_path, rel)
                    ) from exc
                body = resp.content
                first, sep, rest = body.partition(b"\n")
                if header is None:
                    header, chunk = (
                        first,
                        body if body.endswith(b"\n") or not body else body + b"\n",
                    )
                elif first != header:
                    raise FetchError(
                        f"page {page + 1} of {url} has a different header; "
                        + _previous(target, manifest_path, rel)
                    )
                else:
                    chunk = rest if rest.endswith(b"\n") or not rest else rest + b"\n"
                rows = max(_records(body) - 1, 0)
                fh.write(chunk)
                digest.update(chunk)
                total_rows += rows
                total_bytes += len(chunk)
                if rows < page_size:
                    break
            else:
                raise FetchError(f"more than {max_pages} pages from {url}; stopped")
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    query = "&".join(f"{k}={v}" for k, v in sorted(params.items()))
    row = ManifestRow(
        file=rel,
        source_url=url,
        query=query,
        fetched_at_utc=dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        sha256=digest.hexdigest(),
        rows=total_rows,
        bytes=total_bytes,
    )
    manifest.record(manifest_path, row)
    return row
