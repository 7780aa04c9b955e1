"""check_site with the browser, on a small fake rendered site (no Quarto needed)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scripts import site_check as sc

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
HEAD = ('<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<title>{title}</title><link rel="stylesheet" href="{up}site_libs/site.css"></head>')


def page(title: str, body: str, up: str = "") -> str:
    return (HEAD.format(title=title, up=up) + f"<body><main><h1>{title}</h1>{body}</main>"
            "</body></html>")


def make_site(folder: Path) -> Path:
    (folder / "site_libs").mkdir(parents=True)
    (folder / "races" / "d1").mkdir(parents=True)
    (folder / "site_libs" / "site.css").write_text("body{font-family:system-ui;margin:8px}")
    (folder / "index.html").write_text(page(
        "Follow the money: District 1 explainer",
        '<p><a href="races/d1/">District 1</a> · '
        '<a href="https://www.latimes.com/">a source we cite</a></p>'
        '<img src="assets/chart.svg" alt="Bar chart of outside money" width="300">'
        "<script>fetch('assets/data.json').then(r => r.json())</script>"))
    (folder / "assets").mkdir()
    (folder / "assets" / "chart.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" '
                                                 'width="300" height="100"><rect width="100" '
                                                 'height="50"/></svg>')
    (folder / "assets" / "data.json").write_text('{"rows": [' + ",".join(["1"] * 40_000) + "]}")
    (folder / "races" / "d1" / "index.html").write_text(page(
        "LAUSD District 1 (2024)", '<p><a href="../../index.html">Home</a></p>', up="../../"))
    return folder


def test_a_clean_site_passes_and_files_loaded_by_script_count_toward_the_weight(
        tmp_path, browser):
    site = make_site(tmp_path / "_site")
    report = sc.check_site(site, running_browser=browser)
    assert report.ok, report.text()
    assert report.pages == ["index.html", "races/d1/index.html"]
    weight_line = next(w for w in report.weights if w.startswith("index.html"))
    assert "in 4 files" in weight_line  # page, css, svg, and data.json seen only in the browser
    assert " raw, " in weight_line and " gzip in " in weight_line
    heavy = sc.check_site(site, running_browser=browser,
                          budgets={"index.html": sc.Budget(raw=70_000)})
    assert [p.kind for p in heavy.problems] == ["budget"]  # data.json alone is ~80 KB


def test_a_site_with_defects_fails_with_each_one_reported(tmp_path, browser):
    site = make_site(tmp_path / "_site")
    # A script that loads from outside at run time: invisible to the static check.
    (site / "races" / "d1" / "index.html").write_text(page(
        "LAUSD District 1 (2024)",
        "<script>const s = document.createElement('script');"
        "s.src = 'https://cdn.example.invalid/vega.js'; document.head.append(s);</script>"
        '<img src="../../assets/chart.svg">', up="../../"))
    (site / "about.html").write_text(page("About", '<div style="width:1200px">wide</div>'))
    (site / "races" / "d1" / "chart.table.html").write_text("<table><tr><td>1</td></tr></table>")
    report = sc.check_site(site, running_browser=browser)
    assert not report.ok
    found = {(p.page, p.kind) for p in report.problems}
    assert ("races/d1/index.html", "external request") in found
    assert ("races/d1/index.html", "axe") in found  # the image without alt
    assert ("about.html", "horizontal scroll") in found
    assert ("about.html", "title") in found  # "About" alone is not descriptive
    assert ("races/d1/chart.table.html", "incomplete page") in found  # a published fragment
    assert not any(p.page == "index.html" for p in report.problems)
    text = report.text()
    assert "FAILED" in text and "cdn.example.invalid/vega.js" in text and "image-alt" in text


def test_cli_runs_the_browser_checks_and_sets_the_exit_code(tmp_path, chromium_exe):
    site = make_site(tmp_path / "_site")
    cmd = [sys.executable, str(ROOT / "scripts" / "check_site.py"), str(site),
           "--chromium", chromium_exe, "--jobs", "1"]  # one chromium: a few pages only
    ok = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "OK: no problems found." in ok.stdout and "browser:" in ok.stdout
    assert "1 in parallel" in ok.stdout
    shutil.copy(site / "index.html", site / "copy.html")
    (site / "copy.html").write_text((site / "index.html").read_text().replace(
        '<link rel="stylesheet" href="site_libs/site.css">',
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Inter">'))
    bad = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert bad.returncode == 1
    assert "[external resource]" in bad.stdout and "[external request]" in bad.stdout
