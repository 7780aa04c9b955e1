"""The build entry point: empty input, byte-identical rebuilds, one-line errors, exit codes."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from helpers.data.filings import schemas
from helpers.data.filings.cli import main
from helpers.data.filings.pipeline import PUBLISHED, build_filings
from helpers.errors import DataError
from tests.filings.conftest import RAW

ROOT = Path(__file__).resolve().parents[2]


def test_empty_raw_folder_gives_empty_typed_tables(tmp_path, empty_reference):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / ".gitkeep").touch()
    out = tmp_path / "out"
    build = build_filings(raw, out, empty_reference)
    for name in [*PUBLISHED, "quarantine", "excluded"]:
        table = pq.read_table(out / f"{name}.parquet")
        assert table.num_rows == 0
        assert table.schema.equals(schemas.arrow_schema(name)), name
        with open(out / f"{name}.csv") as fh:
            assert next(csv.reader(fh)) == schemas.columns(name)
    acc = json.loads((out / "accounting.json").read_text())
    assert acc["totals"]["raw"] == 0 and acc["files"] == []
    assert "no itemized filings" in build.summary


def test_rebuild_is_byte_identical(tmp_path, empty_reference):
    a, b = tmp_path / "a", tmp_path / "b"
    build_filings(RAW, a, empty_reference)
    # Copy the input elsewhere too: output must not depend on where the raw folder lives.
    raw2 = tmp_path / "raw2"
    shutil.copytree(RAW, raw2)
    build_filings(raw2, b, empty_reference)
    names = sorted(p.name for p in a.iterdir())
    assert names == sorted(p.name for p in b.iterdir())
    assert len(names) == 2 * (len(PUBLISHED) + 2) + 1
    for name in names:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_published_csv_is_sorted_with_fixed_columns(fixture_build):
    _, out = fixture_build
    with open(out / "contributions.csv") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == schemas.columns("contributions")
    keys = [(r[1], int(r[2])) for r in rows[1:]]
    assert keys == sorted(keys)


def test_data_error_exits_2_with_one_line(tmp_path, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "bad.csv").write_text(
        "Filer_ID,Filer_NamL,Report_Num,Form_Type,Rec_Type\n"
        "TEST-1,SYNTHETIC,000,A,RCPT\n"
        "TEST-1,SYNTHETIC,000,A\n"
    )
    rc = main(["build", "--raw", str(raw), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert rc == 2
    assert err == "error: bad.csv, row 3: expected 5 fields, found 4\n"


def test_missing_required_column_names_it(tmp_path, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "m6g2.csv").write_text("con_date,con_amount,cmt_id\n2024-01-01,5.00,TEST-1\n")
    assert main(["build", "--raw", str(raw), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: m6g2.csv, row 1, column '")
    assert "required column missing" in err


def test_unknown_format_is_an_error_not_skipped(tmp_path, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "mystery.csv").write_text("a,b\n1,2\n")
    assert main(["build", "--raw", str(raw), "--out", str(tmp_path / "out")]) == 2
    assert "matches no known format" in capsys.readouterr().err


def test_module_entry_point_runs_without_traceback(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "mystery.csv").write_text("a,b\n1,2\n")
    proc = subprocess.run(
        [sys.executable, "-m", "helpers.data.filings", "build", "--raw", str(raw),
         "--out", str(tmp_path / "out")],
        capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1


def test_statements_snapshot_becomes_the_statements_filed_index(tmp_path, empty_reference):
    # TEST DATA in br3a-db9a's columns: two statements, one with an impossible date.
    raw = tmp_path / "raw"
    (raw / "socrata" / "br3a-db9a").mkdir(parents=True)
    (raw / "socrata" / "br3a-db9a" / "br3a-db9a.csv").write_text(
        "cmt_id,cmt_type_desc,period_from_date,period_to_date,stmt_link\n"
        "TEST-1,Candidate,2024-01-01T00:00:00.000,2024-02-17T00:00:00.000,https://x.invalid/1\n"
        "TEST-1,Candidate,2024-02-30T00:00:00.000,2024-03-31T00:00:00.000,https://x.invalid/2\n"
    )
    build = build_filings(raw, tmp_path / "out", empty_reference)
    s = build.tables["statements_filed"]
    assert s[["committee_id", "statement_link"]].values.tolist() == [
        ["TEST-1", "https://x.invalid/1"]
    ]
    assert str(s["period_end"].iloc[0].date()) == "2024-02-17"
    q = build.tables["quarantine"]
    assert q[["row", "column"]].values.tolist() == [[3, "period_from_date"]]
    files = build.accounting["statements_filed"]["files"]
    assert [(f["raw"], f["kept"], f["rejected"]) for f in files] == [(2, 1, 1)]
    assert build.accounting["totals"]["raw"] == 0  # no transactions in an index of statements
    assert (tmp_path / "out" / "statements_filed.csv").exists()


def test_statements_snapshot_with_other_columns_is_an_error(tmp_path, empty_reference):
    raw = tmp_path / "raw"
    (raw / "socrata" / "br3a-db9a").mkdir(parents=True)
    (raw / "socrata" / "br3a-db9a" / "br3a-db9a.csv").write_text("x,y\n1,2\n")
    with pytest.raises(DataError) as err:
        build_filings(raw, tmp_path / "out", empty_reference)
    assert "br3a-db9a.csv" in str(err.value) and "cmt_id" in str(err.value)


def test_also_reads_another_folder_in_place_with_a_label(tmp_path, empty_reference):
    """A dataset kept elsewhere (the local mirror, say) is read where it is; its rows are named
    <label>/<file> in every table, the quarantine and the accounting."""
    out = tmp_path / "out"
    (tmp_path / "empty").mkdir()
    code = main(["build", "--raw", str(tmp_path / "empty"), "--out", str(out),
                 "--reference", str(empty_reference),
                 "--also", f"legacy-mirror={RAW / 'legacy'}"])  # fmt: skip
    assert code == 0
    acc = json.loads((out / "accounting.json").read_text())
    assert [f["source_file"] for f in acc["files"]] == ["legacy-mirror/legacy_export_test.html"]
    data = (RAW / "legacy" / "legacy_export_test.html").read_bytes()
    assert acc["inputs"] == [
        {"file": "legacy-mirror/legacy_export_test.html", "bytes": len(data),
         "sha256": hashlib.sha256(data).hexdigest()}
    ]  # fmt: skip
    with open(out / "quarantine.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["source_file"], r["row"]) for r in rows] == [
        ("legacy-mirror/legacy_export_test.html", "4")
    ]
    assert main(["build", "--raw", str(tmp_path / "empty"), "--out", str(out),
                 "--also", "no-equals-sign"]) == 2  # fmt: skip
    # A folder that does not exist stops the build, naming it (not an empty set of tables).
    assert main(["build", "--raw", str(tmp_path / "typo"), "--out", str(out)]) == 2
    assert main(["build", "--raw", str(tmp_path / "empty"), "--out", str(out),
                 "--also", f"x={tmp_path / 'typo'}"]) == 2  # fmt: skip
