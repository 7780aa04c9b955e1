"""Escaping, spreadsheet safety and the facts file's provenance rules."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from helpers.analysis.facts import FactBook, as_of_words, format_value, load_facts
from helpers.tables import markdown_table, neutralise_formula, to_csv_text

PROVENANCE = dict(dataset="results", rows=["f.json#CAND:1"], source="Registrar",
                  source_url="https://results.lavote.gov/", as_of="2024-11-21T16:29:49-08:00")


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1+2", "@SUM(A1)", "\tx", "\rx",
                                  "=HYPERLINK(\"http://x\",\"y\")"])
def test_formula_triggers_are_neutralised(text):
    assert neutralise_formula(text) == "'" + text


def test_plain_text_and_numbers_are_untouched():
    assert neutralise_formula("Kids First") == "Kids First"
    assert neutralise_formula(-500.0) == -500.0


def test_csv_keeps_negative_amounts_as_numbers():
    frame = pd.DataFrame({"name": ["-dash start"], "amount": [-500.0]})
    assert to_csv_text(frame) == "name,amount\n'-dash start,-500.0\n"


def test_markdown_table_prints_markup_as_text():
    table = markdown_table(pd.DataFrame({"name": ["<script>x</script> | *bold*"], "n": [1200]}))
    assert "<script>" not in table
    assert "\\|" in table and "\\*bold\\*" in table
    assert "1,200" in table


@pytest.mark.parametrize(
    ("value", "unit", "qualifier", "expected"),
    [
        (690000, "usd", "more_than", "more than $690,000"),
        (661000, "usd", "about", "about $661,000"),
        (828757.64, "usd", "exact", "$828,757.64"),
        (129691, "votes", "exact", "129,691"),
        (71.1, "percent", "exact", "71.1%"),
        (22.29, "percent", "exact", "22.29%"),
        (20.0, "percent", "about", "about 20%"),
        (21.74, "ratio", "more_than", "more than 21.7 times"),
        (7, "ratio", "about", "about seven times"),  # AP spells out whole numbers below 10
        (5100000, "usd", "more_than", "more than $5.1 million"),  # AP: a round figure in millions
        (1234567, "usd", "exact", "$1,234,567"),  # an exact figure stays exact
        ("February 22, 2024", "date", "exact", "Feb. 22, 2024"),
        ("2024-03-04", "date", "exact", "March 4, 2024"),
        (9102.6, "count", "exact", "9,103"),
    ],
)
def test_format_value(value, unit, qualifier, expected):
    assert format_value(value, unit, qualifier) == expected


def test_a_fact_without_provenance_is_refused():
    book = FactBook("lausd-d1-2024", "05-results")
    with pytest.raises(ValueError, match="source_url"):
        book.add("x", 1, unit="votes", label="X", **{**PROVENANCE, "source_url": ""})
    with pytest.raises(ValueError, match="rows"):
        book.add("y", 1, unit="votes", label="Y", **{**PROVENANCE, "rows": []})
    with pytest.raises(ValueError, match="NaN"):
        book.add("z", float("nan"), unit="votes", label="Z", **PROVENANCE)


def test_facts_round_trip_and_clash_detection(tmp_path):
    a = FactBook("r", "01-a")
    a.add("votes_x", 10, unit="votes", label="X", **PROVENANCE)
    a.save(tmp_path)
    b = FactBook("r", "02-b")
    b.add("votes_x", 11, unit="votes", label="X again", **PROVENANCE)
    b.save(tmp_path)
    with pytest.raises(ValueError, match="two notebooks"):
        load_facts(tmp_path)
    (tmp_path / "02-b.json").unlink()
    facts = load_facts(tmp_path)
    assert facts["votes_x"]["display"] == "10" and facts["votes_x"]["notebook"] == "01-a"
    assert json.loads((tmp_path / "01-a.json").read_text())["race_id"] == "r"


def test_a_fact_keeps_how_well_its_date_is_known(tmp_path):
    book = FactBook("r", "05-results")
    book.add("share_oct", 25, unit="percent", label="Share", qualifier="about",
             as_of_precision="month", **{**PROVENANCE, "as_of": "2024-10-01"})
    book.add("ie_feb", 661000, unit="usd", label="IE", qualifier="about",
             as_of_precision="approximate", **{**PROVENANCE, "as_of": "2024-02-28"})
    book.add("runoff", 129691, unit="votes", label="Votes", **PROVENANCE)
    book.save(tmp_path)
    facts = load_facts(tmp_path)
    assert as_of_words(facts["share_oct"]) == "October 2024"
    assert as_of_words(facts["ie_feb"]) == "about Feb. 28, 2024"
    assert as_of_words(facts["runoff"]) == "4:29 p.m. Nov. 21, 2024"
    old_file_fact = {k: v for k, v in facts["runoff"].items() if k != "as_of_precision"}
    assert as_of_words({**old_file_fact, "as_of": "2024-03-04"}) == "March 4, 2024"


def test_a_date_fact_reads_at_its_precision():
    book = FactBook("r", "02-timeline")
    fact = book.add("date_endorsed", "2022-10-01", unit="date", label="Endorsed",
                    as_of_precision="month", **{**PROVENANCE, "as_of": "2022-10-01"})
    assert fact.display == "October 2022"


@pytest.mark.parametrize(("change", "message"), [
    ({"as_of": "Feb. 23, 2024"}, "not a date written YYYY-MM-DD"),
    ({"as_of_precision": "roughly"}, "unknown as_of_precision"),
])
def test_a_fact_with_an_unreadable_as_of_is_refused(change, message):
    with pytest.raises(ValueError, match=message):
        FactBook("r", "01-a").add("x", 1, unit="votes", label="X", **{**PROVENANCE, **change})
