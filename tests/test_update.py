"""Election night: `make update` fetches a new drop and reruns only what it changes.

Runs in a copy of the session's built project (tests/conftest.py `built`), against the loopback
replay server. With a mirror, the new drop is the mirror's latest drop with counts raised (a
TEST DATA variant written to a temporary folder, never into the repository); without one, a
synthetic TEST DATA feed for election 4324 built from config/races.yml. Expected counts are
computed here from the JSON served.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers.data.races import load_races
from tests import synthetic_feed as feed
from tests.conftest import make, mirror_dir
from tests.replay_server import ReplayServer

pytestmark = pytest.mark.notebooks

NEW_STAMP = "11/22/2024 5:00:00 PM"
NEW_STAMP_ISO = "2024-11-22T17:00:00-08:00"
D1, SHN, KAA = 9497, 23384, 23383


def feed_for(copy: Path) -> tuple[bytes, bytes, dict[int, int]]:
    """(definitions, new drop, expected D1 votes by candidate id) for the copy's situation."""
    manifest = json.loads((copy / "build" / "data" / "sources-manifest.json").read_text())
    if manifest["files"]:
        lavote = mirror_dir() / "lavote"
        defs = (lavote / "election_4324.json").read_bytes()
        latest = next(r["file"] for r in reversed(manifest["files"]) if r["kind"] == "drop")
        base = json.loads((lavote / latest).read_text())
        new = feed.raised_drop(base, {SHN: 1000, KAA: 500}, D1, NEW_STAMP)
    else:  # TEST DATA: the configured contests and candidate ids, made-up counts
        contests = feed.contests_of_races(copy / "config" / "races.yml", 4324)
        defs = feed.to_bytes(feed.definitions_doc(4324, contests))
        votes = {cid: 100 * (i + 1) for i, cid in
                 enumerate(sorted(k for _, cands in contests.values() for k in cands))}
        new = feed.drop_doc(NEW_STAMP, votes, contests)
    expected = {r["ReferenceID"]: r["Value"] for r in new["Data"]
                if r["ReferenceType"] == "CAND" and r["ReferenceID"] in (SHN, KAA)}
    return defs, feed.to_bytes(new), expected


def executed_mtimes(copy: Path) -> dict[str, int]:
    folder = copy / "build" / "notebooks"
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns
            for p in folder.rglob("*.ipynb")}


def test_update_reruns_only_the_results_notebooks_and_says_what_moved(built_copy, monkeypatch):
    copy = built_copy
    (copy / ".venv" / ".quarto-install-failed").touch()  # no pip attempt to get Quarto
    published = make(copy, "publish-digest")
    assert published.returncode == 0, published.stderr[-2000:]
    defs, drop, expected = feed_for(copy)
    before = executed_mtimes(copy)
    with ReplayServer({4324: defs}, {4324: [drop]}) as server:
        monkeypatch.setenv("FTM_LAVOTE_URL", server.url)
        result = make(copy, "update")
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        assert f"new drop {NEW_STAMP_ISO} saved" in result.stdout
        after = executed_mtimes(copy)
        rerun = sorted(k for k in after if after[k] != before.get(k))
        races_with_results = [r.id for r in load_races(copy / "config" / "races.yml").races
                              if r.results]
        assert rerun == sorted(f"{r}/05-results.ipynb" for r in races_with_results)

        facts = json.loads((copy / "build" / "races" / "lausd-d1-2024" / "facts" /
                            "05-results.json").read_text())["facts"]
        assert facts["runoff_votes_sherlett-hendy-newbill"]["value"] == expected[SHN]
        assert facts["runoff_votes_kahllid-al-alim"]["value"] == expected[KAA]
        assert facts["runoff_votes_kahllid-al-alim"]["as_of"] == NEW_STAMP_ISO
        changes = (copy / "_generated" / "changes.md").read_text().replace("\\", "")  # unescape
        assert f"new registrar drop: counts as of {NEW_STAMP_ISO}" in changes
        [moved] = [line for line in changes.splitlines()
                   if "lausd-d1-2024/runoff_votes_sherlett-hendy-newbill: " in line]
        assert moved.endswith(f" → {int(expected[SHN]):,}")  # the feed writes counts as 1.0

        again = make(copy, "update")  # the same drop again: nothing to do
    assert again.returncode == 0, again.stderr[-2000:]
    assert "no new drop" in again.stdout
    assert executed_mtimes(copy) == after
