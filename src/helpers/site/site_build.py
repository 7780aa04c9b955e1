"""Prepare every Quarto input that is generated from data, so `quarto render` only typesets.

Inputs: build/ (executed notebooks, charts, facts, tidy data) and config/races.yml.
Outputs, all git-ignored: races/<id>/index.qmd with charts/ and notebooks/, races/index.qmd,
downloads/, _footer.html. Everything here is tested in Python,
so a missing Quarto never hides a broken page source.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd

from helpers import paths
from helpers.analysis.race_money import read_filings_table, rows_for_race
from helpers.analysis.reconciliation import load_records
from helpers.apstyle import as_of_text
from helpers.data.races import RacesConfig, load_races
from helpers.data.reference import (
    load_election_calendar,
    load_endorsement_events,
    load_reported_figures,
)
from helpers.errors import DataError
from helpers.io_atomic import write_text_if_changed
from helpers.paths import Layout
from helpers.site.changes import describe_changes, digest, load_digest
from helpers.site.methodology import (
    accounting_markdown,
    filings_inputs_markdown,
    official_totals_markdown,
    reconciliation_markdown,
    sources_manifest_markdown,
    statements_coverage_markdown,
)
from helpers.site.publish import Download, facts_table, write_downloads
from helpers.site.race_page import render_race_page
from helpers.site.story import explainer_page
from helpers.site.vega_assets import check_vendored_vega
from helpers.tables import markdown_escape, markdown_table


def notebook_names(root: Path) -> list[str]:
    """Source notebooks, in reading order (their numeric prefix)."""
    return [p.stem for p in Layout(root).source_notebooks()]


PARTIAL_SUFFIXES = (".failed.ipynb", ".running.ipynb")


# A chart's data-table fragment is included in its page (race_page.chart_block): published
# alone it would be a page without title, language or landmarks.
UNPUBLISHED_SUFFIXES = (".table.html",)


def sync_tree(src: Path, dst: Path, skip: tuple[str, ...] = ()) -> None:
    """Mirror files from src to dst, copying only what changed and removing what is gone.

    Failed or interrupted notebook runs and hidden temporary files (left by a killed atomic
    write) are never published, nor files ending with one of ``skip``.
    """
    dst.mkdir(parents=True, exist_ok=True)
    wanted = (
        {p.name for p in src.iterdir()
         if p.is_file() and not p.name.endswith(PARTIAL_SUFFIXES + skip)
         and not p.name.startswith(".")}
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
    """(dataset, as-of) pairs shown in every footer: the newest date each source vouches for,
    in AP style and no more exact than its row ('October 2024' for a month-precision date)."""
    import pandas as pd

    rows = []
    layout = Layout(root)
    results = layout.results_table
    if results.exists():
        frame = pd.read_parquet(results, columns=["as_of"])
        if not frame.empty:
            rows.append(("Registrar results feed", as_of_text(str(frame["as_of"].max()))))
    for name, label, column, precision in [
            ("reported_figures.csv", "Reported figures", "as_of", "as_of_precision"),
            ("endorsement_events.csv", "Endorsement events", "date", "date_precision")]:
        path = layout.reference / name
        if path.exists():
            frame = pd.read_csv(path, dtype=str)
            dated = frame[frame[column].notna()] if column in frame else frame.iloc[0:0]
            if len(dated):
                newest = dated.sort_values(column, kind="stable").iloc[-1]
                word = newest.get(precision)
                rows.append((label, as_of_text(newest[column],
                                               word if isinstance(word, str) and word else "day")))
    filings = layout.filings_accounting
    if filings.exists():
        raw = json.loads(filings.read_text(encoding="utf-8"))["totals"]["raw"]
        rows.append(("Itemized filings", "none in the repository yet" if raw == 0
                     else f"{raw:,} rows read, see Methodology"))
    return rows


def footer_html(root: Path, config: RacesConfig) -> str:
    e = html.escape
    config_hash = hashlib.sha256((root / "config" / "races.yml").read_bytes()).hexdigest()[:12]
    as_of = "; ".join(f"{e(k)}: {e(v)}" for k, v in data_as_of(root)) or "no data built"
    races = ", ".join(e(r.id) for r in config.races)
    return (
        '<footer class="build-footer">\n'
        f"<p>Data as of: {as_of}.</p>\n"
        f"<p>Built {e(as_of_text(build_time(), zone='UTC'))} from commit <code>{e(git_commit(root))}</code>. "
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
    layout = Layout(root)
    check_vendored_vega(root)
    notebooks = notebook_names(root)
    pages = []
    for race in config.races:
        race_build, race_site = layout.race_build(race.id), layout.race_site(race.id)
        sync_tree(layout.race_charts(race.id), layout.race_site_charts(race.id),
                  skip=UNPUBLISHED_SUFFIXES)
        sync_tree(layout.executed_notebooks(race.id), layout.race_site_notebooks(race.id))
        published = layout.race_site_notebooks(race.id)
        missing = [nb for nb in notebooks if not (published / f"{nb}.ipynb").exists()]
        if missing:
            raise DataError(layout.executed_notebooks(race.id), None, None,
                            f"executed notebooks missing for {race.id}: {missing}; "
                            "run `make notebooks`")
        page = race_site / "index.qmd"
        write_text_if_changed(page, render_race_page(race, race_build, notebooks, depth=2))
        pages.append(page)
    write_text_if_changed(layout.site_races / "index.qmd", races_index(config))
    write_explainer(root, config)
    package = write_site_downloads(root, config)
    write_generated_fragments(root, config, package)
    write_text_if_changed(layout.footer, footer_html(root, config))
    return pages


def write_explainer(root: Path, config: RacesConfig) -> None:
    """index.qmd: the featured race's story, or a front page leading to the built races
    (helpers.site.story.explainer_page), every figure a linked fact."""
    write_text_if_changed(Layout(root).explainer,
                          lazy_after_first(explainer_page(root, config.races)))


CHART_IMG = re.compile(r'<img src="[^"]*\.phone\.svg"[^>]*>')


def lazy_after_first(text: str) -> str:
    """Chart images after the page's first load lazily: the first chart is part of what a
    reader sees at once, the others are fetched as they scroll near them."""
    seen = 0

    def mark(match: re.Match) -> str:
        nonlocal seen
        seen += 1
        tag = match.group(0)
        return tag if seen == 1 or " loading=" in tag else tag[:-1] + ' loading="lazy">'

    return CHART_IMG.sub(mark, text)


REFERENCE_SOURCE = [{"title": "Sourced row by row (source_url column)", "path": "data/reference/"}]


def site_downloads(root: Path, config: RacesConfig) -> list[Download]:
    layout = Layout(root)
    items = []
    results = layout.results_table
    if results.exists():
        items.append(Download(
            "results", "Registrar results by snapshot",
            "LA County Registrar-Recorder results feed: one row per snapshot, contest, "
            "candidate.",
            [{"title": "LA County Registrar-Recorder/County Clerk results feed",
              "path": "https://results.lavote.gov/"}], pd.read_parquet(results)))
    items += [
        Download("endorsement_events", "Endorsement events",
                 "Endorsement actions, scheduled meetings and statements, each with its source.",
                 REFERENCE_SOURCE, load_endorsement_events()),
        Download("reported_figures", "Reported money and vote figures",
                 "Every figure reported about the races, with qualifier, as-of date and source.",
                 REFERENCE_SOURCE, load_reported_figures()),
        Download("election_calendar", "Election calendar", "Key dates per race, sourced.",
                 REFERENCE_SOURCE, load_election_calendar()),
        Download("facts", "Every figure quoted on this site",
                 "The facts file: each quoted number with dataset rows, source and as-of date.",
                 [{"title": "Computed by the project's notebooks", "path": "notebooks/"}],
                 facts_table(root, [r.id for r in config.races])),
    ]
    filings_src = [{"title": "L.A. City Ethics Commission", "path": "https://data.lacity.org/"}]
    for name, title in [("independent_expenditures", "Independent expenditures (cleaned filings)"),
                        ("contributions", "Contributions (cleaned filings)"),
                        ("quarantine", "Filing rows set aside, with the reason")]:
        frame = read_filings_table(layout.build, name)
        if "source_file" in frame or not frame.empty:
            items.append(Download(name, title, f"{title}; see Methodology.", filings_src, frame))
    return items


def write_site_downloads(root: Path, config: RacesConfig) -> dict:
    layout = Layout(root)
    return write_downloads(site_downloads(root, config), layout.downloads, layout.datapackage)


def write_generated_fragments(root: Path, config: RacesConfig, package: dict) -> None:
    """Markdown pieces the hand-written pages include with {{< include >}}."""
    layout = Layout(root)
    out = layout.generated
    out.mkdir(exist_ok=True)
    lines = []
    for res in package["resources"]:
        lines.append(f"### {markdown_escape(res['title'])}\n")
        lines.append(f"[{res['path']}]({res['path']}) ({res['rows']:,} rows). "
                     f"{markdown_escape(res['description'])}\n")
        fields = pd.DataFrame(
            [{"Column": f["name"], "Type": f["type"]} for f in res["schema"]["fields"]])
        lines.append(markdown_table(fields) + "\n")
    write_text_if_changed(out / "downloads.md", "\n".join(lines))
    records = load_records(layout.reconciliation)
    write_text_if_changed(out / "reconciliation.md", reconciliation_markdown(records))
    accounting = layout.filings_accounting
    write_text_if_changed(out / "accounting.md", accounting_markdown(accounting))
    write_filings_fragments(root, config, out)
    bad_inputs = root / "docs" / "bad-inputs.md"
    if bad_inputs.exists():  # the tested corpus of bad inputs, under the page's own heading
        lines = bad_inputs.read_text(encoding="utf-8").splitlines()
        body = [line for line in lines if not line.startswith("# ")]
        write_text_if_changed(out / "bad-inputs.md", "\n".join(body) + "\n")
    current = digest(package, layout.downloads)
    write_text_if_changed(layout.digest,
                          json.dumps(current, indent=2, sort_keys=True) + "\n")
    previous = load_digest(layout.published_digest)
    changes = describe_changes(previous, current)
    bullets = [("    - " if line.startswith("  ") else "- ") + markdown_escape(line.strip())
               for line in changes]
    write_text_if_changed(out / "changes.md", "\n".join(bullets) + "\n")


def write_filings_fragments(root: Path, config: RacesConfig, out: Path) -> None:
    """Methodology: the data and filings files read, official totals, statements coverage."""
    layout = Layout(root)
    build_data = layout.build_data
    write_text_if_changed(out / "sources.md", sources_manifest_markdown(build_data))
    write_text_if_changed(out / "filings-inputs.md",
                          filings_inputs_markdown(layout.filings_accounting))
    elections = {r.id: r.filings.ethics_election_id if r.filings else None for r in config.races}
    write_text_if_changed(out / "official-totals.md",
                          official_totals_markdown(layout.raw_lacity_ethics,
                                                   elections))
    statements = read_filings_table(layout.build, "statements_filed")
    contributions = read_filings_table(layout.build, "contributions")
    committees = {}
    for race in config.races:
        rows = rows_for_race(contributions, race)
        ids = rows[rows["filer_id"].astype("str") != ""] if len(rows) else rows
        if len(ids):
            named = dict(zip(ids["filer_id"], ids["committee_name"], strict=True))
            begin = dt.date(race.primary_date.year - 1, 1, 1)
            committees[race.id] = (named, begin, race.general_date or race.primary_date)
    write_text_if_changed(out / "statements-coverage.md",
                          statements_coverage_markdown(statements, committees))


def select_races(config: RacesConfig, ids: list[str], path: Path) -> RacesConfig:
    """The configured races limited to ``ids`` (all when empty), in configuration order."""
    if not ids:
        return config
    known = {r.id for r in config.races}
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise DataError(path, None, "id", f"race(s) {unknown} not configured")
    return RacesConfig(races=[r for r in config.races if r.id in ids])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers.site.site_build", description=__doc__)
    parser.add_argument("--config", default=str(paths.RACES_CONFIG))
    parser.add_argument("--races", default="", help="space-separated race ids (default: all)")
    args = parser.parse_args(argv)
    root = paths.project_root()
    try:
        config = select_races(load_races(args.config), args.races.split(), Path(args.config))
        pages = build_site_inputs(root, config)
    except (DataError, FileNotFoundError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"site inputs ready: {len(pages)} race pages, explainer, footer, downloads")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
