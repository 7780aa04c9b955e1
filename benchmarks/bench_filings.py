"""Benchmark: ingest + clean of L.A. City contributions (m6g2-gc6c schema) against honest peers.

Run from the repository root (``make bench`` runs the first line):

    .venv/bin/python benchmarks/bench_filings.py            # 420,000 and 4,200,000 rows
    .venv/bin/python benchmarks/bench_filings.py --sizes 420000 --repeat 5
    .venv/bin/python benchmarks/bench_filings.py --sizes 420000 --naive   # + the row-by-row loop

Synthetic rows come from ``helpers.data.filings.synthetic`` (names like "SYNTHETIC DONOR 0001234",
committees "TEST-0001"), cached under .benchmarks/filings/. Every measurement runs in a fresh
child process, so its peak memory (the child's max RSS, interpreter and imports included) belongs
to it alone; the methods take turns in each round, so a burst of load from elsewhere falls on all
of them. Timing starts after imports and ends when the result tables are in memory; writing files
is not included.

Methods, all on the same file:

- ``engine``: ``helpers.data.filings.pipeline.build_tables`` (every table, the checked accounting);
- ``floor``: pyarrow.csv reading the columns the engine uses as text, nothing parsed (no
  correct engine can read the file faster); ``floor-all`` reads every column;
- ``pandas``: the same rules in vectorised pandas (``peers_filings.run_pandas``);
- ``duckdb``: the same rules in DuckDB SQL (``peers_filings.run_duckdb``);
- ``naive`` (``--naive`` only): ``pd.read_csv`` and a row-wise ``DataFrame.apply``.

The peers' outputs are checked against the engine's on the same file: rows per bucket (kept,
superseded, covered by a 460, rejected), rows and money to the cent per table, a checksum of the
kept rows' numbers per table, and quarantined rows per column. Any difference is printed and the
benchmark exits with status 1. Targets are printed beside the figures; a missed target is
reported, not an error (figures on a shared machine are noisy).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
SMALL, LARGE = 420_000, 4_200_000  # the sizes issue 15 sets targets for
FLOOR_RATIO_TARGET = 2.0  # engine seconds / floor seconds at LARGE
PEAK_MB_TARGET = 1500  # engine peak at LARGE
PEERS = ["pandas", "duckdb"]
DEFAULT_METHODS = ["engine", "floor", "floor-all", "pandas", "duckdb"]


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _peak_mb() -> float:
    """This process's own peak resident memory. Linux's ``ru_maxrss`` also counts the parent's
    memory at the fork (the driver that generated a 4.2M-row file first passed its 1 GB on to
    every child), so the kernel's high-water mark of this process's memory is read instead."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _engine_columns(path: Path) -> list[str]:
    from helpers.data.filings import socrata

    return list(socrata.CONTRIBUTION_MAP.values())


def _buckets(totals: dict) -> dict:
    return {"raw": totals["raw"], "kept": totals["kept"], "superseded": totals["superseded"],
            "covered": totals["covered_by_460"], "rejected": totals["rejected"]}  # fmt: skip


def child(mode: str, path: Path) -> dict:
    """One measurement; returns seconds, CPU seconds, peak MB and the output summary."""
    import peers_filings as peers

    source_file = path.name
    summary = None
    if mode == "engine":
        from helpers.data.filings.pipeline import build_tables

        with tempfile.TemporaryDirectory() as ref:
            start, cpu = time.perf_counter(), _cpu()
            build = build_tables(path.parent, reference_dir=ref)
            seconds, cpu = time.perf_counter() - start, _cpu() - cpu
        summary = peers.summarise_frames(build.tables, _buckets(build.accounting["totals"]))
    elif mode in ("floor", "floor-all"):
        import pyarrow.csv  # noqa: F401  (imported before the clock starts)

        columns = _engine_columns(path) if mode == "floor" else None
        start, cpu = time.perf_counter(), _cpu()
        peers.run_floor(path, columns)
        seconds, cpu = time.perf_counter() - start, _cpu() - cpu
    elif mode == "pandas":
        import pandas  # noqa: F401

        start, cpu = time.perf_counter(), _cpu()
        result = peers.run_pandas(path, source_file)
        seconds, cpu = time.perf_counter() - start, _cpu() - cpu
        summary = peers.summarise_frames(result["tables"], result["accounting"])
    elif mode == "duckdb":
        import duckdb  # noqa: F401

        start, cpu = time.perf_counter(), _cpu()
        con = peers.run_duckdb(path, source_file)
        seconds, cpu = time.perf_counter() - start, _cpu() - cpu
        summary = peers.summarise_duckdb(con)
    elif mode == "naive":
        start, cpu = time.perf_counter(), _cpu()
        naive(path)
        seconds, cpu = time.perf_counter() - start, _cpu() - cpu
    else:
        raise ValueError(mode)
    return {"seconds": seconds, "cpu_seconds": cpu, "peak_mb": _peak_mb(), "summary": summary}


def naive(path: Path) -> int:
    """What a first notebook would do: ``pd.read_csv`` then a row-wise ``apply`` with the strict
    scalar parsers, then the vectorised 460 coverage. Not checked for equal output (it skips the
    identity and IE rules) and not a headline figure: a reference point only."""
    import pandas as pd

    from helpers.data.filings.dates import parse_date
    from helpers.data.filings.money import parse_money
    from helpers.data.filings.rules.coverage import covered_by_460
    from helpers.data.filings.rules.schedules import classify

    def clean_row(r: pd.Series) -> tuple:
        try:
            cents = parse_money(None if pd.isna(r["con_amount"]) else str(r["con_amount"]))
            day = parse_date(None if pd.isna(r["con_date"]) else str(r["con_date"]))
            beg = parse_date(None if pd.isna(r["per_beg_date"]) else str(r["per_beg_date"]))
            end = parse_date(None if pd.isna(r["per_end_date"]) else str(r["per_end_date"]))
        except ValueError as exc:
            return (None, None, None, None, "", "", str(exc))
        form = "" if pd.isna(r["form"]) else str(r["form"])
        sched = "" if pd.isna(r["schedule"]) else str(r["schedule"])
        family, kind, _ = classify(form, sched, "")
        return (cents, day, beg, end, family, kind, "" if cents is not None else "missing")

    df = pd.read_csv(path)
    parsed = df.apply(clean_row, axis=1, result_type="expand")
    parsed.columns = ["cents", "date", "beg", "end", "family", "kind", "error"]
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
    covered = covered_by_460(
        ok["cmt_id"].astype(str), dates, (ok["family"] == "497").to_numpy(), periods
    )
    return int((~covered).sum())


def _run_child(mode: str, path: Path) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--file", str(path)],
        check=True, capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def dataset(rows: int, data_dir: Path) -> Path:
    from helpers.data.filings.synthetic import write_contributions

    path = data_dir / f"rows_{rows}" / "m6g2-gc6c_synthetic.csv"
    if not path.exists():
        print(f"generating {rows:,} synthetic rows -> {path}", file=sys.stderr)
        write_contributions(path, rows)
    return path


def _load() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def measure(rows: int, path: Path, methods: list[str], repeat: int) -> dict:
    """Every method ``repeat`` times, in turns; stops with the differences if a peer disagrees."""
    import peers_filings as peers

    runs: dict[str, list[dict]] = {m: [] for m in methods}
    loads = [_load()]
    for round_no in range(repeat):
        for mode in methods:
            if mode == "naive" and round_no > 0:
                continue
            result = _run_child(mode, path)
            runs[mode].append(result)
            print(f"  {rows:>9,} rows, round {round_no + 1}: {mode:<9} {result['seconds']:7.2f} s "
                  f"(CPU {result['cpu_seconds']:6.2f} s, peak {result['peak_mb']:6.0f} MB, "
                  f"load {_load()})", file=sys.stderr, flush=True)  # fmt: skip
            if mode in PEERS and runs.get("engine"):
                diff = peers.differences(runs["engine"][0]["summary"], result["summary"])
                if diff:
                    raise SystemExit(
                        f"OUTPUTS DIFFER: {mode} and the engine on {path} ({rows:,} rows):\n  "
                        + "\n  ".join(diff)
                    )
        loads.append(_load())
    stats = {}
    for mode, results in runs.items():
        secs = [r["seconds"] for r in results]
        stats[mode] = {
            "seconds": statistics.median(secs), "best": min(secs), "runs": len(secs),
            "cpu_seconds": statistics.median(r["cpu_seconds"] for r in results),
            "peak_mb": max(r["peak_mb"] for r in results),
        }  # fmt: skip
    first = runs["engine"][0]["summary"] if runs.get("engine") else None
    return {"rows": rows, "stats": stats, "loads": loads, "summary": first}


def report(results: list[dict], command: str) -> bool:
    """Print the table and the targets; True when every target is met."""
    print(f"\ncommand: {command}")
    print(f"{'rows':>10} | {'method':<10} | {'median s':>8} | {'best s':>7} | {'CPU s':>6} | "
          f"{'peak MB':>7} | {'rows/s':>10} | ratio to the engine")  # fmt: skip
    print("-" * 112)
    all_met = True
    for res in results:
        stats, rows = res["stats"], res["rows"]
        engine = stats.get("engine")
        for mode, s in stats.items():
            if engine is None or mode == "engine":
                ratio = ""
            elif mode.startswith("floor"):
                ratio = f"engine takes {engine['seconds'] / s['seconds']:.2f}x the {mode}"
            else:
                ratio = f"{s['seconds'] / engine['seconds']:.2f}x the engine's time"
            print(f"{rows:>10,} | {mode:<10} | {s['seconds']:>8.2f} | {s['best']:>7.2f} | "
                  f"{s['cpu_seconds']:>6.2f} | {s['peak_mb']:>7.0f} | "
                  f"{rows / s['seconds']:>10,.0f} | {ratio}")  # fmt: skip
        print(f"{'':>10}   load average (1, 5, 15 min) before/after each round: "
              + " -> ".join(res["loads"]))  # fmt: skip
        if engine is None:
            continue
        checks = []
        if "duckdb" in stats and rows >= SMALL:
            checks.append(("engine no slower than DuckDB",
                           engine["seconds"] <= stats["duckdb"]["seconds"]))  # fmt: skip
        if rows >= LARGE and "floor" in stats:
            ratio = engine["seconds"] / stats["floor"]["seconds"]
            checks.append((f"engine at most {FLOOR_RATIO_TARGET:.0f}x the floor ({ratio:.2f}x)",
                           ratio <= FLOOR_RATIO_TARGET))  # fmt: skip
        if rows >= LARGE:
            checks.append((f"engine peak at most {PEAK_MB_TARGET} MB ({engine['peak_mb']:.0f})",
                           engine["peak_mb"] <= PEAK_MB_TARGET))  # fmt: skip
        for label, ok in checks:
            all_met &= ok
            print(f"{'':>10}   target: {label}: {'met' if ok else 'NOT MET'}")
        if res["summary"]:
            b = res["summary"]["buckets"]
            peers = [m for m in PEERS if m in stats]
            print(f"{'':>10}   outputs equal ({', '.join(peers) or 'no peer run'} = engine): "
                  f"raw {b['raw']:,} = kept {b['kept']:,} + superseded {b['superseded']:,} + "
                  f"covered {b['covered']:,} + rejected {b['rejected']:,}; contributions "
                  f"${res['summary']['tables']['contributions']['amount_cents'] / 100:,.2f}")  # fmt: skip
    return all_met


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--sizes", default="420000,4200000")
    p.add_argument("--repeat", type=int, default=3, help="rounds per size (medians shown)")
    p.add_argument(
        "--methods",
        default=",".join(DEFAULT_METHODS),
        help="comma-separated, from: engine, floor, floor-all, pandas, duckdb, naive",
    )
    p.add_argument("--naive", action="store_true", help="also the row-by-row loop (<= 1M rows)")
    p.add_argument("--skip-naive-large", action="store_true", help=argparse.SUPPRESS)  # old flag
    p.add_argument("--json", help="also write the figures to this file")
    p.add_argument("--data-dir", default=str(ROOT / ".benchmarks" / "filings"))
    p.add_argument("--child", help=argparse.SUPPRESS)
    p.add_argument("--file", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        print(json.dumps(child(args.child, Path(args.file))))
        return 0
    methods = [m for m in args.methods.split(",") if m]
    if "engine" in methods:  # the engine runs first: the peers are checked against it
        methods = ["engine", *[m for m in methods if m != "engine"]]
    command = shlex.join([".venv/bin/python", "benchmarks/bench_filings.py", *sys.argv[1:]])
    results = []
    for rows in (int(s) for s in args.sizes.split(",")):
        path = dataset(rows, Path(args.data_dir))
        size_methods = methods + (["naive"] if args.naive and rows <= 1_000_000 else [])
        results.append(measure(rows, path, size_methods, args.repeat))
    met = report(results, command)
    if args.json:
        Path(args.json).write_text(json.dumps({"command": command, "results": results}, indent=1))
    print(f"\nall targets met: {'yes' if met else 'no'} (outputs equal: yes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
