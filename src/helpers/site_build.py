"""Prepare every Quarto input that is generated from data, so `quarto render` only typesets.

Inputs: build/ (executed notebooks, charts, facts, tidy data) and config/races.yml.
Outputs, all git-ignored: races/<id>/index.qmd with charts/ and notebooks/, races/index.qmd,
assets/vendor/vega-bundle.js, downloads/, _footer.html. Everything here is tested in Python,
so a missing Quarto never hides a broken page source.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import html
import os
import shutil
import subprocess
import sys
from pathlib import Path

from helpers import paths
from helpers.errors import DataError
from helpers.io_atomic import write_text_if_changed
from helpers.race_page import render_race_page
from helpers.races import RacesConfig, load_races
from helpers.vega_assets import write_bundle


def notebook_names(root: Path) -> list[str]:
    """Source notebooks, in reading order (their numeric prefix)."""
    return sorted(p.stem for p in (root / "notebooks").glob("[0-9][0-9]-*.ipynb"))


PARTIAL_SUFFIXES = (".failed.ipynb", ".running.ipynb")


def sync_tree(src: Path, dst: Path) -> None:
    """Mirror files from src to dst, copying only what changed and removing what is gone.

    Failed or interrupted notebook runs are never published.
    """
    dst.mkdir(parents=True, exist_ok=True)
    wanted = (
        {p.name for p in src.iterdir() if p.is_file() and not p.name.endswith(PARTIAL_SUFFIXES)}
        if src.exists() else set()
    )
    for old in dst.iterdir():
        if old.is_file() and old.name not in wanted:
            old.unlink()
    for name in sorted(wanted):
        a, b = src / name, dst / name
        if not b.exists() or a.read_bytes() != b.read_bytes():
            shutil.copyfile(a, b)


def git_commit(root: Path) -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"], cwd=root, capture_output=True,
            text=True, check=True, timeout=10,
        )
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"], cwd=root,
            capture_output=True, text=True, timeout=10,
        ).stdout.strip()
        return out.stdout.strip() + ("+uncommitted changes" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown (not a git checkout)"


def build_time() -> str:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else now, in UTC."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = (
        dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch else dt.datetime.now(dt.UTC)
    )
    return moment.replace(microsecond=0).isoformat()


def data_as_of(root: Path) -> list[tuple[str, str]]:
    """(dataset, as-of) pairs shown in every footer: the newest date each source vouches for."""
    import pandas as pd

    rows = []
    results = root / "build" / "data" / "results.parquet"
    if results.exists():
        frame = pd.read_parquet(results, columns=["as_of"])
        if not frame.empty:
            rows.append(("Registrar results feed", str(frame["as_of"].max())))
    for name, label in [("reported_figures.csv", "Reported money figures"),
                        ("endorsement_events.csv", "Endorsement events")]:
        path = root / "data" / "reference" / name
        if path.exists():
            column = "as_of" if name == "reported_figures.csv" else "date"
            frame = pd.read_csv(path, dtype=str)
            if column in frame and frame[column].notna().any():
                rows.append((label, str(frame[column].dropna().max())))
    filings = root / "build" / "data" / "filings" / "accounting.json"
    if filings.exists():
        rows.append(("Itemized filings", "see Methodology (none in the repository yet)"))
    return rows


def footer_html(root: Path, config: RacesConfig) -> str:
    e = html.escape
    config_hash = hashlib.sha256((root / "config" / "races.yml").read_bytes()).hexdigest()[:12]
    as_of = "; ".join(f"{e(k)}: {e(v)}" for k, v in data_as_of(root)) or "no data built"
    races = ", ".join(e(r.id) for r in config.races)
    return (
        '<footer class="build-footer">\n'
        f"<p>Data as of: {as_of}.</p>\n"
        f"<p>Built {e(build_time())} from commit <code>{e(git_commit(root))}</code>. "
        f"Parameters: config/races.yml (sha256 {config_hash}…) with races {races}.</p>\n"
        "<p>Code MIT licence; data and text CC BY 4.0. To report an error, see About &amp; "
        "corrections.</p>\n"
        "</footer>\n"
    )


def races_index(config: RacesConfig) -> str:
    lines = ["---", 'title: "All races"', "---", "",
             "Each page is produced by the same notebooks, run with that race's parameters.", ""]
    for race in config.races:
        note = " (the explainer's race)" if race.featured else ""
        lines.append(f"- [{race.title}]({race.id}/index.qmd){note}")
    return "\n".join(lines) + "\n"


def build_site_inputs(root: Path, config: RacesConfig) -> list[Path]:
    """Write all generated site inputs; return the race pages written."""
    build = root / "build"
    write_bundle(root / "assets" / "vendor")
    notebooks = notebook_names(root)
    pages = []
    for race in config.races:
        race_build = build / "races" / race.id
        race_site = root / "races" / race.id
        sync_tree(race_build / "charts", race_site / "charts")
        sync_tree(build / "notebooks" / race.id, race_site / "notebooks")
        missing = [nb for nb in notebooks if not (race_site / "notebooks" / f"{nb}.ipynb").exists()]
        if missing:
            raise DataError(build / "notebooks" / race.id, None, None,
                            f"executed notebooks missing for {race.id}: {missing}; run `make notebooks`")
        page = race_site / "index.qmd"
        write_text_if_changed(page, render_race_page(race, race_build, notebooks, depth=2))
        pages.append(page)
    write_text_if_changed(root / "races" / "index.qmd", races_index(config))
    downloads = root / "downloads"
    downloads.mkdir(exist_ok=True)
    for name in ["results.csv"]:
        src = build / "data" / name
        if src.exists():
            sync_file(src, downloads / name)
    write_text_if_changed(root / "_footer.html", footer_html(root, config))
    return pages


def sync_file(src: Path, dst: Path) -> None:
    if not dst.exists() or src.read_bytes() != dst.read_bytes():
        shutil.copyfile(src, dst)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers.site_build", description=__doc__)
    parser.add_argument("--config", default=str(paths.RACES_CONFIG))
    args = parser.parse_args(argv)
    root = paths.project_root()
    try:
        config = load_races(args.config)
        pages = build_site_inputs(root, config)
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"site inputs ready: {len(pages)} race pages, footer, downloads, Vega bundle")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
