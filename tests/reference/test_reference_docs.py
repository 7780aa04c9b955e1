"""docs/reference-data.md documents every column and every vocabulary term the schemas accept.

Race ids are not a vocabulary typed in code: they come from config/races.yml, so the doc says
where they come from instead of listing them (a list would go stale with each new race).
"""

from __future__ import annotations

import pytest

from helpers import paths
from helpers.data.races import load_races
from helpers.data.reference import schemas, vocab

DOC = (paths.ROOT / "docs" / "reference-data.md").read_text()

SCHEMAS = [schemas.ENDORSEMENT_EVENTS, schemas.REPORTED_FIGURES, schemas.ELECTION_CALENDAR]
VOCABULARIES = {
    "STATUSES": vocab.STATUSES,
    "ACTIONS": vocab.ACTIONS,
    "SOURCE_DATE_PRECISION": vocab.SOURCE_DATE_PRECISION,
    "METRICS": vocab.METRICS,
    "UNITS": vocab.UNITS,
    "QUALIFIERS": vocab.QUALIFIERS,
    "COUNT_STAGES": vocab.COUNT_STAGES,
    "CALENDAR_EVENTS": vocab.CALENDAR_EVENTS,
}


@pytest.mark.parametrize("schema", SCHEMAS, ids=lambda s: s.name)
def test_every_column_is_documented(schema):
    assert f"## {schema.name}.csv" in DOC
    missing = [c for c in schema.columns if f"`{c}`" not in DOC]
    assert not missing, missing


@pytest.mark.parametrize("name", VOCABULARIES)
def test_every_vocabulary_term_is_documented(name):
    missing = [t for t in VOCABULARIES[name] if f"| `{t}` |" not in DOC]
    assert not missing, missing


def test_metric_units_in_the_doc_match_the_code():
    for metric, unit in vocab.UNIT_OF_METRIC.items():
        assert f"| `{metric}` | `{unit}` |" in DOC, metric


def _section(title: str) -> str:
    start = DOC.index(f"### {title}\n")
    end = DOC.find("\n### ", start + 1)
    return DOC[start:end if end != -1 else None]


def test_every_race_id_column_points_to_races_yml():
    rows = [line for line in DOC.splitlines() if line.startswith("| `race_id` |")]
    assert len(rows) == len(SCHEMAS), rows
    assert all("*Races and scopes*" in row for row in rows), rows
    section = _section("Races and scopes")
    for words in ("config/races.yml", "`races:`", "`scopes:`", "`members`", "`description`",
                  "add the race to config/races.yml"):
        assert words in section, words


def test_the_doc_lists_no_closed_set_of_races():
    """No table row per race: the configured races are not copied into the doc."""
    config = load_races(paths.ROOT / "config" / "races.yml")
    listed = [r.id for r in config.races if f"| `{r.id}` |" in DOC]
    assert not listed, listed


def test_the_scope_example_in_the_doc_is_a_configured_scope():
    config = load_races(paths.ROOT / "config" / "races.yml")
    example = "`lausd-all-2024`, all four\n  2024 LAUSD board races together (Districts 1, 3, 5, 7)"
    assert example in _section("Races and scopes")
    assert config.scope_members()["lausd-all-2024"] == {
        "lausd-d1-2024", "lausd-d3-2024", "lausd-d5-2024", "lausd-d7-2024"}
