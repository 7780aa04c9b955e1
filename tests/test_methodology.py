"""Accounting text, on hand-made inputs (the reconciliation: tests/test_reconciliation.py)."""

import json

from helpers.site.methodology import accounting_markdown


def test_accounting_says_when_there_are_no_filings(tmp_path):
    path = tmp_path / "accounting.json"
    path.write_text(json.dumps({"files": [], "totals": {
        "raw": 0, "kept": 0, "superseded": 0, "covered_by_460": 0, "rejected": 0}}))
    text = accounting_markdown(path)
    assert "No itemized filings" in text and "| read from raw files | 0 |" in text
