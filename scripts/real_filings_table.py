"""Build the filings tables from every real export in ../shared and print what became of them.

The printed Markdown is the "Real exports" table in docs/filings.md (between the BEGIN/END
markers); tests/filings/test_real_exports.py checks the committed table equals this output, so
the documentation cannot drift from what the engine does. The exports are read in place.

    .venv/bin/python scripts/real_filings_table.py --write docs/filings.md
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "real-filings"
BEGIN = "<!-- BEGIN real-exports table (scripts/real_filings_table.py) -->"
END = "<!-- END real-exports table -->"
TABLES = [
    ("contributions", "contributions"),
    ("independent_expenditures", "independent expenditures"),
    ("expenditures", "expenditures"),
    ("other_records", "other records"),
]


def cases() -> list[Path]:
    """Each real export folder (Oakland: one folder per Open Disclosure case)."""
    out = []
    for folder in sorted(p for p in SHARED.iterdir() if p.is_dir()):
        subs = sorted(p for p in folder.iterdir() if p.is_dir())
        out.extend(subs or [folder])
    return out


def _dollars(value: float) -> str:
    return f"${value:,.2f}"


def row(folder: Path, reference_dir: Path) -> str:
    from helpers.data.filings.pipeline import build_tables

    build = build_tables(folder, reference_dir)
    t = build.accounting["totals"]
    q = build.tables["quarantine"]
    # A reason's parenthesised detail (which row it repeats, which id) is left out, so rows
    # quarantined for the same fault are counted together.
    kinds = q["reason"].str.replace(r"\s*\([^()]*\)", "", regex=True) if len(q) else q["reason"]
    reasons = kinds.groupby(kinds).size().sort_index() if len(q) else {}
    quarantined = "; ".join(f"{n} {reason}" for reason, n in dict(reasons).items()) or "none"
    money = []
    for table, label in TABLES:
        frame = build.tables[table]
        if table != "other_records":
            frame = frame[frame["counts_in_totals"]]
        amount = round(float(frame["amount"].fillna(0).sum()), 2)
        money.append(f"{label} {len(frame):,} rows, {_dollars(amount)}")
    name = folder.relative_to(SHARED).as_posix()
    return (
        f"| `{name}` | {t['raw']:,} | {t['kept']:,} | {t['superseded']:,} | "
        f"{t['covered_by_460']:,} | {t['rejected']:,}: {quarantined} | {'; '.join(money)} |"
    )


def table() -> str:
    with tempfile.TemporaryDirectory() as empty:  # no crosswalk: names as filed
        lines = [
            "| real export | rows in | kept | superseded | covered by a 460 | quarantined "
            "(by reason) | kept rows and their money, per table (memo lines not summed; other "
            "records' amounts are listed, never added to a total) |",
            "|---|---:|---:|---:|---:|---|---|",
            *(row(folder, Path(empty)) for folder in cases()),
        ]
    return "\n".join(lines)


def replace_block(text: str, block: str) -> str:
    head, sep, rest = text.partition(BEGIN)
    if not sep:
        raise SystemExit(f"{BEGIN!r} not found")
    _, sep, tail = rest.partition(END)
    if not sep:
        raise SystemExit(f"{END!r} not found")
    return f"{head}{BEGIN}\n{block}\n{END}{tail}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", type=Path, help="rewrite the table inside this Markdown file")
    args = parser.parse_args(argv)
    if not SHARED.is_dir():
        print(f"real exports not found at {SHARED}", file=sys.stderr)
        return 2
    block = table()
    if args.write:
        args.write.write_text(replace_block(args.write.read_text(), block))
    else:
        print(block)
    return 0


if __name__ == "__main__":
    sys.exit(main())
