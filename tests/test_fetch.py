"""Live registrar results: fetching drops from a loopback server that replays them in order.

The server (tests/replay_server.py) stands in for results.lavote.gov on 127.0.0.1. Unit tests
replay the project's synthetic TEST DATA feed; the real-data test replays the mirror's drops
(skipped without a mirror). Expected file contents and hashes are computed here from the bytes
served, with hashlib, never read back from the code under test.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.data.sources import FetchError, Sources, _save_new, fetch_results, load_sources
from helpers.errors import DataError
from tests import synthetic_feed as feed
from tests.conftest import ROOT, guarded_pythonpath, link_venv, make
from tests.replay_server import ReplayServer, Response

E = feed.TEST_ELECTION


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project root with the real sources config, no mirror and an empty download cache."""
    monkeypatch.setenv("FTM_NO_MIRROR", "1")
    monkeypatch.delenv("FTM_CACHE", raising=False)
    monkeypatch.delenv("FTM_LAVOTE_URL", raising=False)
    (tmp_path / "config").mkdir()
    shutil.copy(ROOT / "config" / "sources.yml", tmp_path / "config" / "sources.yml")
    return load_sources(tmp_path)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file in the cache folder (hidden temporary files included) with its bytes."""
    if not folder.exists():
        return {}
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.name != "fetch-log.csv"}


def test_replayed_drops_follow_the_new_drop_rule(project: Sources):
    defs = feed.to_bytes(feed.definitions_doc())
    first, second = feed.to_bytes(feed.FIRST), feed.to_bytes(feed.SECOND)
    same_counts_later = json.loads(second)
    same_counts_later["TimeStamp"] = "11/6/2024 6:00:00 PM"
    other_election = feed.to_bytes(feed.drop_doc(
        "11/7/2024 9:00:00 AM", {1: 5, 2: 6}, contests={50: ("OTHER", {1: "X", 2: "Y"})}))
    replay = [
        first,                                   # 1 new: saved
        first,                                   # 2 repeated drop: same TimeStamp, skipped
        Response(second, cut_short=True),        # 3 connection closed half way: error
        second[: len(second) // 2],              # 4 truncated JSON (complete HTTP response): error
        second,                                  # 5 new: saved
        feed.to_bytes(same_counts_later),        # 6 later TimeStamp, same CAND rows: skipped
        other_election,                          # 7 candidates of another election: refused
        first,                                   # 8 an older drop again: skipped
    ]
    folder = project.cache_folder(E)
    with ReplayServer({E: defs}, {E: replay}) as server:
        def fetch():
            return fetch_results(project, E, base_url=server.url, timeout=10)

        out = fetch()  # 1
        assert sorted(p.name for p in out.saved) == [
            f"election_{E}_2024-11-05T20-00-00.json", f"results_{E}_2024-11-05T20-36-34.json"]
        kept = snapshot(folder)
        assert kept == {f"election_{E}_2024-11-05T20-00-00.json": defs,
                        f"results_{E}_2024-11-05T20-36-34.json": first}

        out = fetch()  # 2
        assert out.saved == [] and "no new drop" in out.lines[-1] and "same TimeStamp" in out.lines[-1]
        assert snapshot(folder) == kept

        with pytest.raises(FetchError, match=r"GetCounterData\?electionID=9001: the response was cut short"):
            fetch()  # 3
        assert snapshot(folder) == kept

        with pytest.raises(DataError, match=r"GetCounterData\?electionID=9001.*not valid JSON"):
            fetch()  # 4
        assert snapshot(folder) == kept

        out = fetch()  # 5
        assert [p.name for p in out.saved] == [f"results_{E}_2024-11-06T17-10-00.json"]
        kept = {**kept, f"results_{E}_2024-11-06T17-10-00.json": second}
        assert snapshot(folder) == kept

        out = fetch()  # 6
        assert out.saved == [] and "candidate counts equal" in out.lines[-1]
        with pytest.raises(DataError, match="another election"):
            fetch()  # 7
        out = fetch()  # 8
        assert out.saved == [] and "older than" in out.lines[-1]
        assert snapshot(folder) == kept  # nothing overwritten, nothing half-written

    assert len([r for r in server.requests if "GetCounterData" in r]) == 8
    with open(folder / "fetch-log.csv", encoding="utf-8") as fh:
        log = list(csv.DictReader(fh))
    saved = [r for r in log if r["outcome"] == "saved drop"]
    assert [r["sha256"] for r in saved] == [sha(first), sha(second)]
    assert [r["outcome"] for r in log].count("not newer") == 2


def test_definitions_of_another_election_are_refused(project: Sources):
    defs_9001 = feed.to_bytes(feed.definitions_doc())
    server = ReplayServer({4338: defs_9001}, {4338: [feed.to_bytes(feed.FIRST)]})
    with server, pytest.raises(DataError) as err:
        fetch_results(project, 4338, base_url=server.url, timeout=10)
    message = str(err.value)
    assert "GetElectionData?electionID=4338" in message and "column 'Data.ID'" in message
    assert "asked for election 4338, the publisher returned election 9001" in message
    assert not project.cache_folder(4338).exists()


def test_unknown_election_and_unreachable_server_are_clear_errors(project: Sources):
    with ReplayServer({}, {}) as server:
        with pytest.raises(FetchError, match="HTTP 404"):
            fetch_results(project, 1234, base_url=server.url, timeout=10)
        url = server.url
    with pytest.raises(FetchError, match=r"127\.0\.0\.1.*could not download"):
        fetch_results(project, 1234, base_url=url, timeout=5)


def test_a_saved_file_is_never_overwritten(tmp_path):
    target = tmp_path / "results_1_2024-11-05T20-36-34.json"
    target.write_bytes(b"earlier")
    with pytest.raises(FetchError, match="never overwritten"):
        _save_new(target, b"later")
    assert target.read_bytes() == b"earlier"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no temporary file left


def test_fetched_drops_feed_the_build(project: Sources):
    """What fetch saved is what the data step reads, with its manifest row."""
    from helpers.data.build_data import build_results
    from helpers.data.races import RacesConfig

    defs = feed.to_bytes(feed.definitions_doc())
    with ReplayServer({E: defs}, {E: [feed.to_bytes(feed.FIRST), feed.to_bytes(feed.SECOND)]}) as s:
        fetch_results(project, E, base_url=s.url, timeout=10)
        fetch_results(project, E, base_url=s.url, timeout=10)
    config = RacesConfig.model_validate({"races": [{
        "id": "test-race", "title": "T", "short_title": "T", "jurisdiction": "lausd",
        "office": "Board of Education", "district": 9, "primary_date": "2024-03-05",
        "results": {"election_id": E, "contest_id": 701}}]})
    results, used, missing = build_results(config, project)
    assert missing == []
    assert [f.path.name for f in used] == [
        f"election_{E}_2024-11-05T20-00-00.json", f"results_{E}_2024-11-05T20-36-34.json",
        f"results_{E}_2024-11-06T17-10-00.json"]
    assert [f.sha256 for f in used[1:]] == [sha(feed.to_bytes(feed.FIRST)),
                                            sha(feed.to_bytes(feed.SECOND))]
    latest = results[results["snapshot_time"] == results["snapshot_time"].max()]
    assert dict(zip(latest["candidate_id"], latest["votes"], strict=True)) == {7011: 150, 7012: 90}
    assert set(results["source_url"]) == {
        f"https://results.lavote.gov/ElectionResults/GetCounterData?electionID={E}"}


def test_the_cli_prints_one_line_per_outcome_and_exits_2_on_error(project: Sources):
    env = {**os.environ, "FTM_NO_MIRROR": "1", "PYTHONPATH": guarded_pythonpath(ROOT / "src")}
    env.pop("FTM_CACHE", None)
    cmd = [sys.executable, "-m", "helpers.data.sources", "--root", str(project.root), "fetch",
           "--election", str(E)]
    defs = feed.to_bytes(feed.definitions_doc())
    with ReplayServer({E: defs}, {E: [feed.to_bytes(feed.FIRST), feed.to_bytes(feed.FIRST),
                                      Response(feed.to_bytes(feed.SECOND), cut_short=True)]}) as s:
        env["FTM_LAVOTE_URL"] = s.url
        runs = [subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60)
                for _ in range(3)]
    assert runs[0].returncode == 0 and "new drop 2024-11-05T20:36:34-08:00 saved" in runs[0].stdout
    assert runs[1].returncode == 0 and "no new drop" in runs[1].stdout
    assert runs[2].returncode == 2
    assert "cut short" in runs[2].stderr and "nothing saved, earlier drops kept" in runs[2].stderr


def test_make_fetch_results_downloads_into_the_cache(tmp_path):
    """The Makefile's fetch target, in a minimal copy of the project."""
    copy = tmp_path / "copy"
    for name in ["Makefile", "pyproject.toml", "requirements.lock", "requirements-bootstrap.lock",
                 "scripts/bootstrap.sh", "config/races.yml", "config/sources.yml"]:
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, copy / name)
    shutil.copytree(ROOT / "src", copy / "src")
    link_venv(copy / ".venv")
    defs = feed.to_bytes(feed.definitions_doc())
    with ReplayServer({E: defs}, {E: [feed.to_bytes(feed.FIRST)]}) as server:
        os.environ["FTM_LAVOTE_URL"] = server.url
        try:
            usage = make(copy, "fetch-results")
            result = make(copy, "fetch-results", f"ELECTION={E}")
        finally:
            del os.environ["FTM_LAVOTE_URL"]
    assert usage.returncode == 2 and "usage: make fetch-results ELECTION=" in usage.stderr
    assert result.returncode == 0, result.stderr
    saved = copy / "data" / "cache" / "lavote" / str(E) / f"results_{E}_2024-11-05T20-36-34.json"
    assert saved.read_bytes() == feed.to_bytes(feed.FIRST)


def test_replaying_the_mirror_drops_in_order(project: Sources, lavote_dir):
    """Real data: the mirror's drops served in order, one repeated and one cut short."""
    defs = (lavote_dir / "election_4324.json").read_bytes()
    drops = [(lavote_dir / n).read_bytes() for n in
             ["results_4324_2024-11-05T20-36-00.json", "results_4324_2024-11-21T17-10-37.json"]]
    replay = [drops[0], drops[0], Response(drops[1], cut_short=True), drops[1]]
    with ReplayServer({4324: defs}, {4324: replay}) as server:
        outcomes = []
        for _ in replay:
            try:
                outcomes.append(fetch_results(project, 4324, base_url=server.url, timeout=30))
            except FetchError as exc:
                outcomes.append(exc)
    assert isinstance(outcomes[2], FetchError)
    assert outcomes[1].saved == []
    folder = project.cache_folder(4324)
    files = {p.name: p.read_bytes() for p in folder.glob("results_*.json")}
    # named by the drops' own TimeStamps (11/5/2024 8:36:34 PM, 11/21/2024 4:29:49 PM)
    assert {n: sha(b) for n, b in files.items()} == {
        "results_4324_2024-11-05T20-36-34.json": sha(drops[0]),
        "results_4324_2024-11-21T16-29-49.json": sha(drops[1])}
    assert (folder / "election_4324_2024-11-05T20-47-41.json").read_bytes() == defs
