"""Notebook 05 run with papermill on a primary feed and on an unopposed contest (TEST DATA).

The race it was written for is a runoff; these are the two other shapes a registrar feed takes
(tests/results_feeds.py). Each race is run once, in a throwaway project root holding only the
TEST DATA races, the committed reference data (only its rows for those races: race ids must be
races in the root's config/races.yml) and the tidy results built from the fixture feed.
Expected numbers and words are worked by hand in tests/results_feeds.py.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from helpers.data.lavote import TIDY_COLUMNS, tidy_contest_results
from tests import results_feeds as feeds
from tests.conftest import ROOT

pytestmark = pytest.mark.notebooks
RACES = ("test-primary-2026", "test-unopposed-2026")


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A project root with the TEST DATA races, their tidy results, and 05 run for each."""
    root = tmp_path_factory.mktemp("results-nb")
    (root / "config").mkdir()
    (root / "config" / "races.yml").write_text(feeds.RACES_YML, encoding="utf-8")
    shutil.copytree(ROOT / "data" / "reference", root / "data" / "reference")
    for name in ("endorsement_events", "reported_figures", "election_calendar"):
        keep_rows_of(root / "data" / "reference" / f"{name}.csv", RACES)
    defs, drops = feeds.write_feed(root / "feed")
    tidy = tidy_contest_results(defs, drops, [801, 802])
    race_of = {801: "test-primary-2026", 802: "test-unopposed-2026"}
    tidy = tidy.assign(race_id=tidy["contest_id"].map(race_of))[["race_id", *TIDY_COLUMNS]]
    (root / "build" / "data").mkdir(parents=True)
    tidy.to_parquet(root / "build" / "data" / "results.parquet", index=False)
    env = {**os.environ, "LAUSD_MONEY_ROOT": str(root)}
    for race in RACES:
        params = root / f"{race}.json"
        params.write_text(json.dumps({"race_id": race, "build_dir": "build"}))
        target = root / "build" / "notebooks" / race / "05-results.ipynb"
        run = subprocess.run(
            [sys.executable, "-m", "helpers.analysis.run_notebooks", str(ROOT / "notebooks" / "05-results.ipynb"),
             str(target), "--params", str(params)],
            cwd=root, env=env, capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-4000:]
    return root


def keep_rows_of(path: Path, races: tuple[str, ...]) -> None:
    """Drop the rows of races this root's races.yml does not have (the loaders reject them)."""
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
        columns = list(rows[0]) if rows else []
    if not columns:
        return
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, columns)
        writer.writeheader()
        writer.writerows(r for r in rows if r["race_id"] in races)


def facts(project: Path, race: str) -> dict:
    path = project / "build" / "races" / race / "facts" / "05-results.json"
    return {k: f for k, f in json.loads(path.read_text())["facts"].items()}


def charts(project: Path, race: str) -> dict:
    path = project / "build" / "races" / race / "charts" / "05-results.charts.json"
    entries = json.loads(path.read_text())
    entries = entries["charts"] if isinstance(entries, dict) else entries
    return {e["name"]: e for e in entries}


def words(project: Path, race: str, outputs_only: bool = False) -> str:
    """What a reader of the executed notebook sees: its Markdown (unless ``outputs_only``: the
    words computed for this race) and its outputs."""
    nb = nbformat.read(project / "build" / "notebooks" / race / "05-results.ipynb", 4)
    parts = []
    for cell in nb.cells:
        if cell.cell_type == "markdown" and not outputs_only:
            parts.append(cell.source)
        for out in cell.get("outputs", []):
            assert out.get("output_type") != "error", out
            parts.append("".join(out.get("data", {}).get("text/markdown", "")))
    return "\n".join(parts).replace("\\", "")


def test_a_primary_feed_reads_as_a_primary(project):
    f = facts(project, "test-primary-2026")
    assert f["primary_votes_alpha-testcase"]["value"] == 4210
    assert f["primary_votes_beta-testcase"]["value"] == 3105
    assert f["primary_share_alpha-testcase"]["value"] == 46.8   # 4,210 / 9,000
    assert f["primary_share_beta-testcase"]["value"] == 34.5    # 3,105 / 9,000
    assert f["primary_share_gamma-testcase"]["value"] == 18.7   # 1,685 / 9,000
    assert f["primary_leader"]["value"] == "Alpha Testcase"
    assert f["primary_outcome"]["value"] == (
        "No candidate has a majority in the June 2, 2026 primary: Alpha Testcase leads with "
        "46.8% of the votes to Beta Testcase's 34.5%, in the count as of June 5, 2026. A leader "
        "short of a majority goes to a runoff.")
    assert f["primary_count_stage"]["value"].startswith("a semi-official update of the count")
    assert not [k for k in f if k.startswith("runoff_")]
    drawn = charts(project, "test-primary-2026")
    assert set(drawn) == {"primary-results", "primary-count-over-time"}
    assert drawn["primary-results"]["title"] == "Primary votes by candidate"


def test_the_primary_notebook_never_calls_it_a_runoff_or_certified(project):
    text = words(project, "test-primary-2026")
    assert "Primary votes by candidate" in text
    assert "No candidate has a majority in the June 2, 2026 primary" in text
    for wrong in ("Runoff votes", "the November runoff", "canvass update",
                  "not the certified result", "March primary", "Nov. 5"):
        assert wrong not in text, wrong


def test_an_unopposed_contest_builds_and_says_unopposed(project):
    f = facts(project, "test-unopposed-2026")
    assert f["primary_votes_delta-testcase"]["value"] == 5432
    assert f["primary_write_in_votes"]["value"] == 17
    assert f["primary_ballots"]["value"] == 5432 + 17 + 5 + 1   # CFV + CUV + COV
    assert f["primary_outcome"]["value"] == (
        "Delta Testcase ran unopposed in the June 2, 2026 primary: 5,432 votes, in the count as "
        "of June 5, 2026, with 17 write-in votes cast.")
    assert "primary_leader" not in f
    assert set(charts(project, "test-unopposed-2026")) == {"primary-count-over-time"}
    text = words(project, "test-unopposed-2026", outputs_only=True)
    assert "ran unopposed" in text and "One candidate is on the ballot" in text
    for wrong in ("runoff", "majority", "leads", "won"):
        assert wrong not in text, wrong


def test_the_race_pages_of_both_shapes_carry_the_outcome(project, monkeypatch):
    from helpers.data.races import load_races
    from helpers.site.race_page import render_race_page

    for race in load_races(project / "config" / "races.yml").races:
        page = render_race_page(race, project / "build" / "races" / race.id, ["05-results"], 2)
        assert 'id="receipt-primary_outcome"' in page, race.id
