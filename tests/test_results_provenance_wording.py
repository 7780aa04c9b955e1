"""Methodology says where each registrar file came from, as the sources manifest records it.

Only the mirror's drops were captured by the public bckohan/lavote_scrape repository
(../shared/data/lavote/README.md); a drop downloaded by `make fetch` came straight from the
registrar's API. The page must not credit the scraper for files it never touched (issue 13).
"""

from __future__ import annotations

import json
from pathlib import Path

from helpers.data.sources import ORIGIN_CACHE, ORIGIN_MIRROR
from helpers.site.methodology import sources_manifest_markdown
from tests.conftest import ROOT


def _build(tmp_path: Path, origins: list[str]) -> Path:
    files = [{"dataset": "registrar results, election 4324", "kind": "drop", "file": f"r{i}.json",
              "origin": origin, "publisher_timestamp": "2024-11-21T16:29:49-08:00",
              "sha256": "ab" * 32, "bytes": 10, "publisher_url": "https://results.lavote.gov/x"}
             for i, origin in enumerate(origins)]  # fmt: skip
    data = tmp_path / "build" / "data"
    data.mkdir(parents=True)
    (data / "sources-manifest.json").write_text(json.dumps({"files": files, "missing": []}))
    return data


def test_downloaded_drops_are_not_credited_to_the_scraper(tmp_path):
    text = sources_manifest_markdown(_build(tmp_path, [ORIGIN_CACHE]))
    assert "lavote_scrape" not in text
    assert (
        "- **download cache**: downloaded by this project from the registrar's results API" in text
    )


def test_mirror_drops_name_who_captured_them(tmp_path):
    text = sources_manifest_markdown(_build(tmp_path, [ORIGIN_MIRROR, ORIGIN_CACHE]))
    assert "- **mirror**: read from a local mirror" in text
    assert "captured during the count by the public bckohan/lavote_scrape repository" in text
    assert "- **download cache**:" in text


def test_no_file_no_origin_line(tmp_path):
    text = sources_manifest_markdown(_build(tmp_path, []))
    assert "No publisher file was read." in text and "- **" not in text


def test_the_page_credits_the_scraper_only_through_the_manifest():
    # The hand-written Methodology text is true whatever the origin; the generated part names
    # the scraper only when a mirror file was used.
    assert "lavote_scrape" not in (ROOT / "methodology.qmd").read_text(encoding="utf-8")
