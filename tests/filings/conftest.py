"""Shared paths and a built copy of the fixture filings (built once per test session)."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.data.filings.pipeline import build_filings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "filings"
RAW = FIXTURES / "raw"


@pytest.fixture(scope="session")
def empty_reference(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("reference")


@pytest.fixture(scope="session")
def fixture_build(tmp_path_factory, empty_reference):
    out = tmp_path_factory.mktemp("fixture_build")
    return build_filings(RAW, out, empty_reference), out
