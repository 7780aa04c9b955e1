"""The source layer: mirror and cache resolution, the build's manifest, what is missing.

Runs everywhere on the project's synthetic TEST DATA feed (tests/synthetic_feed.py) in
temporary project roots; hashes are computed here with hashlib from the files written.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
import yaml

from helpers.data import build_data
from helpers.data.sources import load_sources, read_manifest, registrar_files
from helpers.errors import DataError
from helpers.site.changes import describe_changes
from helpers.site.methodology import sources_manifest_markdown, sources_manifest_rows
from helpers.site.story import render_story
from tests import synthetic_feed as feed
from tests.conftest import ROOT, guarded_pythonpath, mirror_dir

E = feed.TEST_ELECTION


@pytest.fixture
def env(monkeypatch):
    for name in ("FTM_MIRROR", "FTM_NO_MIRROR", "FTM_CACHE", "FTM_LAVOTE_URL"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def make_root(base: Path, races: list[dict] | None = None) -> Path:
    """A project root holding the real sources config and a races config."""
    root = base / "proj"
    (root / "config").mkdir(parents=True)
    shutil.copy(ROOT / "config" / "sources.yml", root / "config" / "sources.yml")
    races = races or [race("test-a", E, 701), race("test-b", None, None)]
    (root / "config" / "races.yml").write_text(yaml.safe_dump({"races": races}))
    return root


def race(race_id, election, contest) -> dict:
    out = {"id": race_id, "title": "T", "short_title": "T", "jurisdiction": "lausd",
           "office": "Board of Education", "district": 9, "primary_date": "2024-03-05"}
    if election:
        out["results"] = {"election_id": election, "contest_id": contest}
    return out


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---- where files are looked for -----------------------------------------------------------

def test_mirror_beside_the_root_is_used_unless_hidden_or_moved(tmp_path, env):
    root = make_root(tmp_path)
    assert load_sources(root).mirror is None  # no ../shared/data beside it
    (tmp_path / "shared" / "data").mkdir(parents=True)
    assert load_sources(root).mirror == (tmp_path / "shared" / "data").resolve()
    env.setenv("FTM_NO_MIRROR", "1")
    assert load_sources(root).mirror is None
    env.setenv("FTM_NO_MIRROR", "0")
    assert load_sources(root).mirror == (tmp_path / "shared" / "data").resolve()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env.setenv("FTM_MIRROR", str(elsewhere))
    assert load_sources(root).mirror == elsewhere.resolve()
    env.setenv("FTM_MIRROR", str(tmp_path / "nope"))
    with pytest.raises(DataError, match="FTM_MIRROR=.*nope: no such folder"):
        _ = load_sources(root).mirror


def test_cache_and_mirror_are_merged_one_drop_per_timestamp(tmp_path, env):
    root = make_root(tmp_path)
    mirror = tmp_path / "shared" / "data" / "lavote"
    defs = feed.write(mirror / f"election_{E}.json", feed.definitions_doc())
    a = feed.write(mirror / f"results_{E}_2024-11-05T20-40-00.json", feed.FIRST)
    b_mirror = feed.write(mirror / f"results_{E}_2024-11-06T17-30-00.json", feed.SECOND)
    cache = root / "data" / "cache" / "lavote" / str(E)
    b_cache = feed.write(cache / f"results_{E}_2024-11-06T17-10-00.json", feed.SECOND)
    third = feed.drop_doc("11/7/2024 9:00:00 AM", {7011: 200, 7012: 100, 7021: 150, 7022: 120})
    c = feed.write(cache / f"results_{E}_2024-11-07T09-00-00.json", third)
    files = registrar_files(load_sources(root), E)
    assert files.definitions.path == defs and files.definitions.origin == "mirror"
    assert [(f.path, f.origin) for f in files.drops] == [
        (a, "mirror"), (b_cache, "download cache"), (c, "download cache")]
    assert b_mirror not in [f.path for f in files.drops]  # same TimeStamp: used once
    assert [f.sha256 for f in files.drops] == [sha(a), sha(b_cache), sha(c)]
    assert [f.timestamp.isoformat() for f in files.drops] == [
        "2024-11-05T20:36:34-08:00", "2024-11-06T17:10:00-08:00", "2024-11-07T09:00:00-08:00"]
    env.setenv("FTM_NO_MIRROR", "1")
    hidden = registrar_files(load_sources(root), E)
    assert hidden.definitions is None and [f.path for f in hidden.drops] == [b_cache, c]


# ---- the data step: manifest, per-race files, what is missing -----------------------------

def run_build(root: Path, capsys) -> tuple[int, str]:
    code = build_data.main(["--config", str(root / "config" / "races.yml"),
                            "--out", str(root / "build" / "data")])
    return code, capsys.readouterr().out


def test_build_records_every_file_used_with_its_hash(tmp_path, env, capsys):
    root = make_root(tmp_path)
    cache = root / "data" / "cache" / "lavote" / str(E)
    defs = feed.write(cache / f"election_{E}_2024-11-05T20-00-00.json", feed.definitions_doc())
    first = feed.write(cache / f"results_{E}_2024-11-05T20-36-34.json", feed.FIRST)
    code, out = run_build(root, capsys)
    assert code == 0 and "missing:" not in out
    manifest = json.loads((root / "build" / "data" / "sources-manifest.json").read_text())
    assert manifest["missing"] == []
    assert [(r["file"], r["kind"], r["origin"], r["sha256"], r["bytes"], r["publisher_timestamp"])
            for r in manifest["files"]] == [
        (defs.name, "definitions", "download cache", sha(defs), defs.stat().st_size,
         "2024-11-05T20:00:00-08:00"),
        (first.name, "drop", "download cache", sha(first), first.stat().st_size,
         "2024-11-05T20:36:34-08:00")]
    assert manifest["files"][1]["publisher_url"] == (
        f"https://results.lavote.gov/ElectionResults/GetCounterData?electionID={E}")
    csv_rows = (root / "build" / "data" / "sources-manifest.csv").read_text().splitlines()
    assert len(csv_rows) == 3 and sha(first) in csv_rows[2]
    text = json.dumps(manifest)
    assert str(tmp_path) not in text  # no machine-specific path in the build output
    # per-race rows: the race with results has its two candidates, the other a header only
    a = (root / "build" / "data" / "results" / "test-a.csv").read_text().splitlines()
    b = (root / "build" / "data" / "results" / "test-b.csv").read_text().splitlines()
    assert len(a) == 1 + 2 and len(b) == 1 and a[0] == b[0]


def test_a_new_drop_rewrites_only_the_races_it_moves(tmp_path, env, capsys):
    races = [race("test-a", E, 701), race("test-c", 9002, 701)]
    root = make_root(tmp_path, races)
    for election in (E, 9002):
        cache = root / "data" / "cache" / "lavote" / str(election)
        feed.write(cache / f"election_{election}_x.json", feed.definitions_doc(election))
        feed.write(cache / f"results_{election}_1.json", feed.FIRST)
    run_build(root, capsys)
    out = root / "build" / "data"
    before = {p.name: p.stat().st_mtime_ns for p in (out / "results").iterdir()}
    time.sleep(0.05)
    run_build(root, capsys)  # nothing changed: nothing rewritten
    assert {p.name: p.stat().st_mtime_ns for p in (out / "results").iterdir()} == before
    feed.write(root / "data" / "cache" / "lavote" / str(E) / f"results_{E}_2.json", feed.SECOND)
    run_build(root, capsys)
    after = {p.name: p.stat().st_mtime_ns for p in (out / "results").iterdir()}
    assert after["test-c.csv"] == before["test-c.csv"]
    assert after["test-a.csv"] != before["test-a.csv"]


def test_without_feed_files_the_build_says_what_is_missing_and_how_to_get_it(tmp_path, env, capsys):
    root = make_root(tmp_path)
    code, out = run_build(root, capsys)
    assert code == 0
    assert f"make fetch-results ELECTION={E}" in out and "needed by test-a" in out
    manifest = read_manifest(root / "build" / "data")
    assert manifest["files"] == []
    [missing] = manifest["missing"]
    assert missing["dataset"] == f"registrar results, election {E}"
    assert missing["needed_by"] == ["test-a"] and missing["command"] == f"make fetch-results ELECTION={E}"
    header = (root / "build" / "data" / "results.csv").read_text().splitlines()
    assert len(header) == 1 and header[0].startswith("race_id,")


def test_the_real_config_without_a_mirror_builds_and_names_election_4324(tmp_path, env, capsys):
    env.setenv("FTM_NO_MIRROR", "1")
    env.setenv("FTM_CACHE", str(tmp_path / "empty-cache"))
    code = build_data.main(["--config", str(ROOT / "config" / "races.yml"),
                            "--out", str(tmp_path / "out")])
    assert code == 0
    manifest = read_manifest(tmp_path / "out")
    assert [m["command"] for m in manifest["missing"]] == ["make fetch-results ELECTION=4324"]
    assert manifest["missing"][0]["needed_by"] == ["lausd-d1-2024", "lausd-d3-2024", "lausd-d5-2024"]


# ---- pages: explainer, Methodology, What changed ------------------------------------------

def write_manifest(root: Path, files: list[dict], missing: list[dict]) -> None:
    path = root / "build" / "data" / "sources-manifest.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"files": files, "missing": missing}))


MISSING = [{"dataset": "registrar results, election 4324", "needed_by": ["lausd-d1-2024"],
            "why": "not found", "command": "make fetch-results ELECTION=4324"}]


def test_explainer_without_the_feed_marks_figures_and_lists_what_is_missing(tmp_path):
    (tmp_path / "story").mkdir()
    story = tmp_path / "story" / "race.md"
    story.write_text("---\ntitle: T\n---\n\nThe runoff: {{fact:runoff_votes_x}} votes.\n\n"
                     "{{chart:runoff-results}}\n")
    with pytest.raises(DataError, match="unknown fact 'runoff_votes_x'"):
        render_story(story, {}, {}, "races/r")  # no manifest: an unknown key still stops
    write_manifest(tmp_path, [], MISSING)
    page = render_story(story, {}, {}, "races/r")
    assert page.startswith("---\ntitle: T\n---\n\n::: {.callout-warning}\n## Data missing")
    assert "`make fetch-results ELECTION=4324`" in page
    assert "The runoff: *(figure not in this build)* votes." in page
    assert "Chart not in this build" in page


def test_methodology_lists_the_manifest_and_what_is_missing(tmp_path):
    row = {"dataset": "registrar results, election 4324", "kind": "drop", "file": "r.json",
           "origin": "mirror", "publisher_timestamp": "2024-11-21T16:29:49-08:00",
           "sha256": "ab" * 32, "bytes": 10, "publisher_url": "https://results.lavote.gov/x"}
    write_manifest(tmp_path, [row], MISSING)
    rows = sources_manifest_rows(tmp_path / "build" / "data")
    assert rows == [{"Dataset": row["dataset"], "File": "r.json", "Kind": "drop", "From": "mirror",
                     "Publisher time stamp": row["publisher_timestamp"], "sha256": "ab" * 32}]
    text = sources_manifest_markdown(tmp_path / "build" / "data")
    assert "| r\\.json |" in text and "ab" * 32 in text  # table cells are Markdown-escaped
    assert "`make fetch-results ELECTION=4324`" in text
    assert sources_manifest_markdown(tmp_path / "nope") == "The data step has not run.\n"


def test_what_changed_names_a_new_registrar_drop():
    old = {"tables": {"results": {"rows": 4, "hash": "a", "drops": ["2024-11-05T20:36:34-08:00"]}}}
    new = {"tables": {"results": {"rows": 6, "hash": "b", "drops": [
        "2024-11-05T20:36:34-08:00", "2024-11-21T16:29:49-08:00"]}}}
    lines = describe_changes(old, new)
    assert "results: 4 rows before, 6 now." in lines
    assert "  new registrar drop: counts as of 2024-11-21T16:29:49-08:00" in lines


# ---- the repository and the Makefile ------------------------------------------------------

def tracked_files() -> list[str]:
    out = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True)
    return [f for f in out.stdout.splitlines() if (ROOT / f).is_file()]


def test_the_repository_holds_no_registrar_feed_files():
    feedlike = [f for f in tracked_files() if f.startswith("data/")
                and re.search(r"(election|results)_\d+.*\.json$", f)]
    assert feedlike == []


def test_the_repository_holds_no_copy_of_a_mirror_file():
    mirror = mirror_dir()
    if mirror is None:
        pytest.skip("real-data test skipped: no local mirror to compare with")
    mirror_hashes = {sha(p): p for p in mirror.rglob("*") if p.is_file()
                     and p.name != "README.md" and p.stat().st_size > 200}
    sizes = {p.stat().st_size for p in mirror_hashes.values()}
    copies = [f for f in tracked_files()
              if (ROOT / f).stat().st_size in sizes and sha(ROOT / f) in mirror_hashes]
    assert copies == [], f"copies of ../shared files are committed: {copies}"


def makefile_variable(name: str) -> list[str]:
    text = (ROOT / "Makefile").read_text()
    match = re.search(rf"^{name} := (.*)$", text, re.M)
    assert match, name
    return match.group(1).split()


def test_only_the_notebooks_that_read_results_wait_for_a_new_drop():
    """A new drop reruns RESULTS_NOTEBOOKS only: every reader of results.parquet must be listed."""
    readers = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")
                     if "results.parquet" in p.read_text(encoding="utf-8"))
    assert readers == sorted(makefile_variable("RESULTS_NOTEBOOKS"))
    # a helper a notebook calls must not read the table behind make's back
    # (paths.py only names the file: Layout.results_table is how a reader would ask for it)
    helpers = sorted(p.name for p in (ROOT / "src" / "helpers").rglob("*.py")
                     if p.name != "paths.py" and any(
                         word in p.read_text(encoding="utf-8")
                         for word in ("results.parquet", "results_table")))
    assert helpers == ["build_data.py", "site_build.py"], (
        "a helper now reads results.parquet: add the notebooks calling it to RESULTS_NOTEBOOKS")


def test_inputs_list_is_rewritten_only_when_it_changes(tmp_path, env):
    root = make_root(tmp_path)
    cache = root / "data" / "cache" / "lavote" / str(E)
    feed.write(cache / f"results_{E}_1.json", feed.FIRST)
    state = tmp_path / "sources.list"
    cmd = [str(ROOT / ".venv" / "bin" / "python"), "-m", "helpers.data.sources", "--root", str(root),
           "inputs", "--state", str(state)]
    run_env = {**os.environ, "PYTHONPATH": guarded_pythonpath(ROOT / "src"), "FTM_NO_MIRROR": "1"}
    out = subprocess.run(cmd, env=run_env, capture_output=True, text=True, check=True).stdout
    assert out.split() == [str(cache / f"results_{E}_1.json")]
    first = state.stat().st_mtime_ns
    time.sleep(0.05)
    subprocess.run(cmd, env=run_env, capture_output=True, text=True, check=True)
    assert state.stat().st_mtime_ns == first
    feed.write(cache / f"results_{E}_2.json", feed.SECOND)
    subprocess.run(cmd, env=run_env, capture_output=True, text=True, check=True)
    assert state.read_text().splitlines()[-1].endswith(f"results_{E}_2.json")
