"""The build's four speed figures from a clean clone, written into benchmarks/README.md.

What is timed (wall clock, in a fresh copy of the project; issue 15's targets in brackets):

1. ``make clean && make site RACES=lausd-d1-2024``: one race, from nothing to pages ready for
   the render [12 s];
2. ``make clean && make site``: every race in config/races.yml [30 s];
3. ``make site`` again with nothing changed [0.5 s];
4. ``make site`` after a newer ``notebooks/04-endorsements.ipynb`` (the edit): that notebook
   reruns for every race, nothing else does (checked) [10 s].

"Up to the render": Quarto is not installed here, so `make site` ends with render.sh's message
that it is missing; where Quarto is installed the render is included. The copy is made as the
tests make one (tracked and new files; the project's compiled .venv linked, not reinstalled) and
reads the local mirror the working tree sees. render.sh's one-off attempt to pip-install Quarto
is marked as already tried in the copy, as it is in a working tree that has built once.

Each figure is the median of ``--rounds`` rounds (default 3); the 1-minute load average is read
before and after every timing. The README's build section is regenerated from these numbers
(``--no-readme`` only prints them).

    make bench-build                      # or: .venv/bin/python benchmarks/bench_build.py
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from datetime import UTC, datetime
from pathlib import Path

from project_copy import project_copy  # benchmarks/project_copy.py, beside this script

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "benchmarks" / "README.md"
START, END = "<!-- bench-build:start -->", "<!-- bench-build:end -->"
EDITED = "04-endorsements"
FIGURES = [  # key, what, target seconds
    ("clean_one", "`make clean && make site RACES=lausd-d1-2024` (one race, up to the render)",
     12.0),
    ("clean_all", "`make clean && make site` (all races, up to the render)", 30.0),
    ("noop", "`make site` again, nothing changed", 0.5),
    ("edit_one", f"`make site` after editing `notebooks/{EDITED}.ipynb` (reruns it for every race)",
     10.0),
]
# the same one-race build with every notebook in its own process and kernel (papermill alone, as
# before the warm runner): timed in the same rounds, so the comparison shares the load
COLD = ("clean_one_cold", "the same one-race build with `NOTEBOOK_RUNNER=cold` (for comparison)")



def build_env(copy: Path) -> dict[str, str]:
    sys.path.insert(0, str(ROOT / "src"))
    from helpers.data.sources import load_sources

    env = {**os.environ, "LAUSD_MONEY_ROOT": str(copy), "PYTHONPATH": str(copy / "src")}
    env.pop("FTM_CACHE", None)
    mirror = load_sources(ROOT).mirror  # the copy has no ../shared beside it
    if mirror is not None:
        env["FTM_MIRROR"] = str(mirror)
    return env


def load1() -> float:
    return os.getloadavg()[0]


class Timer:
    def __init__(self, copy: Path, env: dict[str, str]):
        self.copy, self.env = copy, env
        self.loads: list[float] = []

    def run(self, *commands: list[str], env: dict[str, str] | None = None) -> tuple[float, str]:
        """Run the commands one after the other; their wall time and combined output."""
        self.loads.append(load1())
        output = []
        started = time.perf_counter()
        for command in commands:
            done = subprocess.run(command, cwd=self.copy, env={**self.env, **(env or {})},
                                  capture_output=True, text=True, check=False)
            output.append(done.stdout + done.stderr)
            if done.returncode != 0:
                sys.exit(f"bench_build: {' '.join(command)} failed (exit {done.returncode}):\n"
                         + "\n".join((done.stdout + done.stderr).splitlines()[-30:]))
        elapsed = time.perf_counter() - started
        self.loads.append(load1())
        return elapsed, "".join(output)


def executed(copy: Path) -> dict[Path, int]:
    return {p: p.stat().st_mtime_ns for p in (copy / "build" / "notebooks").rglob("*.ipynb")}


def one_round(timer: Timer, races: list[str], cold: bool) -> dict[str, float]:
    copy = timer.copy
    times = {}
    if cold:
        times[COLD[0]], _ = timer.run(["make", "clean"], ["make", "site", "RACES=lausd-d1-2024"],
                                      env={"NOTEBOOK_RUNNER": "cold"})
    times["clean_one"], out = timer.run(["make", "clean"],
                                        ["make", "site", "RACES=lausd-d1-2024"])
    if "SITE NOT RENDERED" not in out and "site ready" not in out:
        sys.exit("bench_build: `make site` did not reach the render step:\n" + out[-3000:])
    times["clean_all"], _ = timer.run(["make", "clean"], ["make", "site"])
    times["noop"], out = timer.run(["make", "site"])
    if "run_notebooks" in out:
        sys.exit("bench_build: a rebuild with nothing changed ran notebooks:\n" + out[-3000:])
    before = executed(copy)
    time.sleep(0.05)
    os.utime(copy / "notebooks" / f"{EDITED}.ipynb")  # the edit: a newer source
    times["edit_one"], _ = timer.run(["make", "site"])
    after = executed(copy)
    rerun = sorted(p.relative_to(copy / "build" / "notebooks").as_posix()
                   for p in after if before.get(p) != after[p])
    expected = sorted(f"{race}/{EDITED}.ipynb" for race in races)
    if rerun != expected:
        sys.exit(f"bench_build: editing {EDITED} reran {rerun}, expected {expected}")
    return times


def table(results: dict[str, list[float]]) -> list[str]:
    lines = ["| what | target | median s | runs s | met |", "|---|---:|---:|---|---|"]
    for key, what, target in FIGURES:
        runs = results[key]
        median = statistics.median(runs)
        lines.append(f"| {what} | {target:g} s | {median:.2f} | "
                     f"{', '.join(f'{r:.2f}' for r in runs)} | "
                     f"{'yes' if median <= target else '**no**'} |")
    if results.get(COLD[0]):
        runs = results[COLD[0]]
        ratio = statistics.median(runs) / statistics.median(results["clean_one"])
        lines.append(f"| {COLD[1]} | | {statistics.median(runs):.2f} | "
                     f"{', '.join(f'{r:.2f}' for r in runs)} | warm is {ratio:.1f}x faster |")
    return lines


def paragraph(text: str) -> str:
    return textwrap.fill(text, width=100, break_long_words=False, break_on_hyphens=False)


def section(results: dict[str, list[float]], loads: list[float], rounds: int,
            commit: str) -> str:
    now = datetime.now(UTC)
    date = f"{now:%B} {now.day}, {now.year}"
    return "\n".join([
        START,
        "## Build: from a clean clone to pages ready for the render (`make bench-build`)",
        "",
        paragraph("Written by `benchmarks/bench_build.py` (`make bench-build`); do not edit by "
                  "hand, run it again."),
        "",
        paragraph(f"Measured {date}, {now:%H:%M} UTC, at commit {commit}, on {os.cpu_count()} cores "
        f"({platform.machine()}), Python {platform.python_version()}. Each figure is the median "
        f"of {rounds} rounds in a fresh copy of the project (tracked and new files, the "
        "compiled .venv linked); Quarto is not installed, so each build stops at render.sh's "
        "message. 1-minute load average around the timings (the machine is shared): "
        f"{min(loads):.2f} to {max(loads):.2f}, median {statistics.median(loads):.2f}."),
        "",
        *table(results),
        "",
        paragraph("How the notebooks run: one warm runner per `make` run (`src/helpers/analysis/warm_runner.py`) "
        "imports papermill and the notebooks' libraries once and forks a fresh kernel for "
        "each notebook; make keeps one target per executed notebook, so only what is out of "
        "date reruns. `NOTEBOOK_RUNNER=cold make ...` runs each notebook in its own process "
        "and kernel, as papermill alone does."),
        END,
    ])


def write_readme(text: str) -> None:
    readme = README.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.S)
    if pattern.search(readme):
        readme = pattern.sub(lambda _m: text, readme)
    else:
        readme = readme.rstrip("\n") + "\n\n" + text
    README.write_text(readme.rstrip("\n") + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-readme", action="store_true", help="print, do not write README")
    parser.add_argument("--no-cold", action="store_true",
                        help="skip the comparison build with NOTEBOOK_RUNNER=cold")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT / "src"))
    from helpers.data.races import load_races

    races = [r.id for r in load_races(ROOT / "config" / "races.yml").races]
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                            capture_output=True, text=True, check=False).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                           capture_output=True, text=True, check=False).stdout.strip()
    commit = f"`{commit}`" + (" plus uncommitted changes" if dirty else "")
    results: dict[str, list[float]] = {key: [] for key, _, _ in FIGURES}
    results[COLD[0]] = []
    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        copy = project_copy(Path(tmp) / "clone")
        timer = Timer(copy, build_env(copy))
        for number in range(1, args.rounds + 1):
            times = one_round(timer, races, not args.no_cold)
            for key, value in times.items():
                results[key].append(value)
            print(f"round {number}: " + ", ".join(f"{k} {v:.2f} s" for k, v in times.items())
                  + f" (load {timer.loads[-1]:.2f})", flush=True)
    text = section(results, timer.loads, args.rounds, commit)
    print("\n".join(table(results)))
    if not args.no_readme:
        write_readme(text)
        print(f"written to {README.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
