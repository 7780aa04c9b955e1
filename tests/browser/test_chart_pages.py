"""Every standalone chart page of every race, opened in chromium from a 127.0.0.1 server.

Each page is visited once (session fixture); the tests below each judge one property across
all pages and list every page that fails, so one run shows the whole picture.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import site_check

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]


def _registry() -> dict[str, dict]:
    """races/<race>/charts/<name>.html -> the chart's registry entry (title, description)."""
    entries = {}
    for reg in ROOT.glob("races/*/charts/*.charts.json"):
        for entry in json.loads(reg.read_text()):
            page = (reg.parent / entry["files"]["page"]).relative_to(ROOT).as_posix()
            entries[page] = entry
    return entries


@pytest.fixture(scope="session")
def reports(built_chart_pages, browser, root_server, axe_js):
    with site_check.PageChecker(browser, root_server, axe_js=axe_js) as checker:
        return {rel: checker.check(rel, wait_for_chart=True) for rel in built_chart_pages}


def _fail_if(failures: list[str], what: str) -> None:
    if failures:
        pytest.fail(f"{len(failures)} chart page(s) {what}:\n\n" + "\n\n".join(failures),
                    pytrace=False)


def test_every_registered_chart_has_a_page_and_every_page_a_chart(built_chart_pages):
    assert sorted(_registry()) == built_chart_pages


def test_every_chart_draws_and_is_named_by_its_description(reports):
    registry = _registry()
    failures = []
    for rel, r in reports.items():
        if r.chart_problem:
            failures.append(f"{rel}: {r.chart_problem}")
        elif r.chart_label != registry[rel]["description"]:
            failures.append(f"{rel}: the chart's accessible name is {r.chart_label!r}, "
                            f"not its description {registry[rel]['description']!r}")
    _fail_if(failures, "did not draw a named chart")


def test_no_request_leaves_the_local_server(reports, root_server):
    failures = [f"{rel}:\n  " + "\n  ".join(r.external_requests)
                for rel, r in reports.items() if r.external_requests]
    _fail_if(failures, f"requested something outside {root_server.base_url}")
    for rel, r in reports.items():  # and the check saw the page's own requests at all
        assert all(u.startswith(root_server.base_url) for u in r.requests), rel
        assert root_server.url(rel) in r.requests, rel
        assert any(u.endswith("/assets/vendor/vega/vega.min.js") for u in r.requests), rel


def test_no_console_errors_page_errors_or_failed_requests(reports):
    failures = [f"{rel}:\n  " + "\n  ".join(r.console_errors + r.page_errors + r.failed_requests)
                for rel, r in reports.items()
                if r.console_errors or r.page_errors or r.failed_requests]
    _fail_if(failures, "logged errors")


def test_axe_finds_no_violations(reports):
    failures = [f"{rel}:\n  " + "\n  ".join(site_check.format_violation(v)
                                              for v in r.axe_violations)
                for rel, r in reports.items() if r.axe_violations]
    _fail_if(failures, "have axe-core violations")


def test_title_is_the_chart_title(reports):
    registry = _registry()
    failures = []
    for rel, r in reports.items():
        why = site_check.descriptive_title_problem(r.title, rel)
        if why:
            failures.append(f"{rel}: {why}")
        elif r.title != " ".join(registry[rel]["title"].split()):
            failures.append(f"{rel}: <title> {r.title!r} is not the chart title "
                            f"{registry[rel]['title']!r}")
    _fail_if(failures, "lack a descriptive <title>")


def test_no_horizontal_scroll_at_375px(reports):
    width = site_check.MOBILE_WIDTH
    failures = [f"{rel}: scrollWidth {r.scroll_width} px closed, {r.scroll_width_open} px "
                f"with the data table opened"
                for rel, r in reports.items()
                if r.scroll_width is None or r.scroll_width > width
                or r.scroll_width_open is None or r.scroll_width_open > width]
    _fail_if(failures, f"scroll sideways at {width} px")
