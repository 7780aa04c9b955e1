"""Every fact key notebooks 01-04 and 06 record comes from a named function in
helpers.analysis.fact_keys, and every such key a story quotes can be found there with grep."""

from __future__ import annotations

import re

import pytest

from helpers.analysis import fact_keys
from tests.conftest import ROOT

MODULE = (ROOT / "src" / "helpers" / "analysis" / "fact_keys.py").read_text(encoding="utf-8")
# the keys notebooks 01-04 and 06 make (05-results makes the results keys)
OURS = re.compile(r"^(ie_|raised_|outside_to_own_ratio_|date_|donor_share_)")


@pytest.mark.parametrize(("key", "expected"), [
    (fact_keys.ie_reported_key("support", "Kahllid Al-Alim"), "ie_support_kahllid-al-alim_reported"),
    (fact_keys.ie_filed_key("oppose", "Didi Watts", "Kids First PAC"),
     "ie_oppose_didi-watts_kids-first-pac"),
    (fact_keys.raised_reported_key("Kahllid Al-Alim"), "raised_kahllid-al-alim_reported"),
    (fact_keys.raised_filed_key("Sherlett Hendy Newbill"), "raised_sherlett-hendy-newbill_filings"),
    (fact_keys.outside_to_own_ratio_key("Kahllid Al-Alim"), "outside_to_own_ratio_kahllid-al-alim"),
    (fact_keys.event_date_key("rescinded", "United Teachers Los Angeles (UTLA)"),
     "date_rescinded_united-teachers-los-angeles-utla"),
])
def test_keys_are_spelled_as_the_stories_use_them(key, expected):
    assert key == expected


def test_a_stance_is_support_or_oppose():
    with pytest.raises(ValueError, match="stance"):
        fact_keys.ie_reported_key("for", "Kahllid Al-Alim")


def test_every_key_a_story_quotes_from_these_notebooks_is_greppable():
    for story in sorted((ROOT / "story").glob("*.md")):
        keys = set(re.findall(r"\{\{(?:fact|as_of|label|source):([^}]+)\}\}", story.read_text()))
        for key in sorted(k for k in keys if OURS.match(k)):
            assert key in MODULE, f"{story.name}: {key} is not spelled out in fact_keys.py"


def test_notebooks_and_builders_type_no_key_themselves():
    """Keys are made only in fact_keys: no f-string key in the builders or the notebooks."""
    places = [ROOT / "src" / "helpers" / "analysis" / "chart_builders.py",
              ROOT / "src" / "helpers" / "analysis" / "story_tables.py",
              *sorted((ROOT / "notebooks").glob("0[1-46]-*.py"))]
    for path in places:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"""f["'](ie|raised|outside_to_own|date|donor)_""", text), path.name
        assert "candidate_key(" not in text, path.name
