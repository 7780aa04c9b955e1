"""docs/reference-data.md documents every column and every vocabulary term the schemas accept."""

from __future__ import annotations

import pytest

from helpers import paths
from helpers.data.reference import schemas, vocab

DOC = (paths.ROOT / "docs" / "reference-data.md").read_text()

SCHEMAS = [schemas.ENDORSEMENT_EVENTS, schemas.REPORTED_FIGURES, schemas.ELECTION_CALENDAR]
VOCABULARIES = {
    "SCOPES": vocab.SCOPES,
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
