"""Crosswalk joins, the synthetic generator, and the data dictionary covering every column."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from helpers.data.filings import crosswalk, schemas
from helpers.data.filings.pipeline import build_tables
from helpers.data.filings.synthetic import write_contributions
from helpers.errors import DataError
from tests.filings.conftest import RAW

ROOT = Path(__file__).resolve().parents[2]


def _write(path: Path, rows: list[str]) -> None:
    path.write_text("name_norm,committee_id,canonical_name,status,source,note\n" + "".join(rows))


def test_verified_crosswalk_fills_committee_id(tmp_path):
    ref = tmp_path / "ref"
    ref.mkdir()
    _write(ref / "crosswalk_committees.csv", [
        "SYNTHETIC TESTFIXTURE INDEPENDENT COMMITTEE,TEST-CMTE-1,SYNTHETIC,verified,test,\n",
        "SYNTHETIC COMMITTEE FOR TESTING,TEST-CMTE-2,SYNTHETIC,unverified,test,\n",
    ])  # fmt: skip
    build = build_tables(RAW, ref)
    ie = build.tables["independent_expenditures"]
    assert set(ie["committee_id"].astype(str)) == {"TEST-CMTE-1"}
    c = build.tables["contributions"]
    la = c[c["filer_id"] == "TEST-0001"]
    assert la["committee_id"].isna().all()  # unverified: not used in transaction tables
    cm = build.tables["committees"].set_index("filer_id")
    assert cm.loc["TEST-0001", "committee_id"] == "TEST-CMTE-2"
    assert cm.loc["TEST-0001", "committee_id_status"] == "unverified"


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ("Synthetic lower case,TEST-1,x,verified,t,\n", "name_norm"),
        ("SYNTHETIC A,,x,verified,t,\n", "committee_id"),
        ("SYNTHETIC A,TEST-1,x,maybe,t,\n", "status"),
    ],
)
def test_bad_crosswalk_rows_are_errors(tmp_path, row, column):
    _write(tmp_path / "cw.csv", [row])
    with pytest.raises(DataError) as info:
        crosswalk.load(tmp_path / "cw.csv", "committee_id", crosswalk.COMMITTEE_COLUMNS)
    assert (info.value.row, info.value.column) == (2, column)


def test_one_name_cannot_map_to_two_ids(tmp_path):
    _write(tmp_path / "cw.csv", ["SYNTHETIC A,TEST-1,x,verified,t,\n",
                                 "SYNTHETIC A,TEST-2,x,verified,t,\n"])  # fmt: skip
    with pytest.raises(DataError, match="already maps"):
        crosswalk.load(tmp_path / "cw.csv", "committee_id", crosswalk.COMMITTEE_COLUMNS)


def test_committed_crosswalks_load():
    for name, col, cols in [
        ("crosswalk_committees.csv", "committee_id", crosswalk.COMMITTEE_COLUMNS),
        ("crosswalk_candidates.csv", "candidate_id", crosswalk.CANDIDATE_COLUMNS),
    ]:
        crosswalk.load(ROOT / "data" / "reference" / name, col, cols)


def test_synthetic_rows_are_obviously_synthetic_and_reconcile(tmp_path, empty_reference):
    path = write_contributions(tmp_path / "raw" / "synthetic.csv", 3000, seed=7)
    text = path.read_text()
    names = re.findall(r'"(SYNTHETIC DONOR \d+|TEST-\d{4}|Testfixture, Candidate \d+)"', text)
    assert len(names) >= 3 * 3000
    build = build_tables(tmp_path / "raw", empty_reference)
    t = build.accounting["totals"]
    assert t["raw"] == 3000
    assert t["raw"] == t["kept"] + t["superseded"] + t["covered_by_460"] + t["rejected"]
    assert t["covered_by_460"] > 0 and t["kept_by_table"]["other_records"] > 0
    # Same seed, same bytes.
    again = write_contributions(tmp_path / "again.csv", 3000, seed=7)
    assert again.read_bytes() == path.read_bytes()
    shutil.rmtree(tmp_path / "raw")


def test_data_dictionary_documents_every_column():
    doc = (ROOT / "docs" / "filings.md").read_text()
    for table, cols in schemas.TABLES.items():
        section = re.search(rf"^### `{table}`\n(.*?)(?=^### |\Z)", doc, re.S | re.M)
        assert section, f"docs/filings.md has no section for {table}"
        for col in cols:
            assert f"`{col.name}`" in section.group(1), f"{table}.{col.name} undocumented"
