"""A race added only to config/races.yml can carry sourced reference rows: no code change.

The races config here is a copy of the project's with two TEST DATA races and one TEST DATA
scope added; the CSV rows are hand-written below and every expected value is worked out by
hand from them (labels, amounts, dates), not read back from the code.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

from helpers import paths
from helpers.analysis.reported_facts import reported_facts, scopes_for
from helpers.data.races import load_races
from helpers.data.reference import (
    latest_reported,
    load_election_calendar,
    load_endorsement_events,
    load_reported_figures,
    stance_on,
    timeline_events,
)
from helpers.errors import DataError
from tests.conftest import ROOT

NEW, OTHER, BOTH = "test-d9-2026", "test-d11-2026", "test-both-2026"
UNION, ALPHA = "TEST DATA Teachers Union", "Alpha Testcase"
URL, PUBLISHER = "https://example.org/test-data-article", "TEST DATA Gazette"

EVENT_COLUMNS = ["event_id", "race_id", "endorser", "acting_body", "candidate", "action", "date",
                 "date_precision", "status", "source_url", "source_title", "source_publisher",
                 "source_date", "source_date_precision", "note"]  # fmt: skip
FIGURE_COLUMNS = ["figure_id", "race_id", "metric", "spender", "candidate", "amount", "unit",
                  "qualifier", "count_stage", "as_of", "as_of_precision", "as_of_note",
                  "source_url", "source_title", "source_publisher", "source_date",
                  "source_date_precision", "note"]  # fmt: skip
CALENDAR_COLUMNS = ["race_id", "event", "date", "status", "source_url", "source_title",
                    "source_publisher", "note"]  # fmt: skip

EVENTS = [
    ["t9-union-endorse", NEW, UNION, "", ALPHA, "endorsed", "2026-02-01", "day", "confirmed",
     URL, "", PUBLISHER, "2026-02-02", "day", "TEST DATA"],
    ["t9-union-rescind", NEW, UNION, "", ALPHA, "rescinded", "2026-03-01", "day", "confirmed",
     URL, "", PUBLISHER, "2026-03-02", "day", "TEST DATA"],
]  # fmt: skip
FIGURES = [
    ["t9-union-ie-alpha-2026-02-20", NEW, "ie_support", UNION, ALPHA, "125000", "usd",
     "more_than", "", "2026-02-20", "day", "article date", URL, "", PUBLISHER, "2026-02-20",
     "day", "TEST DATA"],
    ["t9-union-ie-alpha-2026-03-02", NEW, "ie_support", UNION, ALPHA, "250000", "usd",
     "more_than", "", "2026-03-02", "day", "article date", URL, "", PUBLISHER, "2026-03-02",
     "day", "TEST DATA"],
    ["tboth-ie-total-2026-03-02", BOTH, "race_ie_total", "", "", "900000", "usd", "about", "",
     "2026-03-02", "day", "article date", URL, "", PUBLISHER, "2026-03-02", "day", "TEST DATA"],
]  # fmt: skip
CALENDAR = [
    [NEW, "primary_election_day", "2026-06-02", "confirmed", URL, "", PUBLISHER, "TEST DATA"],
]


def write_csv(path: Path, columns: list[str], rows: list[list[str]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(columns)
        writer.writerows(rows)
    return path


def race_entry(race_id: str, district: int) -> dict:
    return {"id": race_id, "title": f"TEST DATA Board District {district} (2026)",
            "short_title": f"TEST DATA District {district}", "jurisdiction": "lausd",
            "office": "Board of Education", "district": district, "primary_date": "2026-06-02",
            "candidates": [{"name": ALPHA, "registrar_id": None, "aliases": []}]}




@pytest.fixture
def races_yml(tmp_path) -> Path:
    """The project's races.yml plus two TEST DATA races and a TEST DATA scope over both."""
    config = yaml.safe_load((ROOT / "config" / "races.yml").read_text(encoding="utf-8"))
    config["races"] += [race_entry(NEW, 9), race_entry(OTHER, 11)]
    config.setdefault("scopes", []).append(
        {"id": BOTH, "description": "TEST DATA both districts together", "members": [NEW, OTHER]})
    path = tmp_path / "config" / "races.yml"
    path.parent.mkdir()
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def reference(tmp_path) -> dict[str, Path]:
    folder = tmp_path / "reference"
    folder.mkdir()
    return {
        "events": write_csv(folder / "endorsement_events.csv", EVENT_COLUMNS, EVENTS),
        "figures": write_csv(folder / "reported_figures.csv", FIGURE_COLUMNS, FIGURES),
        "calendar": write_csv(folder / "election_calendar.csv", CALENDAR_COLUMNS, CALENDAR),
    }


def test_a_race_added_to_races_yml_carries_endorsement_events(races_yml, reference):
    events = load_endorsement_events(reference["events"], races=races_yml)
    assert list(events["event_id"]) == ["t9-union-endorse", "t9-union-rescind"]
    assert stance_on(events, UNION, ALPHA, "2026-01-31") == "none"
    assert stance_on(events, UNION, ALPHA, "2026-02-15") == "endorsed"
    assert stance_on(events, UNION, ALPHA, "2026-03-01") == "rescinded"
    calendar = load_election_calendar(reference["calendar"], races=races_yml)
    timeline = timeline_events(events, NEW, calendar=calendar)
    assert list(timeline["label"]) == [
        "TEST DATA Teachers Union endorses Alpha Testcase",
        "TEST DATA Teachers Union rescinds endorsement of Alpha Testcase",
        "Primary election day",
    ]
    assert list(timeline["date"]) == [pd.Timestamp("2026-02-01"), pd.Timestamp("2026-03-01"),
                                      pd.Timestamp("2026-06-02")]


def test_a_race_added_to_races_yml_carries_reported_figures(races_yml, reference):
    figures = load_reported_figures(reference["figures"], races=races_yml)
    newest = latest_reported(figures, NEW, "ie_support", spender=UNION, candidate=ALPHA)
    assert newest["figure_id"] == "t9-union-ie-alpha-2026-03-02"
    assert newest["amount"] == 250000.0

    races = load_races(races_yml)
    assert scopes_for(NEW, races) == [NEW, BOTH]
    facts = reported_facts(NEW, figures, races)
    assert sorted(facts) == ["reported:t9-union-ie-alpha-2026-02-20",
                             "reported:t9-union-ie-alpha-2026-03-02",
                             "reported:tboth-ie-total-2026-03-02"]
    latest = facts["reported:t9-union-ie-alpha-2026-03-02"]
    assert (latest["value"], latest["unit"], latest["qualifier"], latest["as_of"]) == (
        250000.0, "usd", "more_than", "2026-03-02")
    assert latest["label"] == (
        "Independent expenditures by TEST DATA Teachers Union supporting Alpha Testcase (reported)")
    total = facts["reported:tboth-ie-total-2026-03-02"]
    assert (total["value"], total["qualifier"]) == (900000.0, "about")
    # the scope's description from races.yml names the group in the label
    assert total["label"] == (
        "Independent expenditures, all spenders, TEST DATA both districts together (reported)")
    # the scope's figure reaches its other member; a race outside the scope gets none of these
    assert sorted(reported_facts(OTHER, figures, races)) == ["reported:tboth-ie-total-2026-03-02"]
    assert reported_facts("lausd-d1-2024", figures, races) == {}


def test_the_default_races_config_is_read_when_loading(races_yml, reference, monkeypatch):
    """No races= argument: the loaders read paths.RACES_CONFIG then, as a build does."""
    monkeypatch.setattr(paths, "RACES_CONFIG", races_yml)
    assert len(load_endorsement_events(reference["events"])) == 2
    assert len(load_reported_figures(reference["figures"])) == 3
    assert sorted(reported_facts(OTHER, load_reported_figures(reference["figures"]))) == [
        "reported:tboth-ie-total-2026-03-02"]


@pytest.mark.parametrize(
    ("which", "loader"),
    [("events", load_endorsement_events), ("figures", load_reported_figures),
     ("calendar", load_election_calendar)],
)
def test_a_race_not_in_races_yml_fails_naming_file_row_and_column(reference, which, loader):
    """The project's races.yml does not have the TEST DATA races: row 2 (the first data row)."""
    with pytest.raises(DataError) as err:
        loader(reference[which], races=ROOT / "config" / "races.yml")
    assert (err.value.file, err.value.row, err.value.column) == (
        str(reference[which]), 2, "race_id")
    assert "add the race to config/races.yml" in err.value.reason
    assert f"found '{NEW}'" in err.value.reason


def test_the_unknown_race_is_reported_on_its_own_row(races_yml, tmp_path):
    rows = [EVENTS[0], [*EVENTS[1][:1], "test-d99-2026", *EVENTS[1][2:]]]
    path = write_csv(tmp_path / "endorsement_events.csv", EVENT_COLUMNS, rows)
    with pytest.raises(DataError) as err:
        load_endorsement_events(path, races=races_yml)
    assert (err.value.row, err.value.column) == (3, "race_id")
    assert "found 'test-d99-2026'" in err.value.reason


def test_an_endorsement_event_cannot_name_a_scope(races_yml, tmp_path):
    """Endorsements concern one race; only figures and calendar dates take a scope."""
    rows = [[*EVENTS[0][:1], BOTH, *EVENTS[0][2:]]]
    path = write_csv(tmp_path / "endorsement_events.csv", EVENT_COLUMNS, rows)
    with pytest.raises(DataError) as err:
        load_endorsement_events(path, races=races_yml)
    assert (err.value.row, err.value.column) == (2, "race_id")
    calendar = write_csv(tmp_path / "election_calendar.csv", CALENDAR_COLUMNS,
                         [[BOTH, *CALENDAR[0][1:]]])
    assert list(load_election_calendar(calendar, races=races_yml)["race_id"]) == [BOTH]


def test_the_committed_reference_data_uses_only_configured_ids():
    """Read straight from the CSVs with csv: every race_id is a race or scope in races.yml."""
    config = yaml.safe_load((ROOT / "config" / "races.yml").read_text(encoding="utf-8"))
    races = {r["id"] for r in config["races"]}
    scopes = {s["id"] for s in config.get("scopes", [])}
    folder = ROOT / "data" / "reference"
    for name, allowed in [("endorsement_events", races), ("reported_figures", races | scopes),
                          ("election_calendar", races | scopes)]:
        with open(folder / f"{name}.csv", newline="", encoding="utf-8") as fh:
            used = {row["race_id"] for row in csv.DictReader(fh)}
        assert used <= allowed, (name, used - allowed)


def test_the_reporters_guide_shows_the_error_the_loader_gives(tmp_path):
    """docs/reporters-guide.md quotes a race_id error; a row like it gets that very message."""
    guide = (ROOT / "docs" / "reporters-guide.md").read_text(encoding="utf-8")
    quoted = re.search(r"row 22, column 'race_id': (.+?)`", " ".join(guide.split())).group(1)
    with open(ROOT / "data" / "reference" / "reported_figures.csv", newline="") as fh:
        rows = list(csv.reader(fh))
    # 20 valid rows of the committed ledger (rows 2-21; copies of one if it has fewer), then
    # on spreadsheet row 22 a copy of one with a race id that races.yml does not have
    valid = [[f"x-{n}", *rows[1 + n % (len(rows) - 1)][1:]] for n in range(20)]
    mistyped = [f"x-{len(valid)}", "lausd-d9-2024", *rows[1][2:]]
    path = write_csv(tmp_path / "reported_figures.csv", rows[0], [*valid, mistyped])
    with pytest.raises(DataError) as err:
        load_reported_figures(path)
    assert (err.value.row, err.value.column) == (22, "race_id")
    head, tail = quoted.split("(...)")
    assert err.value.reason.startswith(head) and err.value.reason.endswith(tail)
