"""The page checker must catch what it claims to catch, or the chart-page tests prove nothing.

Each broken page below has exactly one defect; the good page has none. All pages live in a
temp folder and are served from 127.0.0.1 like the real ones.
"""

from __future__ import annotations

import pytest

from helpers import site_check

pytestmark = pytest.mark.browser

HEAD = '<!doctype html><html lang="en"><head><meta charset="utf-8">' \
       '<meta name="viewport" content="width=device-width, initial-scale=1">'
DRAW = """<script>
const el = document.getElementById('chart');
el.innerHTML = '<svg role="img" aria-label="Bar chart of test money" width="200" height="100">'
  + '<rect width="50" height="50" fill="#0072B2"></rect></svg>';
el.setAttribute('data-rendered', 'true');
</script>"""


def page(body: str, title: str = "Test chart: money by candidate", head: str = "") -> str:
    return (f"{HEAD}<title>{title}</title>{head}</head><body><main><h1>Test page</h1>"
            f'<div id="chart"></div>{body}</main>{DRAW}</body></html>')


PAGES = {
    "good.html": page("<p>Fine.</p>"),
    "external.html": page('<script src="http://example.invalid/x.js"></script>'),
    "external-css.html": page("", head='<style>@import url("https://cdn.example.invalid/a.css");'
                                       "</style>"),
    "no-alt.html": page('<img src="pixel.svg">'),
    "console.html": page('<script>console.error("boom from the page")</script>'),
    "throws.html": page('<script>throw new Error("uncaught in the page")</script>'),
    "missing-file.html": page('<script src="does-not-exist.js"></script>'),
    "wide.html": page('<div style="width:900px">too wide</div>'),
    "wide-details.html": page('<details><summary>Table</summary>'
                              '<div style="width:900px">wide once opened</div></details>'),
    "generic-title.html": page("", title="Document"),
    "no-title.html": page("").replace("<title>Test chart: money by candidate</title>", ""),
    "never-drawn.html": page("").replace(DRAW, ""),
    "unnamed-chart.html": page("").replace(' role="img" aria-label="Bar chart of test money"',
                                           ""),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("checker-site")
    for name, text in PAGES.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "pixel.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="1" '
                                      'height="1"></svg>')
    return folder


@pytest.fixture(scope="module")
def reports(site, browser, axe_js):
    with site_check.serve_directory(site) as server, \
            site_check.PageChecker(browser, server, axe_js=axe_js) as checker:
        out = {name: checker.check(name, wait_for_chart=True, timeout_ms=1500)
               for name in PAGES}
    out["_base"] = server.base_url
    return out


def kinds(report) -> set[str]:
    return {p.kind for p in report.problems()}


def test_the_good_page_passes_every_check(reports):
    r = reports["good.html"]
    assert r.problems() == [], "\n".join(map(str, r.problems()))
    assert r.chart_label == "Bar chart of test money"
    assert r.requests == [reports["_base"] + "good.html"]


def test_a_script_from_another_host_is_flagged_and_never_fetched(reports):
    r = reports["external.html"]
    assert r.external_requests == ["http://example.invalid/x.js"]
    assert "external request" in kinds(r)
    assert any("example.invalid" in str(p) for p in r.problems())


def test_a_css_import_from_another_host_is_flagged(reports):
    r = reports["external-css.html"]
    assert set(r.external_requests) == {"https://cdn.example.invalid/a.css"}
    assert "external request" in kinds(r)


def test_an_image_without_alt_is_an_axe_violation(reports):
    r = reports["no-alt.html"]
    assert "image-alt" in {v["id"] for v in r.axe_violations}
    assert "image-alt" in site_check.format_violation(r.axe_violations[0]) or any(
        "image-alt" in str(p) for p in r.problems())


def test_console_errors_and_uncaught_exceptions_are_recorded(reports):
    assert any("boom from the page" in m for m in reports["console.html"].console_errors)
    assert any("uncaught in the page" in m for m in reports["throws.html"].page_errors)


def test_a_missing_local_file_is_a_failed_request(reports):
    r = reports["missing-file.html"]
    assert any(f.startswith("404 for ") and f.endswith("/does-not-exist.js")
               for f in r.failed_requests)
    assert r.external_requests == []


def test_horizontal_scroll_is_caught_closed_and_with_details_open(reports):
    assert reports["wide.html"].scroll_width > site_check.MOBILE_WIDTH
    assert "horizontal scroll" in kinds(reports["wide.html"])
    opened = reports["wide-details.html"]
    assert opened.scroll_width <= site_check.MOBILE_WIDTH < opened.scroll_width_open
    assert "horizontal scroll" in kinds(opened)


def test_generic_or_missing_titles_are_caught(reports):
    assert "title" in kinds(reports["generic-title.html"])
    assert reports["no-title.html"].title is None
    assert "title" in kinds(reports["no-title.html"])


def test_a_chart_that_never_draws_or_has_no_name_is_caught(reports):
    assert "did not draw" in reports["never-drawn.html"].chart_problem
    assert "accessible name" in reports["unnamed-chart.html"].chart_problem
