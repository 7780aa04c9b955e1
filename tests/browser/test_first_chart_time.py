"""The explainer's first chart must draw within its time budget; the check must catch a slow one."""

from __future__ import annotations

import json
import shutil

import pytest

from helpers import site_check
from helpers.charts import json_for_script
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

SPEC = {"$schema": "https://vega.github.io/schema/vega/v6.json", "width": 200, "height": 100,
        "description": "A test chart of two bars.",
        "data": [{"name": "t", "values": [{"x": "a", "y": 1}, {"x": "b", "y": 2}]}],
        "scales": [{"name": "x", "type": "band", "domain": {"data": "t", "field": "x"},
                    "range": "width"},
                   {"name": "y", "domain": {"data": "t", "field": "y"}, "range": "height"}],
        "marks": [{"type": "rect", "from": {"data": "t"}, "encode": {"enter": {
            "x": {"scale": "x", "field": "x"}, "width": {"scale": "x", "band": 1},
            "y": {"scale": "y", "field": "y"}, "y2": {"scale": "y", "value": 0}}}}]}


def fake_site(tmp_path, delay_ms: int = 0):
    site = tmp_path / "_site"
    (site / "assets" / "vendor" / "vega").mkdir(parents=True)
    shutil.copy(ROOT / "assets" / "vendor" / "vega" / "vega.min.js", site / "assets/vendor/vega/")
    charts_js = (ROOT / "assets" / "charts.js").read_text()
    if delay_ms:  # a page whose drawing starts late, to prove the budget bites
        charts_js = f"await new Promise(r => setTimeout(r, {delay_ms}));\n" + charts_js
    (site / "assets" / "charts.js").write_text(charts_js)
    (site / "index.html").write_text(f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Test explainer</title>
</head><body><main><h1>Test explainer</h1>
<div class="vega-chart" data-spec="spec-t"><img src="data:," alt="A test chart."></div>
<script type="application/json" id="spec-t">{json_for_script(SPEC)}</script></main>
<script defer src="assets/vendor/vega/vega.min.js"></script>
<script type="module" src="assets/charts.js"></script></body></html>""")
    return site


def first_chart(browser, site):
    with site_check.serve_directory(site) as server, site_check.PageChecker(
            browser, server) as checker:
        return checker.check("index.html")


def test_a_fast_chart_passes(browser, tmp_path):
    report = first_chart(browser, fake_site(tmp_path))
    assert report.has_chart
    assert report.first_chart_ms is not None and report.first_chart_ms > 0
    assert site_check.first_chart_problems(report) == [], json.dumps(report.first_chart_ms)


def test_a_slow_chart_is_flagged(browser, tmp_path):
    report = first_chart(browser, fake_site(tmp_path, delay_ms=2000))
    problems = site_check.first_chart_problems(report)
    assert [p.kind for p in problems] == ["speed"], report.first_chart_ms


def test_a_chart_that_never_draws_is_flagged(browser, tmp_path):
    site = fake_site(tmp_path)
    (site / "assets" / "vendor" / "vega" / "vega.min.js").write_text("window.vega = null;")
    report = first_chart(browser, site)
    assert report.has_chart and report.first_chart_ms is None
    assert [p.kind for p in site_check.first_chart_problems(report)] == ["speed"]
