"""The site checker's static half (no browser): link resolution, external loads, page weight."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from helpers import site_check as sc

ROOT = Path(__file__).resolve().parents[1]
DOC = '<!doctype html><html lang="en"><head><title>{title}</title>{head}</head><body>{body}' \
      "</body></html>"


def write(root: Path, rel: str, text: str | bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def doc(body: str = "", head: str = "", title: str = "A page about money") -> str:
    return DOC.format(title=title, head=head, body=body)


def problems(root: Path) -> list[sc.Problem]:
    return sc.check_refs(root, sc.all_refs(root))


# ---- link resolution -----------------------------------------------------------------------

def test_internal_links_resolve_relative_absolute_folder_fragment_and_query(tmp_path):
    write(tmp_path, "races/index.html", doc())
    write(tmp_path, "races/d1/index.html", doc())
    write(tmp_path, "assets/site.css", "body{}")
    write(tmp_path, "data file.csv", "a\n1\n")
    write(tmp_path, "index.html", doc(
        '<a href="races/">races</a> <a href="races/d1/index.html#money">d1</a>'
        ' <a href="/assets/site.css?v=3">css</a> <a href="data%20file.csv">csv</a>'
        ' <a href="#top">top</a> <a href="?x=1">self</a> <a href="mailto:a@example.org">m</a>'
        ' <a href="https://www.latimes.com/story">source</a>',
        head='<link rel="stylesheet" href="assets/site.css">'))
    write(tmp_path, "races/d1/chart.html", doc('<a href="../../index.html">home</a>'
                                               '<a href="../">all races</a>'))
    assert problems(tmp_path) == []


@pytest.mark.parametrize("body", [
    '<a href="nope.html">gone</a>',
    '<img src="charts/missing.svg" alt="x">',
    '<a href="races/">folder without index.html</a>',
    '<script src="../outside-the-site.js"></script>',  # escapes the site root
])
def test_a_link_to_no_file_in_the_site_is_broken(tmp_path, body):
    (tmp_path / "races").mkdir()
    write(tmp_path, "index.html", doc(body))
    found = problems(tmp_path)
    assert [p.kind for p in found] == ["broken link"]
    assert found[0].page == "index.html" and "line 1" in found[0].detail


def test_a_file_outside_the_root_counts_as_missing_even_if_it_exists(tmp_path):
    site = tmp_path / "_site"
    write(tmp_path, "assets/vendor/vega/vega.min.js", "x")  # next to the site, not in it
    write(site, "races/d1/charts/a.html", doc('<script src="../../../../assets/vendor/'
                                              'vega/vega.min.js"></script>'))
    assert [p.kind for p in problems(site)] == ["broken link"]


def test_broken_url_in_a_css_file_is_reported_with_its_line(tmp_path):
    write(tmp_path, "index.html", doc(head='<link rel="stylesheet" href="a.css">'))
    write(tmp_path, "a.css", "/* url(commented-out.png) */\nbody{}\n"
                             ".x{background:url('img/none.png')}\n")
    found = problems(tmp_path)
    assert [(p.page, p.kind) for p in found] == [("a.css", "broken link")]
    assert "line 3" in found[0].detail and "img/none.png" in found[0].detail


# ---- external resources --------------------------------------------------------------------

@pytest.mark.parametrize("snippet", [
    '<script src="https://cdn.jsdelivr.net/npm/vega@6"></script>',
    '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">',
    '<link rel="preconnect" href="https://fonts.gstatic.com">',
    '<img src="http://example.org/pixel.gif" alt="tracker">',
    '<img src="a.png" srcset="a.png 1x, //cdn.example.org/a@2x.png 2x" alt="a">',
    '<iframe src="https://www.youtube.com/embed/x" title="video"></iframe>',
    '<div style="background:url(https://example.org/bg.png)"></div>',
    '<style>@import "https://example.org/theme.css";</style>',
    '<style>\n\nbody{background:url("https://example.org/bg.png")}</style>',
])
def test_an_external_resource_the_browser_would_load_is_flagged(tmp_path, snippet):
    write(tmp_path, "a.png", b"\x89PNG")
    write(tmp_path, "index.html", doc(snippet))
    found = problems(tmp_path)
    assert [p.kind for p in found] == ["external resource"], found
    assert "//" in found[0].detail and " loads " in found[0].detail


@pytest.mark.parametrize("snippet", [
    '<a href="https://www.latimes.com/california/story">a source</a>',
    '<a href="http://ethics.lacity.org/">the filings</a>',
    '<link rel="canonical" href="https://example.org/lausd-money/">',
    '<a href="mailto:corrections@example.org">corrections</a>',
    '<img src="data:image/png;base64,iVBORw0KGgo=" alt="inline">',
    '<input type="text" src="https://example.org/ignored-unless-type-image">',
])
def test_links_to_sources_and_inline_data_are_not_flagged(tmp_path, snippet):
    write(tmp_path, "index.html", doc(snippet))
    assert problems(tmp_path) == []


def test_css_file_pointing_outside_is_flagged(tmp_path):
    write(tmp_path, "index.html", doc(head='<link rel="stylesheet" href="s.css">'))
    write(tmp_path, "s.css", '@import url("https://fonts.googleapis.com/css2?family=Inter");\n'
                             "@font-face{src:url(https://fonts.gstatic.com/x.woff2)}")
    found = problems(tmp_path)
    assert [(p.page, p.kind) for p in found] == [("s.css", "external resource")] * 2


# ---- page weight ---------------------------------------------------------------------------

def test_weight_counts_the_page_and_everything_it_loads_once(tmp_path):
    page = write(tmp_path, "index.html", doc(
        '<img src="a.svg" alt="a"><img src="a.svg" alt="again"><script src="v.js"></script>'
        '<a href="big.csv">a download is not loaded</a><iframe src="embed.html" title="e">'
        "</iframe>", head='<link rel="stylesheet" href="s.css">'))
    write(tmp_path, "a.svg", b"x" * 1000)
    write(tmp_path, "v.js", b"x" * 5000)
    write(tmp_path, "big.csv", b"x" * 10_000_000)
    write(tmp_path, "s.css", "@import 'more.css'; body{background:url(bg.png)}")
    write(tmp_path, "more.css", "@font-face{src:url(f.woff2)}")
    write(tmp_path, "bg.png", b"x" * 300)
    write(tmp_path, "f.woff2", b"x" * 20_000)
    write(tmp_path, "embed.html", doc('<img src="in-frame.png" alt="f">'))
    write(tmp_path, "in-frame.png", b"x" * 700)
    files = sc.loaded_files(tmp_path, page)
    names = {p.relative_to(tmp_path.resolve()).as_posix() for p in files}
    assert names == {"index.html", "a.svg", "v.js", "s.css", "more.css", "bg.png", "f.woff2",
                     "embed.html", "in-frame.png"}
    assert sc.weight(files) == sum((tmp_path / n).stat().st_size for n in names)


def test_budget_fails_only_when_the_page_is_too_heavy(tmp_path):
    write(tmp_path, "index.html", doc('<script src="bundle.js"></script>'))
    write(tmp_path, "bundle.js", b"x" * 1_400_000)
    ok, lines = sc.check_budgets(tmp_path, {"index.html": int(1.5 * sc.MB)})
    assert ok == [] and lines[0].startswith("index.html: 1.40 MB in 2 files")
    write(tmp_path, "bundle.js", b"x" * 1_600_000)
    over, _ = sc.check_budgets(tmp_path, {"index.html": int(1.5 * sc.MB)})
    assert [p.kind for p in over] == ["budget"]
    assert "exceeds the budget of 1.50 MB" in over[0].detail and "bundle.js 1.60 MB" in \
        over[0].detail


def test_budget_counts_files_the_browser_was_seen_loading(tmp_path):
    write(tmp_path, "index.html", doc("<script>fetch('data.json')</script>"))
    data = write(tmp_path, "data.json", b"x" * 2000)
    assert sc.check_budgets(tmp_path, {"index.html": 1500})[0] == []
    over, _ = sc.check_budgets(tmp_path, {"index.html": 1500}, {"index.html": {data}})
    assert [p.kind for p in over] == ["budget"]


def test_budget_patterns_and_a_budget_for_a_missing_page(tmp_path):
    write(tmp_path, "index.html", doc())
    write(tmp_path, "races/d1/index.html", doc("x" * 5000))
    found, lines = sc.check_budgets(tmp_path, {"races/*/index.html": 1000, "explainer.html": 1})
    assert sorted((p.page, p.kind) for p in found) == [("explainer.html", "budget"),
                                                      ("races/d1/index.html", "budget")]
    assert len(lines) == 1  # index.html has no budget here


@pytest.mark.parametrize(("text", "size"), [("1.5MB", 1_500_000), ("800 kb", 800_000),
                                            ("120000", 120_000), ("2B", 2)])
def test_parse_size(text, size):
    assert sc.parse_size(text) == size


@pytest.mark.parametrize("bad", ["", "index.html", "=1MB", "index.html=1.5 MiB",
                                 "index.html=lots"])
def test_bad_budgets_are_rejected(bad):
    with pytest.raises(ValueError):
        sc.parse_budget(bad)


# ---- titles, documents, the whole static run -----------------------------------------------

@pytest.mark.parametrize(("title", "ok"), [
    (None, False), ("", False), ("Document", False), ("outside-money", False),
    ("Chart", False), ("Money", False),
    ("Reported outside spending, by candidate", True), ("LAUSD District 1", True),
])
def test_descriptive_title(title, ok):
    assert (sc.descriptive_title_problem(title, "races/d1/charts/outside-money.html") is None) \
        is ok


def test_fragments_are_told_apart_from_documents(tmp_path):
    full = write(tmp_path, "a.html", doc())
    part = write(tmp_path, "a.table.html", '<table class="data-table"><tr><td>1</td></tr></table>')
    assert sc.is_document(full) and not sc.is_document(part)


def test_check_site_without_browser_reports_and_cli_exit_codes(tmp_path):
    good, bad = tmp_path / "good", tmp_path / "bad"
    write(good, "index.html", doc('<a href="about/">about</a> <a href="https://x.org">src</a>'))
    write(good, "about/index.html", doc())
    write(good, "charts/a.table.html", "<table></table>")
    write(bad, "index.html", doc('<script src="https://cdn.example.org/v.js"></script>'
                                 '<a href="missing.html">x</a>'))
    report = sc.check_site(good, browser=False)
    assert report.ok and report.pages == ["about/index.html", "index.html"]
    assert report.fragments == ["charts/a.table.html"]
    assert "SKIPPED" in report.text()
    bad_report = sc.check_site(bad, browser=False)
    assert sorted(p.kind for p in bad_report.problems) == ["broken link", "external resource"]
    script = [sys.executable, str(ROOT / "scripts" / "check_site.py")]
    run = subprocess.run(script + [str(good), "--no-browser"], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "OK: no problems found." in run.stdout
    run = subprocess.run(script + [str(bad), "--no-browser"], capture_output=True, text=True)
    assert run.returncode == 1
    assert "[external resource]" in run.stdout and "cdn.example.org/v.js" in run.stdout
    run = subprocess.run(script + [str(good), "--no-browser", "--budget", "index.html=10B"],
                         capture_output=True, text=True)
    assert run.returncode == 1 and "[budget]" in run.stdout
    run = subprocess.run(script + [str(tmp_path / "nope")], capture_output=True, text=True)
    assert run.returncode == 2 and "not a folder" in run.stderr


def test_a_missing_browser_is_a_failure_not_a_silent_pass(tmp_path):
    write(tmp_path, "index.html", doc())
    report = sc.check_site(tmp_path, chromium=str(tmp_path / "no-such-chromium"))
    assert [p.kind for p in report.problems] == ["browser"]
    assert "no chromium at" in report.problems[0].detail and "--no-browser" in \
        report.problems[0].detail
