"""`make site RACES=<race without a story>`: the home page is a proper page, never a placeholder.

The featured race's story is the home page whenever that race is built; a build that leaves it
out gets the story of another built race if one exists, else a front page leading to each built
race with the result sentence notebook 05 recorded, and a note naming the story left out.
"""

from __future__ import annotations

from pathlib import Path

from helpers.analysis.facts import FactBook
from helpers.data.races import load_races
from helpers.site.site_build import select_races, write_explainer
from helpers.site.story import SITE_TITLE
from tests.conftest import ROOT

D1, D3 = "lausd-d1-2024", "lausd-d3-2024"
OUTCOME = "TEST DATA: Candidate A leads the Nov. 5, 2024 runoff."


def project(tmp_path: Path, stories: dict[str, str]) -> Path:
    (tmp_path / "story").mkdir()
    for race_id, text in stories.items():
        (tmp_path / "story" / f"{race_id}.md").write_text(text, encoding="utf-8")
    book = FactBook(D3, "05-results")
    book.add("runoff_outcome", OUTCOME, unit="text", label="How the runoff stands",
             dataset="results", rows=["x.json#CAND:1"], source="TEST DATA",
             source_url="https://example.invalid/feed", as_of="2024-11-21")
    book.save(tmp_path / "build" / "races" / D3 / "facts")
    return tmp_path


def explainer(root: Path, races: list[str]) -> str:
    config = load_races(ROOT / "config" / "races.yml")
    write_explainer(root, select_races(config, races, ROOT / "config" / "races.yml"))
    return (root / "index.qmd").read_text(encoding="utf-8")


STORY = "---\ntitle: \"TEST DATA story of {race}\"\n---\n\nThe story of {race}.\n"


def test_the_featured_story_is_the_home_page_when_its_race_is_built(tmp_path):
    root = project(tmp_path, {D1: STORY.format(race=D1)})
    page = explainer(root, [D1, D3])
    assert f"The story of {D1}." in page


def test_a_build_without_the_story_race_gets_a_front_page_leading_to_each_race(tmp_path):
    root = project(tmp_path, {D1: STORY.format(race=D1)})
    page = explainer(root, [D3])
    assert "No story written yet" not in page
    assert f'title: "{SITE_TITLE}"' in page
    assert "## LAUSD Board of Education, District 3 \\(2024\\)" in page
    # the result sentence, linked to its receipt on the race page
    assert (f"[TEST DATA: Candidate A leads the Nov. 5, 2024 runoff.]"
            f"(races/{D3}/index.qmd#receipt-runoff_outcome){{.fact}}") in page
    assert f"(races/{D3}/index.qmd)" in page
    assert f"`story/{D1}.md`" in page and "`make site` builds every race" in page
    assert f"races/{D1}/" not in page  # no link to a page this build does not make


def test_a_built_race_with_its_own_story_gets_it(tmp_path):
    root = project(tmp_path, {D1: STORY.format(race=D1), D3: STORY.format(race=D3)})
    assert f"The story of {D3}." in explainer(root, [D3])
    assert f"The story of {D1}." in explainer(root, [D1, D3])  # the featured one first


def test_a_race_without_facts_still_gets_its_link(tmp_path):
    root = project(tmp_path, {})
    page = explainer(root, ["lausd-d7-2024"])
    assert "(races/lausd-d7-2024/index.qmd)" in page and "callout" not in page
