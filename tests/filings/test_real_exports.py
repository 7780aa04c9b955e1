"""Conformance suite: the filings engine on every real export in ../shared/data/real-filings.

Sources (public records, see ../shared/data/real-filings/README.md): NetFile CAL exports from
caciviclab/disclosure-backend-static (Berkeley 2017 workbook; Oakland spec fixtures), the L.A.
City legacy export from datadesk/django-la-city-campaign-finance, the L.A. Socrata sample from
gridl-staging/civibus. Expected values are computed here, independently of the engine, with
``csv``, ``openpyxl`` and ``pandas.read_html`` (all text) and the plain-Python reading in
``real_reference.py``; where Open Disclosure publishes a figure for the same rows, that figure is
asserted too. The files are read in place; the tests skip, saying why, where they are absent.
"""

from __future__ import annotations

import collections
from decimal import Decimal

import pandas as pd
import pytest

from helpers.data.filings.pipeline import build_tables
from tests.filings import real_reference as ref

pytestmark = pytest.mark.skipif(
    not ref.SHARED.is_dir(),
    reason=f"real filing exports not found at {ref.SHARED} (../shared is part of the "
    "developers' and CI setup, not of a user's clone)",
)
OAKLAND = ref.SHARED / "netfile-oakland-fixtures"
CASES = sorted(p.name for p in OAKLAND.iterdir()) if OAKLAND.is_dir() else []
STATUS = {"kept": "kept", "superseded": "superseded", "covered": "covered_by_460",
          "rejected": "rejected"}  # fmt: skip


def _cents(values) -> int:
    """Exact cents of a column of dollar amounts (each row rounded to its cent, then summed)."""
    return sum(int((Decimal(str(v)) * 100).quantize(Decimal(1))) for v in values)


def _counted(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["counts_in_totals"]]


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    reference_dir = tmp_path_factory.mktemp("empty_reference")
    cache = {}

    def build(folder):
        if folder not in cache:
            cache[folder] = build_tables(folder, reference_dir)
        return cache[folder]

    return build


def _assert_matches_reading(build, reading: ref.Reading) -> None:
    """Row fates per file and money per table agree with the independent reading, to the cent."""
    files = {f["source_file"]: f for f in build.accounting["files"]}
    expected_files = {r.file for r in reading.rows}
    assert expected_files <= set(files)
    for name in expected_files:
        want = reading.by_status(name)
        got = {k: files[name][v] for k, v in STATUS.items() if files[name][v]}
        assert got == want, name
    for table in ("contributions", "independent_expenditures", "expenditures"):
        assert _cents(_counted(build.tables[table])["amount"]) == reading.cents(table), table
    other = build.tables["other_records"]
    assert _cents(other["amount"].fillna(0)) == reading.cents("other_records", False)


@pytest.mark.parametrize("case", CASES)
def test_oakland_case_matches_independent_reading(builds, case):
    folder = OAKLAND / case
    _assert_matches_reading(builds(folder), ref.read_cal(ref.read_csv_folder(folder)))


def test_berkeley_workbook_matches_independent_reading(builds):
    path = ref.SHARED / "netfile-berkeley-2017" / "efile_BRK_2017.xlsx"
    build = builds(path.parent)
    reading = ref.read_cal(ref.read_workbook(path))
    _assert_matches_reading(build, reading)
    assert build.accounting["totals"]["raw"] == len(reading.rows) == 7572
    # Contributions by committee, and independent expenditures by candidate and side.
    want = collections.Counter()
    for r in reading.kept("contributions"):
        if r.rec.get("Memo_Code", "").upper() != "X":
            want[r.rec["Filer_NamL"]] += r.cents
    got = _counted(build.tables["contributions"]).groupby("committee_name")["amount"].agg(_cents)
    assert {k: v for k, v in got.items() if v} == {k: v for k, v in want.items() if v}
    ie_want = collections.Counter()
    for r in reading.kept("independent_expenditures"):
        side = {"S": "support", "O": "oppose"}[r.rec["Sup_Opp_Cd"].upper()]
        ie_want[(ref.candidate(r.rec), side)] += r.cents
    ie = _counted(build.tables["independent_expenditures"])
    ie_got = ie.groupby(["candidate_name", "support_oppose"], observed=True)["amount"].agg(_cents)
    assert ie_got.to_dict() == dict(ie_want)


def test_berkeley_quarantine_only_defective_rows(builds):
    """20 of 7,572 rows are quarantined, each for a defect a reporter can see in the file."""
    build = builds(ref.SHARED / "netfile-berkeley-2017")
    q = build.tables["quarantine"]
    got = sorted(zip(q["source_file"].str.extract(r"sheet (.+)\)")[0], q["row"], q["column"],
                     strict=True))  # fmt: skip
    assert got == [
        ("497", 8, "Ctrib_Date"),  # no date and no amount on the filed line
        ("A-Contributions", 1983, "Tran_Date"),
        ("A-Contributions", 1987, "Tran_Date"),
        ("B1-Loans", 8, "Memo_Code"),  # 'PAY6', the row's own transaction id, in the memo column
        ("D-Expenditure", 14, "Cand_NamL"),  # a $2,452.80 flyer for no named candidate/measure
        ("E-Expenditure", 111, "Expn_Date"),
        # Rows 16-29 repeat rows 2-15 cell for cell (test_berkeley_496_part3_listed_twice...).
        *[("F496P3-Contributions", n, "Tran_ID") for n in range(16, 30)],
    ]
    flyer = q[q["column"] == "Cand_NamL"].iloc[0]["reason"]
    assert "neither a candidate nor a ballot measure" in flyer


def test_berkeley_496_part3_listed_twice_counts_once(builds):
    """Committee 1391325 filed two Form 496 on Jan. 11, 2017 (reports G16-BIE-05 and -06 on the
    496 sheet, one per Rent Board candidate); each restates the same Part 3 contributions, and
    the F496P3 sheet has no report number to tell the copies apart. Each line is counted once."""
    path = ref.SHARED / "netfile-berkeley-2017" / "efile_BRK_2017.xlsx"
    sheet = "efile_BRK_2017.xlsx (sheet F496P3-Contributions)"
    rows = {i: rec for f, i, rec in ref.read_workbook(path) if f == sheet}
    assert sorted(rows) == list(range(2, 30))
    assert all(rows[i + 14] == rows[i] for i in range(2, 16)), "rows 16-29 repeat rows 2-15"
    build = builds(path.parent)
    c = build.tables["contributions"]
    kept = c[c["source_file"] == sheet]
    assert sorted(kept["source_row"]) == list(range(2, 16))
    # The 14 amounts of rows 2-15, added by hand: $19,584.26 (not $39,168.52).
    assert _cents(kept["amount"]) == _cents(rows[i]["Tran_Amt1"] for i in range(2, 16)) == 1958426
    q = build.tables["quarantine"]
    repeats = q[q["source_file"] == sheet].sort_values("row")
    assert repeats["row"].tolist() == list(range(16, 30))
    assert all(
        reason.startswith("repeats an earlier line of the same filing version")
        and f"(row {row - 14}; transaction id 'INC" in reason
        for row, reason in zip(repeats["row"], repeats["reason"], strict=True)
    )


def test_berkeley_workbook_reaches_every_table(builds):
    build = builds(ref.SHARED / "netfile-berkeley-2017")
    kept = build.accounting["totals"]["kept_by_table"]
    assert all(kept[t] > 0 for t in kept), kept
    ie = build.tables["independent_expenditures"]
    # The Form 496 sheet's rows for the Rent Board candidates reach the table with their dates.
    wollman = ie[ie["candidate_name"] == "NATE WOLLMAN"]
    assert sorted(str(d.date()) for d in wollman["expenditure_date"]) == [
        "2016-10-17", "2016-11-02", "2016-11-02",
    ]  # fmt: skip
    # Schedule D contributions to candidates (code MON) are payments, not outside spending.
    e = build.tables["expenditures"]
    assert set(e.loc[e["schedule"] == "D", "expenditure_code"]) == {"MON"}


def test_trenado_support_matches_open_disclosure(builds):
    """Open Disclosure's spec asserts $99,288.96 of IE support for Huber Trenado."""
    build = builds(OAKLAND / "candidate_independent_supporting_trenado")
    ie = _counted(build.tables["independent_expenditures"])
    support = ie[(ie["candidate_name"] == "HUBER TRENADO") & (ie["support_oppose"] == "support")]
    assert _cents(support["amount"]) == 9928896
    # The $1,500 monetary contribution on the same Schedule D is not an IE.
    e = build.tables["expenditures"]
    assert e[["expenditure_code", "amount"]].values.tolist() == [["MON", 1500.0]]


def test_460_replaces_496_near_the_deadline(builds):
    """The 496s filed for Gary Yee on Sept. 22, 2018 are repeated by the 460 whose period ends
    that day: they are counted once, from the 460's Schedule D."""
    build = builds(OAKLAND / "deduplicate_460_497_within_1_day_of_deadline")
    ex = build.tables["excluded"]
    assert ex[ex["source_file"] == "496.csv"]["reason"].str.contains("Form 460").sum() == 4
    ie = _counted(build.tables["independent_expenditures"])
    yee = ie[ie["candidate_name"] == "GARY D YEE"]
    assert set(yee["source_file"]) == {"D-Expenditure.csv"}
    assert "496.csv" not in set(ie["source_file"])


def test_amendment_summary_total_matches_open_disclosure(builds):
    """Open Disclosure: total contributions for Cat Brooks 49,932.42 (Summary line 5 of the
    latest amendment); the row with an empty Filer_ID belongs to another committee."""
    build = builds(OAKLAND / "amendment_with_null_filer_id")
    other = build.tables["other_records"]
    line5 = other[(other["filer_id"] == "1405474") & (other["tran_id"] == "5")
                  & (other["form"] == "F460")]  # fmt: skip
    assert line5["amount"].tolist() == [49932.42]
    assert (line5["amendment"] == 1).all()


def test_referendum_contributions_match_open_disclosure(builds):
    """Open Disclosure: $477,720 (within $1) raised by the two Measure JJ committees. The
    A-Contributions sheet's Form_Type cells read 00:00:00; the sheet name says Schedule A."""
    build = builds(OAKLAND / "referendum_contributions_by_origin")
    c = _counted(build.tables["contributions"])
    assert abs(_cents(c["amount"]) - 47772000) <= 100
    assert set(c.loc[c["source_file"] == "A-Contributions.csv", "schedule"]) == {"A"}


def test_committee_expenses_are_not_double_counted(builds):
    """Open Disclosure's $145,418.42 for the library committee is its Schedule E payments
    (computed here from the file) plus $40,600.00 of accrued expenses (Summary line 9)."""
    folder = OAKLAND / "deduplicate_committee_expenses"
    build = builds(folder)
    e_rows = [rec for _, _, rec in ref.read_csv_folder(folder) if "Expn_Date" in rec]
    paid = sum(ref.to_cents(rec["Amount"]) for rec in e_rows)
    assert _cents(_counted(build.tables["expenditures"])["amount"]) == paid
    assert paid + 4060000 == 14541842


def test_legacy_export_matches_read_html(builds):
    folder = ref.SHARED / "lacity-legacy-2015"
    table = pd.read_html(folder / "test_download.html", header=0,
                         converters=collections.defaultdict(lambda: str))[0]  # fmt: skip
    table.columns = [str(c).strip() for c in table.columns]
    table = table.fillna("")
    build = builds(folder)
    assert build.accounting["totals"]["rejected"] == 0
    c = _counted(build.tables["contributions"])
    assert len(build.tables["contributions"]) == len(table) == 171
    want = collections.Counter()
    for rec in table.to_dict("records"):
        amount = ref.to_cents(rec["Amount Rcvd"])
        if rec["Schedule"] == "B":
            amount -= ref.to_cents(rec["Amount Pd"]) or 0
        want[rec["Committee ID"]] += amount
    assert c.groupby("filer_id")["amount"].agg(_cents).to_dict() == dict(want)
    # Free-text memos stay text; intermediaries reach the table.
    assert sorted(c.loc[c["memo_text"] != "", "memo_text"]) == ["This is a loan"] * 3
    intermediaries = collections.Counter(c.loc[c["intermediary_name"] != "", "intermediary_name"])
    assert intermediaries == collections.Counter(t for t in table["Int Name"] if t)


def test_socrata_sample_keeps_every_real_row(builds):
    import csv

    folder = ref.SHARED / "lacity-socrata-sample"
    with open(folder / "sample_transactions.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    build = builds(folder)
    assert build.accounting["totals"]["rejected"] == 0
    c = build.tables["contributions"]
    assert len(c) == len(rows) == 10
    want = collections.Counter()
    for rec in rows:
        want[rec["cmt_nm"]] += ref.to_cents(rec["con_amount"])
    assert c.groupby("committee_name")["amount"].agg(_cents).to_dict() == dict(want)
    memos = {rec["memo"] for rec in rows if rec["memo"]}
    assert set(c.loc[c["memo_text"] != "", "memo_text"]) == memos and not c["memo"].any()
    # A committee the portal lists without an id is kept, known by its name.
    no_id = c[c["filer_id"] == ""]
    assert len(no_id) == sum(1 for rec in rows if not rec["cmt_id"]) >= 1
    assert set(c["intermediary_name"]) - {""} == {rec["int_name"] for rec in rows} - {""}


def test_docs_table_is_what_the_engine_does_now():
    """docs/filings.md's "Real exports" table equals the generator's output."""
    from scripts import real_filings_table

    doc = (real_filings_table.ROOT / "docs" / "filings.md").read_text()
    block = doc.split(real_filings_table.BEGIN, 1)[1].split(real_filings_table.END, 1)[0]
    assert block.strip() == real_filings_table.table().strip(), (
        "regenerate: .venv/bin/python scripts/real_filings_table.py --write docs/filings.md"
    )
