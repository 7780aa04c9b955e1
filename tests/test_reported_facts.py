"""Reported figures reach the explainer by their CSV row: {{fact:reported:FIGURE_ID}}.

Expected values are worked out here from data/reference/reported_figures.csv with the plain csv
module and a few hand-written rules (AP months, "more than"/"about"), never through the
project's loaders or formatters.
"""

from __future__ import annotations

import csv
import json
import re

import pytest

from helpers.analysis.reported_facts import (
    race_facts,
    reported_facts,
    reported_figure_fact,
    reported_key,
    scopes_for,
)
from helpers.site.race_page import receipts_block
from helpers.site.story import render_story
from tests.conftest import ROOT

LEDGER = ROOT / "data" / "reference" / "reported_figures.csv"
STORY = ROOT / "story" / "lausd-d1-2024.md"
D1, ALL = "lausd-d1-2024", "lausd-all-2024"

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]  # fmt: skip
AP_SHORT = {"January": "Jan.", "February": "Feb.", "August": "Aug.", "September": "Sept.",
            "October": "Oct.", "November": "Nov.", "December": "Dec."}  # fmt: skip
QUALIFIER = {"exact": "", "about": "about ", "more_than": "more than "}
WORDS = {7: "seven"}


def ledger_rows(*scopes: str) -> list[dict]:
    with open(LEDGER, newline="", encoding="utf-8") as fh:
        return [row for row in csv.DictReader(fh) if row["race_id"] in scopes]


def expected_date(iso: str, precision: str) -> str:
    """AP style by hand: 'March 4, 2024', 'about Feb. 28, 2024', 'October 2024'."""
    year, month, day = (int(part) for part in iso.split("-"))
    name = MONTHS[month - 1]
    if precision == "month":
        return f"{name} {year}"
    text = f"{AP_SHORT.get(name, name)} {day}, {year}"
    return "about " + text if precision == "approximate" else text


def expected_display(row: dict) -> str:
    amount = float(row["amount"])
    if row["unit"] == "usd":
        if amount >= 1_000_000 and amount % 100_000 == 0:
            text = f"${amount / 1_000_000:g} million"
        elif amount == int(amount):
            text = f"${int(amount):,}"
        else:
            text = f"${amount:,.2f}"
    elif row["unit"] == "percent":
        text = f"{amount:g}%"
    elif row["unit"] == "votes":
        text = f"{int(amount):,}"
    elif row["unit"] == "ratio":
        text = f"{WORDS[int(amount)]} times"
    else:
        raise AssertionError(f"no expected display for unit {row['unit']}")
    return QUALIFIER[row["qualifier"]] + text


def test_the_hand_rules_agree_with_the_research():
    """The expected-value rules above, checked against figures copied from the research."""
    by_id = {row["figure_id"]: row for row in ledger_rows(D1, ALL)}
    assert expected_display(by_id["d1-2024-utla-ie-alalim-2024-03-04"]) == "more than $690,000"
    assert expected_display(by_id["d1-2024-utla-ie-alalim-2024-02-28"]) == "about $661,000"
    assert expected_display(by_id["d1-2024-alalim-raised-2024-02-23"]) == "$24,302"
    assert expected_display(by_id["all-2024-outside-spending-2024-02-28"]) == (
        "more than $5.1 million")
    assert expected_display(by_id["all-2024-ethics-contributions-2024-01-10"]) == "$828,757.64"
    assert expected_display(by_id["d1-2024-primary-night-share-alalim"]) == "22.29%"
    assert expected_date("2024-02-28", "approximate") == "about Feb. 28, 2024"
    assert expected_date("2024-10-01", "month") == "October 2024"
    assert expected_date("2024-03-04", "day") == "March 4, 2024"


def test_the_seven_times_claim_is_a_sourced_ledger_row_not_a_computation():
    """'roughly seven times what the candidates spent themselves' (LA Times, about Feb. 28):
    the candidates' own total is not reported, so the ratio is kept as the article states it."""
    (row,) = [r for r in ledger_rows(ALL) if r["unit"] == "ratio"]
    assert (row["amount"], row["qualifier"], row["as_of"], row["as_of_precision"]) == (
        "7", "about", "2024-02-28", "approximate")
    assert "all-2024-outside-spending-2024-02-28" in row["note"]
    assert row["source_publisher"] == "Los Angeles Times"


def test_the_key_is_the_figure_id():
    assert reported_key("d1-2024-utla-ie-alalim-2024-03-04") == (
        "reported:d1-2024-utla-ie-alalim-2024-03-04")


def test_a_race_sees_its_own_rows_and_the_four_race_totals():
    assert scopes_for(D1) == [D1, ALL]
    assert scopes_for("la-city-cd1-2026") == ["la-city-cd1-2026"]
    keys = set(reported_facts(D1))
    assert keys == {f"reported:{row['figure_id']}" for row in ledger_rows(D1, ALL)}
    assert not any("d3-2024" in key for key in keys)


@pytest.mark.parametrize("row", ledger_rows(D1, ALL), ids=lambda r: r["figure_id"])
def test_each_fact_equals_its_ledger_row(row):
    fact = reported_facts(D1)[f"reported:{row['figure_id']}"]
    assert fact["value"] == float(row["amount"])
    assert fact["qualifier"] == row["qualifier"]
    assert fact["as_of"] == row["as_of"]
    assert fact["as_of_precision"] == row["as_of_precision"]
    assert fact["source_url"] == row["source_url"]
    assert fact["rows"] == [row["figure_id"]] and fact["dataset"] == "reported_figures"
    assert fact["display"] == expected_display(row)
    assert row["source_publisher"] in fact["source"]


def test_the_builder_refuses_a_row_without_a_source():
    row = {**ledger_rows(D1)[0], "source_url": ""}
    with pytest.raises(ValueError, match="source_url"):
        reported_figure_fact(row)


def write_facts(folder, notebook, facts):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{notebook}.json").write_text(json.dumps(
        {"race_id": D1, "notebook": notebook, "facts": facts}))


def test_race_facts_merge_notebooks_and_ledger_and_catch_a_disagreement(tmp_path):
    nb_fact = {"key": "runoff_votes_x", "value": 5, "unit": "votes", "label": "X",
               "dataset": "results", "rows": ["f#1"], "source": "R",
               "source_url": "https://results.lavote.gov/", "as_of": "2024-11-21",
               "qualifier": "exact", "note": "", "display": "5"}
    write_facts(tmp_path / "facts", "05-results", {"runoff_votes_x": nb_fact})
    merged = race_facts(tmp_path, D1)
    assert "runoff_votes_x" in merged
    assert "reported:d1-2024-utla-ie-alalim-2024-03-04" in merged
    wrong = {**nb_fact, "key": "reported:d1-2024-utla-ie-alalim-2024-03-04", "value": 1.0,
             "as_of": "2024-03-04"}
    write_facts(tmp_path / "facts", "01-outside-money",
                {"reported:d1-2024-utla-ie-alalim-2024-03-04": wrong})
    with pytest.raises(ValueError, match="disagrees with .*d1-2024-utla-ie-alalim-2024-03-04"):
        race_facts(tmp_path, D1)


def test_receipts_show_the_as_of_date_at_its_precision():
    block = receipts_block(reported_facts(D1))
    for row in ledger_rows(D1, ALL):
        receipt = re.search(rf'<tr id="receipt-reported-{row["figure_id"]}">(.*?)</tr>', block)
        assert receipt, row["figure_id"]
        assert f"<td>{expected_date(row['as_of'], row['as_of_precision'])}</td>" in receipt[1]
        assert row["figure_id"] in receipt[1]  # the dataset row, greppable
    assert "<td>2024-02-28</td>" not in block and "<td>2024-10-01</td>" not in block


# Facts the story takes from notebooks (not from the ledger); stubbed so the test needs no build.
NOTEBOOK_KEYS = re.compile(r"\{\{(?:fact|as_of):((?!reported:)[A-Za-z0-9_.\-]+)\}\}")


def rendered_explainer(tmp_path) -> str:
    """The committed story rendered with the ledger's facts (charts left out: they need a build)."""
    text = STORY.read_text(encoding="utf-8")
    stubs = {key: {"display": "STUB", "label": key, "source": "stub",
                   "source_url": "https://example.invalid/", "as_of": "2024-03-04"}
             for key in NOTEBOOK_KEYS.findall(text)}
    story = tmp_path / "lausd-d1-2024.md"
    story.write_text("\n".join(line for line in text.splitlines()
                               if not line.startswith("{{chart:")) + "\n")
    return render_story(story, {**stubs, **reported_facts(D1)}, {}, f"races/{D1}")


def paragraphs(page: str) -> list[str]:
    return [p.replace("\\$", "$").replace("\n", " ") for p in page.split("\n\n")]


@pytest.mark.parametrize("row", ledger_rows(D1, ALL), ids=lambda r: r["figure_id"])
def test_the_explainer_carries_every_figure_with_its_as_of_date(tmp_path, row):
    link = (f"[{expected_display(row)}](races/{D1}/index.qmd"
            f"#receipt-reported-{row['figure_id']}){{.fact}}")
    found = [p for p in paragraphs(rendered_explainer(tmp_path)) if link in p]
    assert found, f"{row['figure_id']} ({expected_display(row)}) is not on the explainer"
    when = expected_date(row["as_of"], row["as_of_precision"])
    assert when in found[0], f"{row['figure_id']}: {when!r} not beside the figure"


def test_the_explainer_shows_no_date_as_code_or_more_exact_than_known(tmp_path):
    page = rendered_explainer(tmp_path)
    prose = re.sub(r"\]\([^)]*\)", "]", page)  # link targets hold figure ids, not copy
    assert not re.search(r"\d{4}-\d{2}-\d{2}", prose)
    assert "Feb. 28, 2024" not in prose.replace("about Feb. 28, 2024", "")
    assert "Oct. 1" not in prose and "October 2024" in prose
