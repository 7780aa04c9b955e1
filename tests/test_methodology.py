"""Reconciliation rows and accounting text, on hand-made inputs."""

import json

import pandas as pd

from helpers.methodology import accounting_markdown, reconciliation_table


def figures():
    return pd.DataFrame({
        "race_id": ["r", "r", "r"], "metric": ["ie_support"] * 3,
        "spender": ["SYNTHETIC PAC", "SYNTHETIC PAC", "OTHER"], "candidate": ["Uno", "Uno", "Dos"],
        "amount": [100.0, 150.0, 40.0], "qualifier": ["more_than", "more_than", "exact"],
        "as_of": pd.to_datetime(["2024-02-01", "2024-03-01", "2024-03-01"]),
        "source_publisher": ["Test"] * 3,
    })


def test_latest_figure_is_compared_with_the_filings_total():
    ie = pd.DataFrame({"candidate": ["Uno", "Uno", "Uno"], "support_oppose": ["support"] * 3,
                       "amount": [100.0, 70.0, 999.0], "counts_in_totals": [True, True, False]})
    table = reconciliation_table(figures(), {"r": ie}).set_index("Spender / candidate")
    assert table.loc["SYNTHETIC PAC / Uno", "Reported"] == "more than $150"
    assert table.loc["SYNTHETIC PAC / Uno", "Project total"] == "$170"
    assert table.loc["SYNTHETIC PAC / Uno", "Difference"] == "$20"
    assert table.loc["OTHER / Dos", "Project total"] == "not computed: no itemized filings"


def test_without_filings_nothing_pretends_to_agree():
    table = reconciliation_table(figures(), {})
    assert (table["Project total"] == "not computed: no itemized filings").all()
    assert len(table) == 2  # latest per candidate


def test_accounting_says_when_there_are_no_filings(tmp_path):
    path = tmp_path / "accounting.json"
    path.write_text(json.dumps({"files": [], "totals": {
        "raw": 0, "kept": 0, "superseded": 0, "covered_by_460": 0, "rejected": 0}}))
    text = accounting_markdown(path)
    assert "No itemized filings" in text and "| read from raw files | 0 |" in text
