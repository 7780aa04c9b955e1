"""Methodology fragments about the filings: the files read, statements coverage, official totals.

Inputs are TEST DATA written here (the Ethics Commission pages come from the shapes in
tests/filings/test_lacity_ethics.py); expected figures are worked out by hand.
"""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd

from helpers.site.methodology import (
    filings_inputs_markdown,
    official_totals_markdown,
    statements_coverage_markdown,
)
from tests.filings.test_lacity_ethics import ALPHA_O, ALPHA_S, BETA_O, ie_json, totals_page


def test_inputs_list_each_file_with_its_hash(tmp_path):
    acc = tmp_path / "accounting.json"
    assert filings_inputs_markdown(acc) == "The filings step has not run.\n"
    acc.write_text(
        json.dumps(
            {
                "inputs": [
                    {
                        "file": "lacity-legacy-2015/test_download.html",
                        "bytes": 123456,
                        "sha256": "ab" * 32,
                    }
                ]
            }
        )
    )
    text = filings_inputs_markdown(acc).replace("\\", "")  # Markdown escapes removed
    assert "lacity-legacy-2015/test_download.html" in text
    assert "123,456" in text and "ab" * 32 in text


def test_statements_coverage_names_gaps_or_says_the_index_is_missing():
    empty = pd.DataFrame()
    assert "br3a-db9a" in statements_coverage_markdown(empty, {})
    ts = pd.Timestamp
    statements = pd.DataFrame({
        "committee_id": ["TEST-1"], "committee_type": ["Candidate"],
        "period_begin": [ts("2024-01-01")], "period_end": [ts("2024-02-17")],
        "statement_link": ["https://x.invalid/1"], "source_file": ["s.csv"], "source_row": [2],
    })  # fmt: skip
    text = statements_coverage_markdown(
        statements,
        {"race-x": ({"TEST-1": "SYNTHETIC Committee"}, dt.date(2024, 1, 1), dt.date(2024, 3, 5))},
    )
    text = text.replace("\\", "")  # Markdown escapes removed
    assert "SYNTHETIC Committee (TEST-1)" in text
    assert "Statements filed for Jan. 1–Feb. 17, 2024; none found for Feb. 18–March 5" in text


def test_official_totals_beside_itemized_and_what_is_missing(tmp_path):
    election = tmp_path / "9001"
    election.mkdir()
    (election / "totals.html").write_text(totals_page())
    (election / "ie_7001_S.json").write_bytes(ie_json(ALPHA_S))
    (election / "ie_7001_O.json").write_bytes(ie_json(ALPHA_O))
    (election / "ie_7002_O.json").write_bytes(ie_json(BETA_O))
    (election / "ie_7002_S.json").write_bytes(ie_json([]))
    text = official_totals_markdown(tmp_path, {"race-a": 9001, "race-b": None, "race-c": 9002})
    text = text.replace("\\", "")  # Markdown escapes removed
    # Alpha, support: official 1,250,000.00, itemized 1,000,000.00 + 250,000.00 = the same.
    assert "$1,250,000" in text
    # Alpha, oppose: official 310,400.50, itemized 300,400.50: a $10,000 difference shown.
    assert "| SYNTHETIC ALPHA | oppose | $310,400.50 | $300,400.50 | $10,000 |" in text
    # Gamma's files were not saved: unknown, never $0.
    assert "unknown: file not saved" in text
    assert "race-b: the Commission's election id is not set" in text
    assert "race-c: not downloaded" in text and "--election-id 9002" in text
