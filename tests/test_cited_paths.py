"""What the project's own text points to must exist: entry points import, cited files are there.

Text is pyproject.toml, the READMEs and docs/, and the docstrings, comments and configuration of
src/, scripts/, benchmarks/, config/ and the Makefile.

A console script that names a missing module installs fine and fails only when someone types
it; a README that cites a renamed test sends a newcomer to nothing. Both were found by hand once
(issue 13); these tests find them on every run.
"""

from __future__ import annotations

import importlib
import re
import tomllib

import pytest

from tests.conftest import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
# The files whose text cites repository paths (docs/ is read whole, new pages included).
CITING = [ROOT / "pyproject.toml", ROOT / "README.md", ROOT / "data" / "README.md",
          *sorted((ROOT / "docs").glob("*.md"))]  # fmt: skip
# Folders of committed files; a path cited under one of them must exist.
COMMITTED = ("src", "tests", "scripts", "docs", "config", "benchmarks", "notebooks", "data",
             "assets", "story", ".ci")  # fmt: skip
# Folders that downloads fill on the user's machine (git-ignored or empty in a clone), and files
# a make target writes (`make publish-digest`): a path there names where a file will land, not a
# file that must be committed.
DOWNLOAD_TARGETS = ("data/cache/", "data/raw/filings/", "data/raw/lacity-ethics/",
                    "data/published-digest.json/")  # fmt: skip
# Code and configuration cite files too (a docstring naming the test that guards a rule).
CODE = sorted([*(ROOT / "src").rglob("*.py"), *(ROOT / "scripts").rglob("*.py"),
               *(ROOT / "benchmarks").rglob("*.py"), *(ROOT / "config").glob("*.yml"),
               ROOT / "Makefile"])  # fmt: skip
TOKEN = re.compile(
    r"(?<![\w./-])((?:" + "|".join(re.escape(c) for c in COMMITTED) + r")/[\w./<>*{}-]*[\w*>}])"
)


def entry_points() -> list[tuple[str, str]]:
    project = PYPROJECT["project"]
    found = [*project.get("scripts", {}).items(), *project.get("gui-scripts", {}).items()]
    for group in project.get("entry-points", {}).values():
        found += list(group.items())
    return found


def cited_paths(text: str) -> list[tuple[int, str]]:
    """(line, path) of every concrete repository path in ``text``; patterns such as
    ``notebooks/NN-*.ipynb`` or ``races/<race>/`` are not concrete and are left out."""
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        for match in TOKEN.finditer(line):
            path = match.group(1).rstrip(".")
            if not any(ch in path for ch in "<>*{}") and not re.search(r"\bNN\b", path):
                out.append((number, path))
    return out


def test_cited_paths_finds_concrete_paths_only():
    text = ("see `tests/test_x.py`, src/helpers/a.py. and notebooks/NN-*.ipynb,\n"
            "build/races/<race>/ and races/<race>/index.qmd; ../shared/data/lavote")  # fmt: skip
    assert cited_paths(text) == [(1, "tests/test_x.py"), (1, "src/helpers/a.py")]


def test_pyproject_declares_entry_points():
    assert entry_points(), "pyproject.toml declares no entry point: delete this test if intended"


@pytest.mark.parametrize("name,target", entry_points(), ids=[n for n, _ in entry_points()])
def test_every_entry_point_imports(name, target):
    module_name, _, attr = target.partition(":")
    module = importlib.import_module(module_name)
    func = module
    for part in attr.split("."):
        func = getattr(func, part, None)
        assert func is not None, f"{name} = {target!r}: {module_name} has no {attr!r}"
    assert callable(func), f"{name} = {target!r} is not callable"


def missing_citations(files) -> list[str]:
    return [
        f"{f.relative_to(ROOT)}:{line}: {path}"
        for f in files
        for line, path in cited_paths(f.read_text(encoding="utf-8"))
        # A module may be cited without its ending ("as tests/conftest does").
        if not (ROOT / path).exists()
        and not (ROOT / f"{path}.py").exists()
        and not f"{path}/".startswith(DOWNLOAD_TARGETS)
    ]


@pytest.mark.parametrize("doc", CITING, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_path_cited_exists(doc):
    missing = missing_citations([doc])
    assert not missing, "cited but not in the repository:\n" + "\n".join(missing)


def test_every_path_cited_in_code_and_config_exists():
    missing = missing_citations(CODE)
    assert not missing, "cited but not in the repository:\n" + "\n".join(missing)
