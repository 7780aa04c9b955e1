"""Bad input never costs data or trust: every case in tests/fixtures/bad_inputs ends as documented.

Each case runs through the real entry points (scripts/bad_inputs_table.py runs them; a few go
through ``python -m helpers.data.filings build`` in a subprocess). The expected endings below come
from the documented rules (docs/filings.md, the module docstrings), not from what the code
printed: an error names the file, the spreadsheet row (header = row 1) and the column where one
cell is at fault; a bad cell quarantines its row with the reason; every filings build accounts
for every input row exactly once.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pytest

from helpers.data.filings import accounting
from scripts.bad_inputs_table import (
    CASES,
    FIXTURES,
    ONE_MB,
    ONE_MB_TEXT,
    SCRIPT,
    TRANSACTION_TABLES,
    csv_cell,
    markdown,
    markup_escaped,
    markup_report,
    run_all,
)
from tests.conftest import ROOT

NEITHER = "neither support nor oppose"  # the support/oppose rejection reason


@dataclass
class Expect:
    """How a case must end. For errors: file (name), row, column, reason fragment. For builds:
    (row, column, reason fragment) per quarantined row, counts, and values of kept rows."""

    ending: str
    file: str | None = None
    row: int | None = None
    column: str | None = None
    reason: str = ""
    quarantined: list[tuple[int, str, str]] = field(default_factory=list)
    kept: int = 0
    superseded: int = 0
    covered: int = 0
    values: dict[tuple[str, str], list] = field(default_factory=dict)


def error(file, row, column, reason) -> Expect:
    return Expect("error", file, row, column, reason)


def accepted(kept, values=None, superseded=0, covered=0) -> Expect:
    return Expect("accepted", kept=kept, superseded=superseded, covered=covered,
                  values=values or {})  # fmt: skip


def quarantined(rows, kept=0, values=None) -> Expect:
    return Expect("quarantined", quarantined=rows, kept=kept, values=values or {})


D = pd.Timestamp
AMOUNT = ("contributions", "amount")
EXPECTED: dict[str, Expect] = {
    # File structure: a file that cannot be read row by row stops the build, naming the cell.
    "empty_file": error("contributions.csv", 1, None, "empty file: no header row"),
    "header_only": accepted(0),
    "header_only_cal": accepted(0),
    "truncated_last_line": error("schedule_A.csv", 3, None, "expected 18 fields, found 10"),
    "wrong_delimiter": error("m6g2-gc6c.csv", 1, None, "separated by semicolons"),
    "utf8_bom": accepted(1, {("contributions", "filer_id"): ["TEST-9003"], AMOUNT: [100.0]}),
    "latin1_data_row": error("schedule_A.csv", 3, "Tran_NamL", "not UTF-8 text"),
    "latin1_header": error("schedule_A.csv", 1, None, "header is not UTF-8 text"),
    "missing_required_column": error("m6g2-gc6c.csv", 1, "cmt_nm", "required column missing"),
    "missing_cal_column": error("schedule_A.csv", 1, "Report_Num", "required CAL column"),
    "duplicated_header_column": error("schedule_A.csv", 1, "Tran_Amt1", "appears twice"),
    "extra_unknown_columns": accepted(1, {AMOUNT: [100.0]}),
    "record_wider_than_header": error("schedule_A.csv", 3, None, "expected 18 fields, found 19"),
    # An opened quote swallows the following lines into one cell: the record comes up short.
    "unbalanced_quote_mid_file": error("schedule_A.csv", 2, None, "expected 18 fields, found 14"),
    # Blank lines are kept as (rejected) records so later row numbers stay true.
    "blank_line_mid_file": quarantined(
        [(3, "Filer_ID", "both the committee id and the committee name are empty")], kept=2,
        values={("contributions", "source_row"): [2, 4]},
    ),  # fmt: skip
    "one_mb_field": accepted(1),  # length checked in test_one_mb_field_is_kept_whole
    "one_mb_field_then_short_record": error("schedule_A.csv", 3, None, "found 2"),
    # Amounts (money.py): the ways filings write dollars are read, anything else is rejected.
    "amount_dollar_comma": accepted(1, {AMOUNT: [1234.56]}),
    "amount_parentheses": accepted(1, {AMOUNT: [-500.0]}),  # refunds stay negative
    "amount_two_decimal_points": quarantined([(2, "Tran_Amt1", "unreadable amount '1.2.3'")]),
    "amount_blank": quarantined([(2, "Tran_Amt1", "missing amount")]),
    "amount_too_large": quarantined([(2, "Tran_Amt1", "too large")]),
    # Dates (dates.py): impossible dates rejected; POSIX pivot. Upper bound
    # (rules/future_dates.py): the period's end + 366 days, or the build date without a period.
    "date_february_30": quarantined([(2, "Tran_Date", "impossible date '02/30/24'")]),
    "date_far_future": quarantined(
        [(2, "Tran_Date", "'2099-01-15' is more than a year after the end of the statement's "
                          "period (2024-02-17)")]
    ),  # fmt: skip
    # 2024-02-17 + 366 days = 2025-02-17 (counted by hand: Feb. 17, 2024 to Feb. 17, 2025
    # spans Feb. 29, 2024), still accepted; the next day is not.
    "date_a_year_after_period_end": quarantined(
        [(3, "Tran_Date", "'2025-02-18' is more than a year after")], kept=1,
        values={("contributions", "contribution_date"): [D("2025-02-17")]},
    ),  # fmt: skip
    "date_future_without_period": quarantined(
        [(3, "Tran_Date", "'2099-02-20' is later than the day of the build")], kept=1,
        values={("independent_expenditures", "expenditure_date"): [D("2024-02-20")]},
    ),  # fmt: skip
    # 68 is 2068 (then too late for a 2024 statement, and the reason says how it was read),
    # 69 is 1969.
    "date_two_digit_years": quarantined(
        [(3, "Tran_Date", "'12/31/68' (read as 2068-12-31) is more than a year after")], kept=2,
        values={("contributions", "contribution_date"): [D("2024-02-05"), D("1969-01-01")]},
    ),  # fmt: skip
    # Independent expenditures: negative amounts stay negative; codes normalised or rejected.
    "negative_independent_expenditure": accepted(
        1, {("independent_expenditures", "amount"): [-2500.0]}
    ),
    "unknown_support_oppose_code": quarantined([
        (2, "Sup_Opp_Cd", "'X' is " + NEITHER),
        (3, "Sup_Opp_Cd", "'SO' is " + NEITHER),
        (4, "Sup_Opp_Cd", "'' is " + NEITHER),
    ]),  # fmt: skip
    "cal_lowercase_and_stray_sup_opp": quarantined(
        [(4, "Sup_Opp_Cd", "'Q' is " + NEITHER)], kept=2,
        values={("independent_expenditures", "support_oppose"): ["support", "oppose"]},
    ),  # fmt: skip
    "ie_without_candidate": quarantined(
        [(2, "Cand_NamL", "names neither a candidate nor a ballot measure")]
    ),
    # Amendments: the latest version of a filing wins whatever the file order; per filing.
    "amendment_before_original_in_file": accepted(1, {AMOUNT: [150.0]}, superseded=2),
    "amendment_file_before_original_file": accepted(
        1, {AMOUNT: [150.0], ("contributions", "source_file"): ["a_amendment.csv"]},
        superseded=2,
    ),  # fmt: skip
    "amendment_without_original": accepted(1, {("contributions", "amendment"): [2]}),
    "unreadable_amendment_number": quarantined([(2, "Report_Num", "unreadable amendment")]),
    # A 496 with no later 460 of its filer is not covered: it stays in the table.
    "f496_without_later_460": accepted(2, {("independent_expenditures", "amount"): [2500.0] * 2}),
    # Transaction ids (rules/duplicates.py): within one filing version and schedule an id names
    # one line. An identical copy is counted once; different lines under one id are none counted.
    "duplicate_transaction_ids": quarantined(
        [(3, "Tran_ID", "counted once, from the earlier line (row 2; transaction id 'A1'")],
        kept=1,
        values={("contributions", "source_row"): [2]},
    ),  # fmt: skip
    "duplicate_transaction_ids_conflicting": quarantined(
        [(2, "Tran_ID", "none is counted; check the filing at its source (rows 2 and 3; "
                           "transaction id 'A1'"),
         (3, "Tran_ID", "one transaction id on different lines of the same filing version")],
        kept=1,
        values={("contributions", "tran_id"): ["A2"]},
    ),  # fmt: skip
    "duplicate_sheet_saved_twice": quarantined(
        [(2, "Tran_ID", "from the earlier line (A-Contributions.csv row 2; transaction id 'A1'"),
         (3, "Tran_ID", "from the earlier line (A-Contributions.csv row 3; transaction id 'A2'")],
        kept=2,
        values={("contributions", "source_file"): ["A-Contributions.csv"] * 2},
    ),  # fmt: skip
    # Ids recur legitimately across amendments (the original is superseded whole), schedules
    # and filings: 120.00 (amendment 001, A) + 40.00 (C) + 60.00 (next period) are kept.
    "transaction_ids_repeated_legitimately": accepted(
        3, {("contributions", "amount"): [120.0, 40.0, 60.0]}, superseded=1
    ),
    "unknown_memo_code": quarantined([(2, "Memo_Code", "unrecognised memo code 'Q'")]),
    # Hostile text is kept as filed (the data is not edited) and escaped where it is shown.
    "script_in_committee_name": accepted(
        1, {("contributions", "committee_name"): [f"{SCRIPT} SYNTHETIC COMMITTEE"]}
    ),
    "formula_in_donor_name": accepted(1, {("contributions", "contributor_name"): [
        '=HYPERLINK("https://example.invalid","TESTFIXTURE DONOR")']}),  # fmt: skip
    # Registrar feed, reference CSVs, races configuration.
    "lavote_unknown_election": error(
        "results_other_election.json", None, "ReferenceID", "belongs to another election"
    ),
    "lavote_missing_key": error("results_missing_key.json", 2, "Value", "missing this key"),
    "lavote_text_vote_count": error("results_text_vote_count.json", 1, "Value", "not a number"),
    "lavote_nan_vote_count": error("results_nan_vote_count.json", 2, "Value", "not a number"),
    "reference_bad_date": error(
        "election_calendar_bad_date.csv", 3, "date", "YYYY-MM-DD (found '2024-02-30')"
    ),
    "reference_empty_source_url": error(
        "election_calendar_empty_source_url.csv", 3, "source_url", "never empty"
    ),
    "reference_latin1": error("election_calendar_latin1.csv", 2, "note", "not UTF-8"),
    # load_races names the entry in the reason ("race entry 1"), the field as the column.
    "races_unknown_field": error("races_unknown_field.yml", None, "colour", "race entry 1"),
}

FILINGS = [c.id for c in CASES if c.entry in ("build", "cli")]
BUILT = [i for i in FILINGS if EXPECTED[i].ending != "error"]
CLI = [c.id for c in CASES if c.entry == "cli"]


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory):
    return run_all(tmp_path_factory.mktemp("bad_inputs"))


def test_corpus_is_complete():
    ids = [c.id for c in CASES]
    assert len(ids) >= 30 and len(set(ids)) == len(ids)
    assert set(EXPECTED) == set(ids)
    folders = {p.name for p in (FIXTURES / "filings").iterdir() if p.is_dir()}
    assert folders == set(FILINGS), "every fixture folder is a case and every case has one"
    assert "TEST DATA" in (FIXTURES / "README.md").read_text()


@pytest.mark.parametrize("case_id", [c.id for c in CASES])
def test_case_ends_as_documented(outcomes, case_id):
    o, want = outcomes[case_id], EXPECTED[case_id]
    assert o.ending == want.ending, o.message or o.ending
    if want.ending == "error":
        assert o.file is not None and Path(o.file).name == want.file, o.message
        assert o.row == want.row, o.message
        assert o.column == want.column, o.message
        assert want.reason in o.message
        if want.row is not None:
            assert f"row {want.row}" in o.message
        if want.column is not None:
            assert f"column {want.column!r}" in o.message
        if o.out_dir is not None:  # nothing half-built is left for the site to publish
            assert not (o.out_dir / "accounting.json").exists()
        return
    t = o.build.accounting["totals"]
    assert (t["kept"], t["superseded"], t["covered_by_460"], t["rejected"]) == (
        want.kept, want.superseded, want.covered, len(want.quarantined),
    )  # fmt: skip
    q = o.build.tables["quarantine"].sort_values("row")
    got = list(zip(q["row"], q["column"], q["reason"], strict=True))
    assert len(got) == len(want.quarantined)
    for (row, column, reason), (w_row, w_column, w_reason) in zip(
        got, want.quarantined, strict=True
    ):
        assert (row, column) == (w_row, w_column)
        assert w_reason in reason
    for (table, column), values in want.values.items():
        frame = o.build.tables[table].sort_values(["source_file", "source_row"])
        assert frame[column].tolist() == values, (table, column)


def _records(path: Path) -> int:
    """Data records in a CSV counted from its bytes (no embedded newlines in these fixtures)."""
    data = path.read_bytes().replace(ONE_MB.encode(), ONE_MB_TEXT.encode())
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    return max(len(lines) - 1, 0)


@pytest.mark.parametrize("case_id", BUILT)
def test_every_input_row_is_accounted_for_once(outcomes, case_id):
    o = outcomes[case_id]
    acc = o.build.accounting
    accounting.check(acc)
    inputs = {p.relative_to(o.raw_dir).as_posix(): p for p in o.raw_dir.rglob("*.csv")}
    assert {f["source_file"] for f in acc["files"]} == set(inputs), "every file read is listed"
    tables = o.build.tables
    for f in acc["files"]:
        n = _records(FIXTURES / "filings" / case_id / f["source_file"])
        assert f["raw"] == n == f["kept"] + f["superseded"] + f["covered_by_460"] + f["rejected"]
        seen = []
        for table in TRANSACTION_TABLES:
            t = tables[table]
            seen += t.loc[t["source_file"] == f["source_file"], "source_row"].tolist()
            assert f["kept_by_table"][table] == int((t["source_file"] == f["source_file"]).sum())
        for table in ("quarantine", "excluded"):
            t = tables[table]
            seen += t.loc[t["source_file"] == f["source_file"], "row"].tolist()
        assert sorted(seen) == list(range(2, n + 2)), "each row once: kept, quarantined or excluded"
    assert len(tables["quarantine"]) == acc["totals"]["rejected"]
    assert len(tables["excluded"]) == acc["totals"]["superseded"] + acc["totals"]["covered_by_460"]
    assert (tables["quarantine"]["reason"].str.strip() != "").all()
    if o.case.entry == "build":  # what build_filings wrote is what it returned
        assert json.loads((o.out_dir / "accounting.json").read_text()) == acc
        with open(o.out_dir / "quarantine.csv", newline="") as fh:
            assert sum(1 for _ in csv.reader(fh)) - 1 == len(tables["quarantine"])


@pytest.mark.parametrize("case_id", CLI)
def test_cli_data_error_is_one_line_without_traceback(outcomes, case_id):
    o = outcomes[case_id]
    assert o.returncode == 2
    assert "Traceback" not in o.stderr
    assert o.stderr.startswith("error: ") and o.stderr.count("\n") == 1


def test_one_mb_field_is_kept_whole(outcomes):
    description = outcomes["one_mb_field"].build.tables["contributions"]["description"]
    assert description.tolist() == [ONE_MB_TEXT] and len(ONE_MB_TEXT) == 1_000_000


def test_script_in_committee_name_is_escaped_wherever_it_reaches_html(outcomes):
    name = outcomes["script_in_committee_name"].build.tables["contributions"]["committee_name"]
    reports = markup_report(name.iloc[0])
    assert all(markup_escaped(reports).values())
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in reports["html_table"]
    assert "<script" not in reports["html_table"] + reports["markdown_table"]
    assert "&lt;script&gt;" in reports["markdown_table"]
    assert "<" not in reports["json_for_script"] and "\\u003cscript>" in reports["json_for_script"]
    page = reports["standalone_page"]
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt; SYNTHETIC COMMITTEE</title>" in page
    # The spec island and the draw script (which loads the Vega runtime only when needed).
    assert page.count("<script") == 2
    # The JSON island cannot be closed early: its one '</script>' is its own end tag.
    island = page.split('<script type="application/json" id="spec">', 1)[1]
    assert json.loads(island.split("</script>", 1)[0])["title"]["text"] == name.iloc[0]


def test_formula_in_donor_name_is_neutralised_in_the_published_csv(outcomes):
    frame = outcomes["formula_in_donor_name"].build.tables["contributions"]
    assert csv_cell(frame, "contributor_name") == (
        '\'=HYPERLINK("https://example.invalid","TESTFIXTURE DONOR")'
    )
    # Numbers are not text: a refund stays a number a spreadsheet can add up.
    refund = outcomes["amount_parentheses"].build.tables["contributions"]
    assert csv_cell(refund, "amount") == "-500.0"


def test_docs_table_is_the_scripts_output(outcomes):
    committed = (ROOT / "docs" / "bad-inputs.md").read_text(encoding="utf-8")
    assert committed == markdown(outcomes), (
        "regenerate: .venv/bin/python scripts/bad_inputs_table.py > docs/bad-inputs.md"
    )


def test_table_lists_every_case_once(outcomes):
    rows = [line for line in io.StringIO(markdown(outcomes)) if line.startswith("| `")]
    assert [r.split("`")[1] for r in rows] == [c.id for c in CASES]
