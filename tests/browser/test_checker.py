"""The page checker must catch what it claims to catch, or the chart-page tests prove nothing.

Each broken page below has exactly one defect; the good page has none. All pages live in a
temp folder and are served from 127.0.0.1 like the real ones.
"""

from __future__ import annotations

import time

import pytest

from scripts import site_check

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


def svg(width: int, font: float, extra: str = "") -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="100" '
            f'viewBox="0 0 {width} 100"><text x="5" y="20" font-size="{font}px">Axis label'
            f"</text>{extra}</svg>")


def chart_page(inner: str) -> str:
    # the site's assets/charts.js sets __firstChartMs when a chart shows; without it the
    # checker would wait its full time for a chart that never shows (test_first_chart_time)
    return page('<style>.vega-chart img{max-width:100%;height:auto}</style>'
                f'<div class="vega-chart" data-name="c">{inner}</div>'
                "<script>window.__firstChartMs = performance.now()</script>")


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
    # issue 11: an 828 px SVG shown in a phone's column, its 12 px labels drawn at about 5 px
    "scaled-chart.html": chart_page('<img src="wide.svg" alt="A wide chart">'),
    "legible-chart.html": chart_page('<img src="phone.svg" alt="A phone chart">'),
    "hidden-tiny-label.html": chart_page('<img src="hidden.svg" alt="A chart">'),
    "overflowing-chart.html": chart_page(svg(600, 12).replace("<svg ", '<svg style="max-width:'
                                                                      'none" ')),
    # a chart in a notebook's output, scaled down by CSS
    "notebook-chart.html": page('<style>.cell-output svg{max-width:100%;height:auto}</style>'
                                '<div class="cell-output">' + svg(828, 12).replace(
                                    "<svg ", '<svg role="img" aria-label="A notebook chart" ')
                                + "</div>"),
}
FILES = {
    "wide.svg": svg(828, 12),
    "phone.svg": svg(320, 12),
    "hidden.svg": svg(320, 12, '<g opacity="0"><text x="5" y="60" font-size="6px">hidden'
                               "</text></g>"),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("checker-site")
    for name, text in PAGES.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "pixel.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="1" '
                                      'height="1"></svg>')
    for name, text in FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
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


def test_a_scaled_down_fixed_width_chart_is_caught_with_its_smallest_text(reports):
    r = reports["scaled-chart.html"]
    [c] = r.charts
    assert c["state"] == "static" and c["natural"] == 828 and c["shown"] < 376
    assert c["minFont"] == pytest.approx(12 * c["shown"] / 828, abs=0.1) and c["minFont"] < 6
    problems = [p for p in r.problems() if p.kind == "chart text"]
    assert len(problems) == 1 and "Axis label" in problems[0].detail
    assert "below 11 px" in problems[0].detail


def test_a_chart_drawn_at_the_width_it_is_shown_passes(reports):
    for name in ("legible-chart.html", "hidden-tiny-label.html"):
        r = reports[name]
        [c] = r.charts
        assert c["minFont"] == pytest.approx(12, abs=0.01), name  # hidden text does not count
        assert c["texts"] == 1 and r.problems() == [], (name, r.problems())


def test_a_chart_wider_than_its_column_is_caught(reports):
    r = reports["overflowing-chart.html"]
    assert "chart fit" in kinds(r)
    assert "horizontal scroll" in kinds(r)


def test_a_chart_in_a_notebook_output_is_measured_too(reports):
    r = reports["notebook-chart.html"]
    [c] = r.charts
    assert c["state"] == "inline" and "A notebook chart" in c["name"]
    assert c["minFont"] < 6 and "chart text" in kinds(r)


def test_nothing_a_page_leaves_behind_reaches_the_next_page(site, browser, axe_js):
    """The checker opens pages one after another in one tab: a page's late errors and its
    session storage must not be reported against, or seen by, the page after it."""
    (site / "leaves-things.html").write_text(page(
        "<script>sessionStorage.setItem('left', 'behind');"
        "setTimeout(() => console.error('late error from the page before'), 1500)</script>"),
        encoding="utf-8")
    (site / "next.html").write_text(page(
        "<script>if (sessionStorage.getItem('left')) console.error('saw the storage of the "
        "page before')</script>"), encoding="utf-8")
    with site_check.serve_directory(site) as server, \
            site_check.PageChecker(browser, server, axe_js=axe_js) as checker:
        first = checker.check("leaves-things.html", wait_for_chart=True)
        after = checker.check("next.html", wait_for_chart=True)
        time.sleep(1.6)  # past the first page's timer
        last = checker.check("good.html", wait_for_chart=True)
    assert first.problems() == [], first.problems()  # its timer fires after its check ended
    assert after.problems() == [] and last.problems() == [], after.console_errors + last.console_errors
