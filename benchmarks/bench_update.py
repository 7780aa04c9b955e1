"""Election night: from a new registrar drop to updated result pages, timed (`make update`).

What is measured: the wall-clock time of `make update` in a fresh copy of the project, from the
moment a new drop is on offer at the (loopback) results API until the command returns: fetching
the definitions and the drop, rebuilding the results tables, rerunning the notebooks whose race
the drop moved, and regenerating the pages (and rendering, when Quarto is installed; otherwise
render.sh prints that it is absent and the render is not included).

How: a copy of the project (tracked and new files, as the tests make one) with the project's
.venv linked, the local mirror hidden from it (FTM_NO_MIRROR=1) so every drop arrives through
the fetcher, and tests/replay_server.py on 127.0.0.1 standing in for results.lavote.gov.
Setup (not timed): the server offers the first drop and `make update` builds every page.
Then, timed: each later drop in turn. With a mirror, the drops are the mirror's (read in place);
the mirror holds two, so the further timed drops are TEST DATA variants of the last one (counts
raised, later TimeStamps), written only to a temporary folder. Without a mirror the feed is the
synthetic TEST DATA feed for election 4324 built from config/races.yml. Finally a repeated drop
(nothing new) is timed.

    .venv/bin/python benchmarks/bench_update.py            # 3 timed drops
    .venv/bin/python benchmarks/bench_update.py --drops 5
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from project_copy import project_copy  # noqa: E402  (benchmarks/project_copy.py)

from tests import synthetic_feed as feed  # noqa: E402
from tests.replay_server import ReplayServer  # noqa: E402

TARGET_S = 60.0
ELECTION, D1, SHN, KAA = 4324, 9497, 23384, 23383



def feeds() -> tuple[str, bytes, list[dict]]:
    """(where the feed comes from, definitions bytes, drops in order as JSON documents)."""
    from helpers.data.sources import load_sources

    mirror = load_sources(ROOT).mirror_folder()
    if mirror and (mirror / f"election_{ELECTION}.json").is_file():
        defs = (mirror / f"election_{ELECTION}.json").read_bytes()
        drops = [json.loads(p.read_text()) for p in sorted(mirror.glob(f"results_{ELECTION}_*.json"))]
        drops.sort(key=lambda d: time.strptime(d["TimeStamp"], "%m/%d/%Y %I:%M:%S %p"))
        return f"the mirror's drops ({mirror})", defs, drops
    contests = feed.contests_of_races(ROOT / "config" / "races.yml", ELECTION)
    defs = feed.to_bytes(feed.definitions_doc(ELECTION, contests))
    ids = sorted(k for _, cands in contests.values() for k in cands)
    first = feed.drop_doc("11/5/2024 8:36:34 PM", {k: 100 * (i + 1) for i, k in enumerate(ids)},
                          contests)
    return "synthetic TEST DATA feed (no mirror)", defs, [first]


def later_drop(base: dict, n: int) -> dict:
    """TEST DATA: the base drop with D1's counts raised, n days after it (a later TimeStamp)."""
    t = time.strptime(base["TimeStamp"], "%m/%d/%Y %I:%M:%S %p")
    stamp = f"{t.tm_mon}/{t.tm_mday}/{t.tm_year} 11:{n:02d}:00 PM"
    return feed.raised_drop(base, {SHN: 100 * n, KAA: 50 * n}, D1, stamp)


def executed(copy: Path) -> dict[str, int]:
    folder = copy / "build" / "notebooks"
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*.ipynb")}


def run_update(copy: Path, env: dict) -> tuple[float, float, subprocess.CompletedProcess]:
    """(wall seconds, CPU seconds of every process make started, the completed process)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(["make", "update"], cwd=copy, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode != 0:
        sys.exit(f"make update failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return elapsed, cpu, proc


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--drops", type=int, default=3, help="timed new drops (default 3)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary copy")
    args = parser.parse_args(argv)

    origin, defs, drops = feeds()
    timed = drops[1:]
    while len(timed) < args.drops:
        timed.append(later_drop(timed[-1] if timed else drops[0], len(timed) + 1))
    timed = timed[: args.drops]

    tmp = Path(tempfile.mkdtemp(prefix="bench-update-"))
    copy = project_copy(tmp / "project")
    with ReplayServer({ELECTION: defs}, {ELECTION: [feed.to_bytes(drops[0])]}) as server:
        env = {**os.environ, "LAUSD_MONEY_ROOT": str(copy), "PYTHONPATH": str(copy / "src"),
               "FTM_NO_MIRROR": "1", "FTM_LAVOTE_URL": server.url,
               "SOURCE_DATE_EPOCH": "1732233600"}
        env.pop("FTM_CACHE", None)
        print(f"feed: {origin}; replay server {server.url}; copy {copy}")
        print("setup (not timed): first drop, full build of every race ...", flush=True)
        setup_s, _, _ = run_update(copy, env)
        print(f"  setup took {setup_s:.1f} s")
        rows = []
        for i, doc in enumerate(timed, start=1):
            server.set_drops(ELECTION, [feed.to_bytes(doc)])
            before = executed(copy)
            load = os.getloadavg()[0]
            seconds, cpu, proc = run_update(copy, env)
            after = executed(copy)
            rerun = sorted(k for k in after if after[k] != before.get(k))
            if "saved as" not in proc.stdout:
                sys.exit(f"drop {i} was not saved as a new drop:\n{proc.stdout[-2000:]}")
            rows.append((f"new drop {i} ({doc['TimeStamp']})", seconds, cpu, load, len(rerun)))
            print(f"  drop {i}: {seconds:.1f} s ({cpu:.1f} CPU s), {len(rerun)} notebook runs "
                  f"({', '.join(rerun)}), load {load:.2f}", flush=True)
        load = os.getloadavg()[0]
        seconds, cpu, proc = run_update(copy, env)  # the same drop again
        if "no new drop" not in proc.stdout:
            sys.exit(f"the repeated drop was not recognised:\n{proc.stdout[-2000:]}")
        rows.append(("same drop again (no new drop)", seconds, cpu, load, 0))

    print()
    print("| update | wall s | CPU s (all processes) | load average (1 min) at start | notebook runs |")
    print("|---|---:|---:|---:|---:|")
    for what, s, cpu, load, n in rows:
        print(f"| {what} | {s:.1f} | {cpu:.1f} | {load:.2f} | {n} |")
    new = [s for what, s, *_ in rows if what.startswith("new drop")]
    cpus = [c for what, _, c, *_ in rows if what.startswith("new drop")]
    if new:
        median = statistics.median(new)
        verdict = "meets" if max(new) <= TARGET_S else "MISSES"
        print(f"\nnew drop -> updated pages: median {median:.1f} s, worst {max(new):.1f} s "
              f"over {len(new)} drops; {verdict} the {TARGET_S:.0f} s target "
              f"(median CPU {statistics.median(cpus):.1f} s across both cores)")
        quarto = shutil.which("quarto") or (ROOT / ".venv" / "bin" / "quarto").exists()
        print("render included" if quarto else "Quarto absent: the render step is not included")
    if args.keep:
        print(f"copy kept in {tmp}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
