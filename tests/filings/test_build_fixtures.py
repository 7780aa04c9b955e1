"""End to end on the hand-written fixtures (tests/fixtures/filings/raw): every figure below is
worked out by hand from the fixture rows, row by row, in the comments."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from helpers.data.filings import accounting

# Per file: (raw, kept, superseded, covered_by_460, rejected), counted from the fixture rows.
EXPECTED = {
    # rows 2-14: row 8 (CA497 dated 2024-02-10, inside the 460 period 01-01..02-17) covered;
    # rows 10 ('1,23.4'), 11 ('02/30/2024'), 13 (neither cmt_id nor cmt_nm) rejected; the
    # other 9 kept.
    "lacity/m6g2-gc6c_test.csv": (13, 9, 0, 1, 3),
    # row 3 has the impossible date 13/01/2024.
    "lacity/5mrt-4zhe_test.csv": (3, 2, 0, 0, 1),
    # rows 2-3 are amendment 000 of a filing whose amendment 001 is row 4; row 5 says 'x1'.
    "cal/schedule_A.csv": (4, 1, 2, 0, 1),
    "cal/schedule_D.csv": (3, 3, 0, 0, 0),
    # row 2 (2024-02-01) lies inside the 460 period; row 5 has support/oppose code 'X'.
    "cal/form_496.csv": (5, 3, 0, 1, 1),
    # row 3 (2024-02-10) lies inside the 460 period.
    "cal/form_496p3.csv": (2, 1, 0, 1, 0),
    "cal/summary.csv": (2, 2, 0, 0, 0),
    # row 5 is Doc ID 90, superseded by Doc ID 100; row 4 is 02/29/09 (2009 is no leap year).
    "legacy/legacy_export_test.html": (6, 4, 1, 0, 1),
}


def test_accounting_per_file(fixture_build):
    build, _ = fixture_build
    files = {f["source_file"]: f for f in build.accounting["files"]}
    assert set(files) == set(EXPECTED)
    for name, (raw, kept, sup, cov, rej) in EXPECTED.items():
        f = files[name]
        assert (f["raw"], f["kept"], f["superseded"], f["covered_by_460"], f["rejected"]) == (
            raw, kept, sup, cov, rej,
        ), name  # fmt: skip
    t = build.accounting["totals"]
    assert t["raw"] == 38 == t["kept"] + t["superseded"] + t["covered_by_460"] + t["rejected"]


def test_accounting_json_written_and_checked(fixture_build):
    build, out = fixture_build
    on_disk = json.loads((out / "accounting.json").read_text())
    assert on_disk == build.accounting
    accounting.check(on_disk)
    on_disk["totals"]["kept"] -= 1
    with pytest.raises(accounting.AccountingError):
        accounting.check(on_disk)


def _sum(frame: pd.DataFrame) -> float:
    return round(float(frame.loc[frame["counts_in_totals"], "amount"].sum()), 2)


def test_lacity_contributions_sum(fixture_build):
    c = fixture_build[0].tables["contributions"]
    la = c[c["source_file"] == "lacity/m6g2-gc6c_test.csv"]
    # 100 + 1234.56 - 50 (refund) + 600 (loan 1000 net of 400 repaid) + 700 (late 497 after the
    # period) - 75 ('(75.00)') + 40 (in kind) + 25 (its memo column is free text, as the
    # portal's is, so "Out-of-state contribution" is a note, not a memo mark);
    # Schedule I's 300 is not a contribution.
    assert _sum(la) == 2574.56
    assert len(la) == 8
    assert not la["memo"].any()
    noted = la[la["memo_text"] != ""]
    assert noted["memo_text"].tolist() == ["Out-of-state contribution"]
    assert noted["amount"].tolist() == [25.0]
    loan = la[la["is_loan"]].iloc[0]
    assert (loan["amount"], loan["amount_reported"], loan["amount_paid_forgiven"]) == (
        600.0, 1000.0, 400.0,
    )  # fmt: skip
    assert sorted(la.loc[la["amount"] < 0, "amount"]) == [-75.0, -50.0]
    two_digit = la[la["source_row"] == 12].iloc[0]
    assert str(two_digit["contribution_date"].date()) == "2024-02-05"


def test_schedule_i_kept_as_other_record_with_reason(fixture_build):
    other = fixture_build[0].tables["other_records"]
    sched_i = other[other["schedule"] == "I"]
    assert sched_i["amount"].tolist() == [300.0]
    assert "not a contribution" in sched_i["why_not_used"].iloc[0]
    summary = other[other["source_file"] == "cal/summary.csv"]
    assert (
        len(summary) == 2 and (summary["why_not_used"] == "summary line, not a transaction").all()
    )


def test_independent_expenditures_by_candidate_and_side(fixture_build):
    ie = fixture_build[0].tables["independent_expenditures"]
    counted = ie[ie["counts_in_totals"]]
    totals = counted.groupby(["candidate_name", "support_oppose"])["amount"].sum().to_dict()
    # Support Alpha: D1 5000 + 496 E2 3000 + E5 1000 (E1 5000 is covered by the 460, D3 is memo).
    # Oppose Beta: D2 2500 + E3 1200 (E4 'X' is quarantined).
    assert totals == {("Testfixture, Alpha", "support"): 9000.0,
                      ("Testfixture, Beta", "oppose"): 3700.0}  # fmt: skip
    assert set(ie["support_oppose"]) == {"support", "oppose"}
    e2 = ie[(ie["source_file"] == "cal/form_496.csv") & (ie["source_row"] == 3)].iloc[0]
    assert e2["committee_name"] == "SYNTHETIC Testfixture Independent Committee"
    assert e2["committee_name_norm"] == "SYNTHETIC TESTFIXTURE INDEPENDENT COMMITTEE"
    assert e2["candidate_name_norm"] == "TESTFIXTURE ALPHA"
    assert (e2["form"], e2["amendment"], e2["filer_id"]) == ("F496", 0, "TEST-1001")


def test_amended_filing_keeps_only_latest_version(fixture_build):
    c = fixture_build[0].tables["contributions"]
    cal_a = c[c["source_file"] == "cal/schedule_A.csv"]
    # Amendment 001 restates A1 as 1500; A2 (2000) was dropped by the amendment and must go.
    assert cal_a["amount"].tolist() == [1500.0] and cal_a["amendment"].tolist() == [1]
    filings = fixture_build[0].tables["filings"]
    f460 = filings[filings["filing_id"] == "CAL|TEST-1001|F460|2024-01-01|2024-02-17"]
    assert f460.set_index("amendment")["is_latest"].to_dict() == {0: False, 1: True}
    # v0: A rows 2-3; v1: A row 4, D rows 2-4, summary rows 2-3 (row 5 'x1' has no version).
    assert f460.set_index("amendment")["rows"].to_dict() == {0: 2, 1: 6}


def test_legacy_export(fixture_build):
    c = fixture_build[0].tables["contributions"]
    leg = c[c["source_format"] == "legacy_ethics"]
    # $250 + loan 1000 net of 250 + refund (25.00) + 60 in kind (its Memo cell is a note, as
    # the real export's are); Doc 90's 500 superseded.
    assert _sum(leg) == 1035.0
    in_kind = leg[leg["source_row"] == 7].iloc[0]
    assert in_kind["memo_text"] == "This is an in-kind gift" and not in_kind["memo"]
    assert in_kind["intermediary_name"] == "SYNTHETIC Platform"
    assert in_kind["intermediary_state"] == "CA"
    assert str(leg.loc[leg["source_row"] == 2, "contribution_date"].iloc[0].date()) == "2009-01-15"
    assert leg["candidate_name"].unique().tolist() == ["Testfixture, Gamma"]
    assert leg.loc[leg["source_row"] == 2, "contributor_name"].iloc[0] == "SYNTHETIC ONE, Donor"


def test_quarantine_names_file_row_column_and_reason(fixture_build):
    q = fixture_build[0].tables["quarantine"]
    got = {(r.source_file, r.row, r.column) for r in q.itertuples()}
    assert got == {
        ("lacity/m6g2-gc6c_test.csv", 10, "con_amount"),
        ("lacity/m6g2-gc6c_test.csv", 11, "con_date"),
        ("lacity/m6g2-gc6c_test.csv", 13, "cmt_id"),
        ("lacity/5mrt-4zhe_test.csv", 3, "exp_date"),
        ("cal/schedule_A.csv", 5, "Report_Num"),
        ("cal/form_496.csv", 5, "Sup_Opp_Cd"),
        ("legacy/legacy_export_test.html", 4, "Date"),
    }
    reasons = dict(zip(q["column"], q["reason"], strict=True))
    assert reasons["con_date"] == "impossible date '02/30/2024'"
    assert reasons["con_amount"] == "unreadable amount '1,23.4'"


def test_excluded_rows_are_listed(fixture_build):
    ex = fixture_build[0].tables["excluded"]
    assert len(ex) == 6
    assert (ex["reason"].str.contains("Form 460")).sum() == 3
    assert (ex["reason"].str.contains("amendment")).sum() == 3


def test_expenditures_keep_internal_id_apart(fixture_build):
    e = fixture_build[0].tables["expenditures"]
    la = e[e["source_format"] == "lacity_expenditures"]
    assert la["amount"].sum() == 4500.0
    assert (la["filer_id"] == "lacity-exp:9001").all()


def test_committees_and_candidates_tables(fixture_build):
    cm = fixture_build[0].tables["committees"]
    row = cm[cm["filer_id"] == "TEST-1001"]
    # Kept CAL rows of TEST-1001: A 1 + D 3 + 496 3 + 496P3 1 + summary 2 = 10.
    assert row["rows"].sum() == 10
    assert cm["committee_id"].isna().all()  # the committed crosswalk is empty
    cand = fixture_build[0].tables["candidates"]
    assert "TESTFIXTURE BETA" in set(cand["candidate_name_norm"])
