"""docs/reporters-guide.md stays true: what it tells a reporter to open, type and run exists.

The guide was verified by following it on a fresh clone; these checks keep it from drifting as
the code moves: the README links it, JupyterLab can reach every file it names, and the examples
it gives (a figure id, a chart name, a theme colour, a placeholder) are real. Paths it cites are
checked by tests/test_cited_paths.py.
"""

from __future__ import annotations

import csv
import re
import subprocess

from tests.conftest import ROOT

GUIDE = ROOT / "docs" / "reporters-guide.md"
TEXT = GUIDE.read_text(encoding="utf-8")
RECIPES = ["Change a sentence", "Change a chart", "Add a reported figure", "Add a race",
           "Add a story"]  # fmt: skip


def test_readme_links_the_guide():
    assert "(docs/reporters-guide.md)" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_guide_has_the_five_recipes_in_order():
    headings = re.findall(r"^## \d\. (.+)$", TEXT, flags=re.M)
    assert [h.split(",")[0] for h in headings] == RECIPES


def test_make_lab_serves_the_whole_project():
    # The guide has the reporter open story/, config/ and data/ and run make from JupyterLab's
    # terminal: the server's root must be the repository, not notebooks/.
    out = subprocess.run(["make", "-n", "--no-print-directory", "lab"], cwd=ROOT, text=True,
                         capture_output=True, check=True).stdout  # fmt: skip
    command = next(line for line in out.splitlines() if "jupyter lab" in line)
    assert "--ServerApp.root_dir=." in command
    assert "notebooks/" not in command.replace("/lab/tree/notebooks", "")


def test_example_figure_ids_are_rows_of_the_ledger():
    with open(ROOT / "data" / "reference" / "reported_figures.csv", newline="") as fh:
        ids = {row["figure_id"] for row in csv.DictReader(fh)}
    quoted = set(re.findall(r"`(d1-2024-[a-z0-9-]+)`", TEXT))
    assert quoted and quoted <= ids


def test_example_chart_and_colour_exist():
    builders = (ROOT / "src" / "helpers" / "analysis" / "chart_builders.py").read_text(encoding="utf-8")
    for name in re.findall(r'`name="([a-z-]+)"`', TEXT):
        assert f'name="{name}"' in builders, name
    theme = (ROOT / "src" / "helpers" / "analysis" / "theme.py").read_text(encoding="utf-8")
    for constant in re.findall(r"constant in `theme.py` \(e\.g\. `([A-Z_]+)`\)", TEXT):
        assert re.search(rf"^{constant} = ", theme, flags=re.M), constant


def test_placeholders_shown_are_the_ones_stories_use():
    shown = set(re.findall(r"\{\{(fact|as_of|chart|label|source):", TEXT))
    story = (ROOT / "story" / "lausd-d1-2024.md").read_text(encoding="utf-8")
    used = set(re.findall(r"\{\{(fact|as_of|chart|label|source):", story))
    assert {"fact", "as_of", "chart"} <= shown and shown <= used | {"label", "source"}
    assert "{{fact:reported:" in story, "the reported-figure key the guide teaches"
