"""Each notebook and its py:percent twin (jupytext.toml) hold the same cells, and the committed
notebook carries no outputs: a reporter's edit shows as a readable diff of the .py file."""

from __future__ import annotations

import tomllib

import jupytext
import nbformat
import pytest

from tests.conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def cells(nb) -> list[tuple[str, str, list]]:
    return [(c.cell_type, c.source.strip(), sorted(c.metadata.get("tags", []))) for c in nb.cells]


def test_the_project_pairs_notebooks_with_py_percent():
    config = tomllib.loads((ROOT / "jupytext.toml").read_text())
    assert config["formats"] == "ipynb,py:percent"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_jupytext_finds_the_twin_beside_each_notebook(path):
    """What JupyterLab's jupytext extension will do: read jupytext.toml, pair with NN-name.py."""
    from jupytext.config import find_jupytext_configuration_file, load_jupytext_configuration_file
    from jupytext.paired_paths import paired_paths

    config = load_jupytext_configuration_file(find_jupytext_configuration_file(str(path.parent)))
    pairs = dict(paired_paths(str(path), "ipynb", config.default_formats(str(path))))
    assert str(path.with_suffix(".py")) in pairs
    assert pairs[str(path.with_suffix(".py"))]["format_name"] == "percent"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_and_twin_hold_the_same_cells(path):
    twin = path.with_suffix(".py")
    assert twin.exists(), f"{path.name} has no twin: .venv/bin/jupytext --sync {path}"
    notebook = nbformat.read(path, as_version=4)
    text = jupytext.read(twin, fmt="py:percent")
    assert cells(notebook) == cells(text), (
        f"{path.name} and {twin.name} differ: .venv/bin/jupytext --sync {path}")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_notebook_has_no_outputs(path):
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, (
                f"{path.name}: run .venv/bin/python scripts/strip_outputs.py")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_exactly_one_parameters_cell(path):
    notebook = nbformat.read(path, as_version=4)
    tagged = [c for c in notebook.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1, path.name
