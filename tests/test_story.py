"""Story pages: facts become linked receipts, typed figures and unknown keys stop the build."""

from __future__ import annotations

import pytest

from helpers.errors import DataError
from helpers.site.story import render_story, typed_figures
from tests.conftest import ROOT

FACTS = {"ie_x": {"display": "more than $690,000", "label": "IE for X", "source": "Test",
                  "source_url": "https://example.invalid/a", "as_of": "2024-03-04"},
         "reported:d1-x-2024-02-28": {"display": "about $661,000", "label": "IE", "source": "T",
                                      "source_url": "https://example.invalid/b",
                                      "as_of": "2024-02-28", "as_of_precision": "approximate"},
         "share_oct": {"display": "about 25%", "label": "Share", "source": "T",
                       "source_url": "https://example.invalid/c", "as_of": "2024-10-01",
                       "as_of_precision": "month"},
         "runoff": {"display": "129,691", "label": "Votes", "source": "T",
                    "source_url": "https://example.invalid/d",
                    "as_of": "2024-11-21T16:29:49-08:00"}}


def write(tmp_path, text):
    path = tmp_path / "story.md"
    path.write_text(text)
    return path


def test_fact_becomes_an_escaped_link_to_its_receipt(tmp_path):
    page = render_story(write(tmp_path, "Spent {{fact:ie_x}} as of {{as_of:ie_x}}.\n"), FACTS, {},
                        "races/r")
    assert page == ("Spent [more than \\$690,000](races/r/index.qmd#receipt-ie_x){.fact} "
                    "as of March 4, 2024.\n")


@pytest.mark.parametrize(("key", "words"), [
    ("reported:d1-x-2024-02-28", "about Feb. 28, 2024"),  # approximate stays approximate
    ("share_oct", "October 2024"),                         # a month is never the 1st
    ("runoff", "4:29 p.m. Nov. 21, 2024"),                 # a feed time stamp, AP order
])
def test_as_of_reads_in_ap_style_at_its_precision(tmp_path, key, words):
    page = render_story(write(tmp_path, f"As of {{{{as_of:{key}}}}}.\n"), FACTS, {}, "races/r")
    assert page == f"As of {words}.\n"


def test_a_reported_key_links_to_its_receipt_row(tmp_path):
    page = render_story(write(tmp_path, "UTLA spent {{fact:reported:d1-x-2024-02-28}}.\n"), FACTS,
                        {}, "races/r")
    assert page == ("UTLA spent [about \\$661,000](races/r/index.qmd"
                    "#receipt-reported-d1-x-2024-02-28){.fact}.\n")


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
