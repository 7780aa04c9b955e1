"""The output stripper used by pre-commit keeps sources diff-friendly."""

import shutil

import nbformat

from scripts.strip_outputs import strip
from tests.conftest import ROOT


def test_strip_removes_outputs_and_counts_from_an_executed_copy(tmp_path):
    path = tmp_path / "nb.ipynb"
    shutil.copy(ROOT / "notebooks" / "05-results.ipynb", path)
    nb = nbformat.read(path, as_version=4)
    code = next(c for c in nb.cells if c.cell_type == "code")
    code.outputs = [nbformat.v4.new_output("stream", text="hello")]
    code.execution_count = 3
    nb.metadata["papermill"] = {"parameters": {"race_id": "x"}}
    nbformat.write(nb, path)
    assert strip(path) is True
    clean = nbformat.read(path, as_version=4)
    assert all(c.outputs == [] and c.execution_count is None for c in clean.cells if c.cell_type == "code")
    assert "papermill" not in clean.metadata
    assert strip(path) is False  # idempotent
