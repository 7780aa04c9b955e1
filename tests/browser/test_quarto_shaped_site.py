"""The whole site, built in Quarto 1.7's shape from the generated inputs, in the browser.

Before the post-render step, the check must find what the real render found (issue 11):
Quarto's navbar toggler (axe aria-allowed-role), scrolling notebook code that a keyboard
cannot reach (axe scrollable-region-focusable), tables and links that widen the page at
375 px. After it, the whole browser check passes: axe on every page, chart text at least
11 px as displayed at 375 and 1280 px (static images and drawn charts), charts that fit their
column, the explainer's first load within 200 KB compressed and 1 MB raw, all in parallel
within 60 s (a budget stretched only by load other jobs put on the machine). The same check
opens every standalone chart page of every race: each draws its chart, named by its
description, under the chart's title.
"""

from __future__ import annotations

import fnmatch
import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpers.site.site_post import fix_site
from scripts import site_check as sc
from tests import quarto_shape
from tests.conftest import ROOT

pytestmark = pytest.mark.browser
CHECK_BUDGET_S = 60


@pytest.fixture(scope="module")
def raw_site(tmp_path_factory, chromium_exe, built):
    return quarto_shape.build(built, tmp_path_factory.mktemp("quarto") / "_site")


@pytest.fixture(scope="module")
def raw_reports(tmp_path_factory, browser, axe_js, built):
    """Pages as Quarto's markup and layout alone leave them: no post-render step, and none
    of the project's stylesheet rules that wrap long cells and links."""
    bare = quarto_shape.build(built, tmp_path_factory.mktemp("bare") / "_site",
                              project_css=False)
    pages = ["methodology.html", "data.html", "races/lausd-d1-2024/notebooks/02-timeline.html"]
    with sc.serve_directory(bare) as server, sc.PageChecker(browser, server,
                                                            axe_js=axe_js) as checker:
        return {rel: checker.check(rel, touch=False) for rel in pages}


def axe_rules(report) -> set[str]:
    return {v["id"] for v in report.axe_violations}


def test_the_unfixed_toggler_fails_axe_on_every_quarto_page(raw_reports):
    for rel, r in raw_reports.items():
        assert "aria-allowed-role" in axe_rules(r), rel
        [violation] = [v for v in r.axe_violations if v["id"] == "aria-allowed-role"]
        assert "navbar-toggler" in violation["nodes"][0]["html"]


def test_unfocusable_scrolling_code_is_caught(raw_reports):
    r = raw_reports["races/lausd-d1-2024/notebooks/02-timeline.html"]
    assert "scrollable-region-focusable" in axe_rules(r)


def test_wide_tables_and_long_links_are_caught_at_375_px(raw_reports):
    for rel in ("methodology.html", "data.html"):
        r = raw_reports[rel]
        assert max(r.scroll_width, r.scroll_width_open) > sc.MOBILE_WIDTH, rel
        assert "horizontal scroll" in {p.kind for p in r.problems()}, rel


@pytest.fixture(scope="module")
def checked(raw_site, tmp_path_factory, chromium_exe):
    """The whole site after the post-render step, through the whole browser check (one run,
    timed; the tests below read its findings)."""
    site = tmp_path_factory.mktemp("fixed") / "_site"
    shutil.copytree(raw_site, site)
    fix_site(site)
    load = os.getloadavg()[0]
    started = time.monotonic()
    report = sc.check_site(site, chromium=chromium_exe, project_dir=ROOT)
    return CheckRun(site, report, time.monotonic() - started, load)


@dataclass
class CheckRun:
    site: Path
    report: sc.SiteReport
    seconds: float
    load: float  # the 1-minute load average when the check started


def test_the_whole_fixed_site_passes_the_browser_check_in_time(checked):
    report = checked.report
    cores = os.cpu_count() or 2
    budget_s = CHECK_BUDGET_S * max(1.0, (checked.load + cores) / (2 * cores))
    assert report.ok, report.text()
    assert len(report.pages) >= 20
    assert sorted(report.page_reports) == sorted(report.pages)  # every page in the browser
    assert any("in parallel" in n for n in report.notes)
    index = next(w for w in report.weights if w.startswith("index.html:"))
    assert "budget 1.00 MB raw / 200.0 KB gzip" in index
    assert checked.seconds <= budget_s, (
        f"the browser check took {checked.seconds:.0f} s for {len(report.pages)} pages "
        f"(budget {budget_s:.0f} s at load {checked.load:.1f} on {cores} CPUs)")


# ---- the standalone chart pages of every race, as the whole-site check saw them -------------
# Each test judges one property across all chart pages and lists every page that fails, so
# one run shows the whole picture.

def registry(site: Path) -> dict[str, dict]:
    """races/<race>/charts/<name>.html -> the chart's registry entry (title, description)."""
    entries = {}
    for reg in site.glob("races/*/charts/*.charts.json"):
        for entry in json.loads(reg.read_text()):
            page = (reg.parent / entry["files"]["page"]).relative_to(site).as_posix()
            entries[page] = entry
    return entries


@pytest.fixture(scope="module")
def chart_pages(checked) -> dict[str, sc.PageReport]:
    found = sorted(p.relative_to(checked.site).as_posix()
                   for p in checked.site.glob("races/*/charts/*.html")
                   if not p.name.endswith(".table.html"))
    assert found, "the site has no races/*/charts/*.html"
    return {rel: checked.report.page_reports[rel] for rel in found}


def fail_if(failures: list[str], what: str) -> None:
    if failures:
        pytest.fail(f"{len(failures)} chart page(s) {what}:\n\n" + "\n\n".join(failures),
                    pytrace=False)


def test_every_registered_chart_has_a_page_and_every_page_a_chart(chart_pages, checked):
    assert sorted(registry(checked.site)) == sorted(chart_pages)
    assert all(fnmatch.fnmatchcase(rel, sc.STANDALONE_CHART_PAGES) for rel in chart_pages)


def test_every_chart_draws_and_is_named_by_its_description(chart_pages, checked):
    entries = registry(checked.site)
    failures = []
    for rel, r in chart_pages.items():
        if r.chart_problem:
            failures.append(f"{rel}: {r.chart_problem}")
        elif r.chart_label != entries[rel]["description"]:
            failures.append(f"{rel}: the chart's accessible name is {r.chart_label!r}, "
                            f"not its description {entries[rel]['description']!r}")
    fail_if(failures, "did not draw a named chart")


def test_chart_pages_load_vega_and_nothing_from_outside(chart_pages):
    for rel, r in chart_pages.items():
        base = r.url[: -len(rel)]
        assert r.requests and all(u.startswith(base) for u in r.requests), rel
        assert r.external_requests == [], rel
        assert any(u.endswith("/assets/vendor/vega/vega.min.js") for u in r.requests), rel


def test_title_is_the_chart_title(chart_pages, checked):
    entries = registry(checked.site)
    failures = [f"{rel}: <title> {r.title!r} is not the chart title {entries[rel]['title']!r}"
                for rel, r in chart_pages.items()
                if r.title != " ".join(entries[rel]["title"].split())]
    fail_if(failures, "lack the chart's title")


def test_chart_text_is_measured_drawn_at_375_and_1280_px(chart_pages):
    """Issue 11: at 375 px every chart was a 600 px SVG scaled to 324 px, its smallest text
    3.5 to 5.9 px; at 1280 px 8.4 to 9.8 px. The whole-site check fails on text below 11 px
    and charts that do not fit (test above); here: it measured the chart Vega draws at both
    widths, with text in it, on every chart page. (These pages draw at once, so their static
    image may be gone before it is measured; the same static SVGs are measured on the site's
    pages.)"""
    failures = []
    for rel, r in chart_pages.items():
        measured = {(c["state"], w) for c, w in
                    [(c, 375) for c in r.charts] + [(c, 1280) for c in r.wide_charts]}
        if not {("live", 375), ("live", 1280)} <= measured:
            failures.append(f"{rel}: measured only {sorted(measured)}")
        for c in r.charts + r.wide_charts:
            if c.get("minFont") is None:
                failures.append(f"{rel}: {c['name']} ({c['state']}) has no text to measure")
    fail_if(failures, "have charts whose text was not measured")
