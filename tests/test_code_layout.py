"""The helpers are grouped by stage, and the build follows the groups.

src/helpers/data (sources, registrar, filings, reference data, races) feeds
src/helpers/analysis (what the notebooks call: facts, charts, money and timeline logic), which
feeds src/helpers/site (pages, receipts, downloads). A module may import its own wing, the wings
upstream of it and the shared modules at the top (paths, errors, io_atomic, tables, apstyle),
never a wing downstream: that is what lets make rerun only what an edit can change.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT, make

HELPERS = ROOT / "src" / "helpers"
ORDER = {"shared": 0, "data": 1, "analysis": 2, "site": 3}


def wing_of_module(dotted: str) -> str | None:
    parts = dotted.split(".")
    if parts[0] != "helpers":
        return None
    return parts[1] if len(parts) > 1 and parts[1] in ORDER else "shared"


def imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            if node.module == "helpers":  # from helpers import data / site / paths ...
                found += [(node.lineno, f"helpers.{alias.name}") for alias in node.names]
    return found


def test_every_helper_module_lives_in_a_wing_or_is_shared():
    shared = {p.stem for p in HELPERS.glob("*.py")} - {"__init__"}
    assert shared == {"paths", "errors", "io_atomic", "tables", "apstyle"}, (
        "a new module belongs in src/helpers/data, analysis or site (or is a shared utility)")
    assert {p.name for p in HELPERS.iterdir() if p.is_dir() and p.name != "__pycache__"} == {
        "data", "analysis", "site"}


def test_no_module_imports_a_wing_downstream_of_its_own():
    wrong = []
    for path in sorted(HELPERS.rglob("*.py")):
        module = ".".join(path.relative_to(HELPERS.parent).with_suffix("").parts)
        mine = wing_of_module(module)
        for line, target in imports(path):
            theirs = wing_of_module(target)
            if theirs and ORDER[theirs] > ORDER[mine]:
                wrong.append(f"{path.relative_to(ROOT)}:{line} ({mine}) imports {target} ({theirs})")
    assert not wrong, "\n".join(wrong)


def test_the_site_checker_is_project_tooling_not_a_notebook_helper():
    assert not list(HELPERS.rglob("site_check.py"))
    assert (ROOT / "scripts" / "site_check.py").exists()


def test_only_the_paths_module_spells_out_the_build_layout():
    """Joining "build" (or "_generated", "downloads") by hand anywhere else is a second layout."""
    offenders = []
    for path in sorted(HELPERS.rglob("*.py")):
        if path.name == "paths.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div)
                    and isinstance(node.right, ast.Constant)
                    and node.right.value in {"build", "_generated", "downloads", "_site"}):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} / {node.right.value!r}")
    assert not offenders, "\n".join(offenders)


def rebuild_after_editing(copy: Path, edited: str, target: str) -> str:
    """What make runs for ``target`` after ``edited`` changes, in this test's copy of the
    build.

    (A dry run, make -n, cannot answer this: it cannot know that a data step leaves its
    outputs' bytes, and so the notebooks, unchanged.)
    """
    (copy / edited).touch()
    result = make(copy, target)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


@pytest.mark.notebooks
def test_editing_site_code_never_reruns_a_notebook(built_copy):
    log = rebuild_after_editing(built_copy, "src/helpers/site/story.py", "pages")
    assert "helpers.site.site_build" in log
    assert "run_notebooks" not in log, log


@pytest.mark.notebooks
def test_editing_analysis_code_reruns_the_notebooks(built_copy):
    target = "build/notebooks/lausd-d1-2024/04-endorsements.ipynb"
    log = rebuild_after_editing(built_copy, "src/helpers/analysis/facts.py", target)
    assert f"run_notebooks notebooks/04-endorsements.ipynb {target}" in log, log
