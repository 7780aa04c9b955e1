"""Downloads, their data package, and the what-changed digest."""

from __future__ import annotations

import hashlib
import json

import pandas as pd

from helpers.site.changes import describe_changes, digest
from helpers.site.publish import Download, write_downloads

SRC = [{"title": "Test fixture", "path": "https://example.invalid/"}]


def downloads(values=(1.5, -2.0), figure_ids=("f1", "f2")):
    return [
        Download("reported_figures", "Figures", "d", SRC, pd.DataFrame({
            "figure_id": list(figure_ids), "amount": list(values),
            "as_of": pd.to_datetime(["2024-02-23", "2024-03-04"]),
            "spender": ["=HYPERLINK(\"x\")", "SYNTHETIC PAC"]})),
        Download("facts", "Facts", "d", SRC, pd.DataFrame({
            "race_id": ["r"], "key": ["k"], "display": [f"${values[0]}"]})),
    ]


def test_package_describes_every_file_exactly(tmp_path):
    package = write_downloads(downloads(), tmp_path / "downloads", tmp_path / "datapackage.json")
    assert json.loads((tmp_path / "datapackage.json").read_text()) == package
    for res in package["resources"]:
        data = (tmp_path / res["path"]).read_bytes()
        assert res["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        frame = pd.read_csv(tmp_path / res["path"])
        assert [f["name"] for f in res["schema"]["fields"]] == list(frame.columns)
        assert res["rows"] == len(frame)
        assert res["licenses"][0]["name"] == "CC-BY-4.0" and res["sources"]
    fields = {f["name"]: f["type"] for f in package["resources"][0]["schema"]["fields"]}
    assert fields == {"figure_id": "string", "amount": "number", "as_of": "string", "spender": "string"}
    text = (tmp_path / "downloads" / "reported_figures.csv").read_text()
    assert "'=HYPERLINK" in text and "2024-02-23" in text and "-2.0" in text


def test_changes_name_new_rows_and_moved_figures(tmp_path):
    old = digest(write_downloads(downloads(), tmp_path / "a", tmp_path / "a.json"), tmp_path / "a")
    new_pkg = write_downloads(downloads(values=(3.5, -2.0), figure_ids=("f1", "f3")),
                              tmp_path / "b", tmp_path / "b.json")
    lines = describe_changes(old, digest(new_pkg, tmp_path / "b"))
    assert "  new row: f3" in lines and "  removed row: f2" in lines
    assert "  r/k: $1.5 → $3.5" in lines


def test_no_change_and_first_snapshot_are_said_plainly(tmp_path):
    pkg = write_downloads(downloads(), tmp_path / "a", tmp_path / "a.json")
    d = digest(pkg, tmp_path / "a")
    assert describe_changes(d, d) == ["Nothing changed since the last published snapshot."]
    assert "first" in describe_changes(None, d)[0]
