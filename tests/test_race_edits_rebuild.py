"""What make reruns after config/races.yml is edited, in a copy of the built project.

A notebook reads its own race's entry (load_race) and the reference CSVs, whose race ids are
checked against the whole file; no notebook reads another race or the scopes. So editing one
race reruns that race's notebooks only, editing a scope reruns none, and the pages (which read
every race and the scopes) are regenerated either way.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import make

pytestmark = pytest.mark.notebooks


def notebook_runs(log: str) -> set[str]:
    """The build/notebooks/<race>/<notebook> targets make ran, from its log."""
    return set(re.findall(r"run_notebooks notebooks/\S+ build/notebooks/(\S+)\.ipynb", log))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_editing_a_scope_or_one_race_reruns_only_what_reads_it(built_copy):
    races_yml = built_copy / "config" / "races.yml"

    edit(races_yml, 'description: "all four 2024 LAUSD board races together',
         'description: "all four 2024 LAUSD Board of Education races together')
    log = make(built_copy, "pages")
    assert log.returncode == 0, log.stderr[-3000:]
    assert "helpers.site.site_build" in log.stdout
    assert notebook_runs(log.stdout) == set(), log.stdout

    edit(races_yml, 'short_title: "LAUSD District 3"', 'short_title: "LAUSD Dist. 3"')
    log = make(built_copy, "pages")
    assert log.returncode == 0, log.stderr[-3000:]
    notebooks = sorted(p.stem for p in (built_copy / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    assert notebook_runs(log.stdout) == {f"lausd-d3-2024/{n}" for n in notebooks}, log.stdout
