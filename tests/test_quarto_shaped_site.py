"""The site built in Quarto 1.7's shape from the project's generated inputs (no Quarto, no
browser): what the real render published wrongly is found, and the post-render step and the
static checks that `make site` runs put it right (issue 11, ../shared/quarto-render/README.md).
"""

from __future__ import annotations

import shutil

import pytest

from helpers.site.site_post import fix_site
from scripts import site_check as sc
from tests import quarto_shape
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def raw_site(tmp_path_factory, built):
    """As Quarto writes it, before the post-render step (from the session's one build)."""
    return quarto_shape.build(built, tmp_path_factory.mktemp("quarto") / "_site")


@pytest.fixture(scope="module")
def site(raw_site, tmp_path_factory):
    """After the post-render step, as scripts/render.sh leaves it."""
    out = tmp_path_factory.mktemp("fixed") / "_site"
    shutil.copytree(raw_site, out)
    fix_site(out)
    return out


def test_quartos_own_markup_is_caught_on_every_page_before_the_fix(raw_site):
    pages = [p for p in sc.site_files(raw_site, ".html")
             if 'content="quarto-1.7.34"' in p.read_text()]  # not the standalone chart pages
    assert len(pages) >= 10
    for page in pages:
        details = [p.detail for p in sc.markup_problems(raw_site, page)]
        assert any('role="menu"' in d for d in details), page
        assert any("bootstrap-icons.css" in d for d in details), page


def test_the_static_checks_pass_after_the_post_render_step(site):
    report = sc.check_site(site, browser=False, project_dir=ROOT)
    assert report.ok, report.text()
    assert report.fragments == []  # no charts/*.table.html published on their own
    assert not list(site.rglob("*.table.html"))
    assert not (site / "site_libs/bootstrap/bootstrap-icons.css").exists()
    assert {e.name for e in site.iterdir()} <= (sc.ALLOWED_DIRS | sc.ALLOWED_FILES | {
        p.name for p in site.glob("*.html")})


def test_the_explainers_first_load_is_within_budget_raw_and_compressed(site):
    files = sc.loaded_files(site, site / "index.html", first_load=True)
    weight = sc.Weight.of(files)
    assert weight.raw <= 1 * sc.MB and weight.gz <= 200 * sc.KB, weight.text()
    names = {p.name for p in files}
    assert "vega.min.js" not in names  # Vega waits for a reader to reach a chart
    assert "bootstrap-icons.css" not in names
    charts = sorted(n for n in names if n.endswith(".svg"))
    first = charts[0].split(".")[0]
    assert charts == [f"{first}.phone.svg", f"{first}.wide.svg"]  # the first chart only


def test_every_wide_table_sits_in_a_focusable_labelled_region(site):
    for page in sc.site_files(site, ".html"):
        text = page.read_text()
        assert text.count("<table") == text.count('class="table-scroll"'), page


def test_unanchored_globs_would_publish_the_virtualenv_and_build(tmp_path):
    """The finding's cause, on a small project: Quarto's rule for a glob without "/"."""
    for rel in ("assets/charts.js", ".venv/lib/site-packages/playwright/driver/assets/x.js",
                "build/races/d1/charts/c.html", "races/d1/charts/c.html"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    loose = quarto_shape.quarto_globs(tmp_path, ["assets/**", "races/**/charts/**"])
    rels = sorted(p.relative_to(tmp_path).as_posix() for p in loose)
    assert rels == [".venv/lib/site-packages/playwright/driver/assets/x.js", "assets/charts.js",
                    "build/races/d1/charts/c.html", "races/d1/charts/c.html"]
    anchored = quarto_shape.quarto_globs(tmp_path, ["/assets/**", "/races/*/charts/**"])
    assert sorted(p.relative_to(tmp_path).as_posix() for p in anchored) == [
        "assets/charts.js", "races/d1/charts/c.html"]
