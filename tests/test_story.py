"""Story pages: facts become linked receipts, typed figures and unknown keys stop the build."""

from __future__ import annotations

import pytest

from helpers.errors import DataError
from helpers.story import render_story, typed_figures
from tests.conftest import ROOT

FACTS = {"ie_x": {"display": "more than $690,000", "label": "IE for X", "source": "Test",
                  "source_url": "https://example.invalid/a", "as_of": "2024-03-04"}}


def write(tmp_path, text):
    path = tmp_path / "story.md"
    path.write_text(text)
    return path


def test_fact_becomes_an_escaped_link_to_its_receipt(tmp_path):
    page = render_story(write(tmp_path, "Spent {{fact:ie_x}} as of {{as_of:ie_x}}.\n"), FACTS, {},
                        "races/r")
    assert page == ("Spent [more than \\$690,000](races/r/index.qmd#receipt-ie_x){.fact} "
                    "as of 2024-03-04.\n")


def test_unknown_fact_names_file_and_line(tmp_path):
    with pytest.raises(DataError) as err:
        render_story(write(tmp_path, "ok\nSpent {{fact:nope}}.\n"), FACTS, {}, "races/r")
    assert "story.md, row 2" in str(err.value) and "nope" in str(err.value)


@pytest.mark.parametrize("typed", ["$690,000", "690,000 dollars", "22.29%", "52763 votes"])
def test_a_typed_figure_is_refused(tmp_path, typed):
    with pytest.raises(DataError, match="typed by hand"):
        render_story(write(tmp_path, f"---\ntitle: x\n---\n\nUTLA spent {typed}.\n"), FACTS, {},
                     "races/r")


def test_years_dates_and_district_numbers_are_not_figures():
    assert typed_figures("---\ntitle: District 1, 2024\n---\nOn March 4, 2024, District 1 voted.") == []


def test_the_committed_stories_type_no_figures():
    for path in (ROOT / "story").glob("*.md"):
        assert typed_figures(path.read_text()) == [], path.name
