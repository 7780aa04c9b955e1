"""Benchmark: ingest + clean of L.A. City contributions (m6g2-gc6c schema), fast vs naive.

Run from the repository root:

    .venv/bin/python benchmarks/bench_filings.py            # 420,000 and 4,200,000 rows
    .venv/bin/python benchmarks/bench_filings.py --sizes 420000 --repeat 3

Synthetic rows come from ``helpers.filings.synthetic`` (names like "SYNTHETIC DONOR 0001234",
committees "TEST-0001"), cached under .benchmarks/filings/. Each measurement runs in a fresh
child process, so peak memory (the child's max RSS, interpreter and imports included) belongs to
that measurement alone. Timing starts after imports and covers reading the CSV through the
checked accounting (``pipeline.build_tables``); writing Parquet is not included.

The naive baseline is what a notebook would do: ``pd.read_csv`` with the default engine, then a
row-wise ``DataFrame.apply`` that parses money and dates with the same strict scalar parsers and
classifies each row, then the same vectorised 460-coverage rule.
This is a benchmark script, not a test: targets are printed next to the figures, never asserted.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {420_000: "<= 2 s and >= 10x naive", 4_200_000: "<= 25 s and peak < 2 GB"}


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def child_fast(path: Path) -> dict:
    from helpers.filings.pipeline import build_tables

    with tempfile.TemporaryDirectory() as ref:
        start = time.perf_counter()
        build = build_tables(path.parent, reference_dir=ref)
        seconds = time.perf_counter() - start
    t = build.accounting["totals"]
    return {"seconds": seconds, "rows": t["raw"], "kept": t["kept"], "peak_mb": _peak_mb()}


def child_naive(path: Path) -> dict:
    import numpy as np
    import pandas as pd

    from helpers.filings.dates import parse_date
    from helpers.filings.money import parse_money
    from helpers.filings.rules.coverage import covered_by_460
    from helpers.filings.rules.schedules import classify

    def clean_row(r: pd.Series) -> tuple:
        try:
            cents = parse_money(None if pd.isna(r["con_amount"]) else str(r["con_amount"]))
            day = parse_date(None if pd.isna(r["con_date"]) else str(r["con_date"]))
            beg = parse_date(None if pd.isna(r["per_beg_date"]) else str(r["per_beg_date"]))
            end = parse_date(None if pd.isna(r["per_end_date"]) else str(r["per_end_date"]))
        except ValueError as exc:
            return (None, None, None, None, "", "", False, str(exc))
        form = "" if pd.isna(r["form"]) else str(r["form"])
        sched = "" if pd.isna(r["schedule"]) else str(r["schedule"])
        family, kind, _ = classify(form, sched, "")
        memo = not pd.isna(r["memo"]) and str(r["memo"]).strip().upper() in ("X", "Y")
        return (cents, day, beg, end, family, kind, memo, "" if cents is not None else "missing")

    start = time.perf_counter()
    df = pd.read_csv(path)
    parsed = df.apply(clean_row, axis=1, result_type="expand")
    parsed.columns = ["cents", "date", "beg", "end", "family", "kind", "is_memo", "error"]
    df = pd.concat([df, parsed], axis=1)
    ok = df[df["error"] == ""].copy()
    dates = pd.to_datetime(ok["date"]).to_numpy(dtype="datetime64[s]")
    periods = pd.DataFrame(
        {
            "filer": ok["cmt_id"],
            "begin": pd.to_datetime(ok["beg"]),
            "end": pd.to_datetime(ok["end"]),
        }
    )[ok["family"] == "460"].drop_duplicates()
    periods = periods.astype({"begin": "datetime64[s]", "end": "datetime64[s]"})
    cand = (ok["family"] == "497").to_numpy()
    covered = covered_by_460(ok["cmt_id"].astype(str), dates, cand, periods)
    kept = int((~covered).sum())
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "rows": int(len(df)), "kept": kept, "peak_mb": _peak_mb(),
            "memo_rows": int(np.sum(ok["is_memo"]))}  # fmt: skip


def _run_child(mode: str, path: Path) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--file", str(path)],
        check=True, capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def dataset(rows: int, data_dir: Path) -> Path:
    from helpers.filings.synthetic import write_contributions

    path = data_dir / f"rows_{rows}" / "m6g2-gc6c_synthetic.csv"
    if not path.exists():
        print(f"generating {rows:,} synthetic rows -> {path}", file=sys.stderr)
        write_contributions(path, rows)
    return path


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--sizes", default="420000,4200000")
    p.add_argument("--repeat", type=int, default=3, help="fast-path runs per size (median shown)")
    p.add_argument("--skip-naive-large", action="store_true", help="no naive run above 1M rows")
    p.add_argument("--data-dir", default=str(ROOT / ".benchmarks" / "filings"))
    p.add_argument("--child", choices=["fast", "naive"], help=argparse.SUPPRESS)
    p.add_argument("--file", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        fn = child_fast if args.child == "fast" else child_naive
        print(json.dumps(fn(Path(args.file))))
        return 0
    rows_list = [int(s) for s in args.sizes.split(",")]
    results = []
    for rows in rows_list:
        path = dataset(rows, Path(args.data_dir))
        fast = [_run_child("fast", path) for _ in range(args.repeat)]
        med = statistics.median(r["seconds"] for r in fast)
        entry = {"rows": rows, "fast_s": med, "fast_best_s": min(r["seconds"] for r in fast),
                 "fast_peak_mb": max(r["peak_mb"] for r in fast), "naive_s": None,
                 "naive_peak_mb": None}  # fmt: skip
        if not (args.skip_naive_large and rows > 1_000_000):
            naive = _run_child("naive", path)
            entry["naive_s"], entry["naive_peak_mb"] = naive["seconds"], naive["peak_mb"]
        results.append(entry)
    print(f"{'rows':>10} | {'method':<28} | {'seconds':>8} | {'rows/s':>11} | {'peak MB':>8} | "
          f"{'speed-up':>8} | target")  # fmt: skip
    print("-" * 110)
    for e in results:
        speed = f"{e['naive_s'] / e['fast_s']:.1f}x" if e["naive_s"] else "n/a"
        print(f"{e['rows']:>10,} | {'fast (median of runs)':<28} | {e['fast_s']:>8.2f} | "
              f"{e['rows'] / e['fast_s']:>11,.0f} | {e['fast_peak_mb']:>8.0f} | {speed:>8} | "
              f"{TARGETS.get(e['rows'], '')}")  # fmt: skip
        if e["naive_s"]:
            print(f"{e['rows']:>10,} | {'naive (read_csv + apply)':<28} | {e['naive_s']:>8.2f} | "
                  f"{e['rows'] / e['naive_s']:>11,.0f} | {e['naive_peak_mb']:>8.0f} | "
                  f"{'1.0x':>8} |")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
