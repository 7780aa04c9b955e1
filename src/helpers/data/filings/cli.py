"""``build`` turns data/raw/filings into tidy tables; ``fetch`` downloads a Socrata snapshot.

A DataError exits 2 with one line naming file, row and column (no traceback), so the Makefile
and a journalist both see which cell to fix.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from helpers import paths
from helpers.errors import DataError


def _build(args: argparse.Namespace) -> int:
    from helpers.data.filings.pipeline import build_filings

    also = {}
    for item in args.also or []:
        label, sep, folder = item.partition("=")
        if not sep or not label or not folder:
            print(f"error: --also expects LABEL=FOLDER, got {item!r}", file=sys.stderr)
            return 2
        also[label] = Path(folder)
    result = build_filings(args.raw, args.out, args.reference, also)
    print(result.summary)
    print(f"  written to {args.out}")
    return 0


def _fetch(args: argparse.Namespace) -> int:
    from helpers.data.filings.download import FetchError, build_where, fetch_socrata

    try:
        where = build_where(args.dataset, args.election_date, args.office, args.where)
        row = fetch_socrata(
            args.dataset, args.out, base_url=args.base_url, where=where,
            page_size=args.page_size, name=args.name,
        )  # fmt: skip
    except (FetchError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"fetched {row.rows:,} rows ({row.bytes:,} bytes) to {row.file}; sha256 {row.sha256}")
    return 0


def _ethics_fetch(args: argparse.Namespace) -> int:
    from helpers.data.filings.download import FetchError
    from helpers.data.filings.lacity_ethics import fetch_election, fetch_elections_index

    if not (args.index or args.election_id):
        print("error: give --election-id N, --index, or both", file=sys.stderr)
        return 2
    try:
        saved = [fetch_elections_index(args.raw, base_url=args.base_url)] if args.index else []
        if args.election_id:
            saved += fetch_election(args.election_id, args.raw, base_url=args.base_url)
    except (FetchError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for snap in saved:
        archived = f" (earlier version kept as {snap.archived})" if snap.archived else ""
        print(f"{snap.status:9} {snap.file} ({snap.bytes:,} bytes){archived}")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m helpers.data.filings", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="clean raw filings into tidy tables")
    b.add_argument("--raw", default=str(paths.RAW / "filings"))
    b.add_argument("--out", default=str(paths.BUILD_DATA / "filings"))
    b.add_argument("--reference", default=str(paths.REFERENCE))
    b.add_argument(
        "--also", action="append", metavar="LABEL=FOLDER",
        help="another folder of filings, read in place (e.g. a dataset in the local mirror)",
    )  # fmt: skip
    b.set_defaults(func=_build)
    f = sub.add_parser("fetch", help="download a data.lacity.org dataset (paged)")
    f.add_argument("--dataset", required=True, choices=["m6g2-gc6c", "5mrt-4zhe", "br3a-db9a"])
    f.add_argument("--out", default=str(paths.RAW / "filings"))
    f.add_argument("--base-url", default="https://data.lacity.org")
    f.add_argument("--election-date", help="YYYY-MM-DD (contributions dataset)")
    f.add_argument("--office", help="exact seat_desc value as the portal spells it")
    f.add_argument("--where", help="extra SoQL condition")
    f.add_argument("--page-size", type=int, default=50_000)
    f.add_argument("--name", help="snapshot file name (without .csv)")
    f.set_defaults(func=_fetch)
    e = sub.add_parser("ethics-fetch", help="save ethics.lacity.gov totals and IEs (unverified)")
    e.add_argument("--election-id", help="Ethics Commission election id (see --index)")
    e.add_argument("--index", action="store_true", help="also save the elections index page")
    e.add_argument("--raw", default=str(paths.RAW / "lacity-ethics"))
    e.add_argument("--base-url", default="https://ethics.lacity.gov")
    e.set_defaults(func=_ethics_fetch)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
