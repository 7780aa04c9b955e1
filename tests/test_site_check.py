"""The site checker's static half (no browser): link resolution, external loads, page weight."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from scripts import site_check as sc

ROOT = Path(__file__).resolve().parents[1]
DOC = '<!doctype html><html lang="en"><head><title>{title}</title>{head}</head><body><main>' \
      "<h1>A page</h1>{body}</main></body></html>"


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


def test_budget_fails_only_when_the_first_load_is_too_heavy_raw_or_compressed(tmp_path):
    write(tmp_path, "index.html", doc('<script src="bundle.js"></script>'))
    write(tmp_path, "bundle.js", b"x" * 900_000)  # compresses to almost nothing
    budget = {"index.html": sc.Budget(raw=1 * sc.MB, gz=200 * sc.KB)}
    ok, lines = sc.check_budgets(tmp_path, budget)
    assert ok == [] and lines[0].startswith("index.html: 900.2 KB raw, ")
    assert "gzip in 2 files (budget 1.00 MB raw / 200.0 KB gzip)" in lines[0]
    write(tmp_path, "bundle.js", b"x" * 1_100_000)
    over, _ = sc.check_budgets(tmp_path, budget)
    assert [p.kind for p in over] == ["budget"]
    assert "1.10 MB raw exceeds the budget of 1.00 MB" in over[0].detail
    assert "bundle.js 1.10 MB" in over[0].detail and "gzip exceeds" not in over[0].detail
    write(tmp_path, "bundle.js", os.urandom(300_000))  # small raw, but incompressible
    over, _ = sc.check_budgets(tmp_path, budget)
    assert [p.kind for p in over] == ["budget"]
    assert "gzip exceeds the budget of 200.0 KB" in over[0].detail
    assert "raw exceeds" not in over[0].detail


def test_compressed_size_is_what_gzip_sends(tmp_path):
    path = write(tmp_path, "a.js", "var a = 1;\n" * 5000)
    assert sc.gz_size(path) == len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))
    assert sc.gz_size(path) < path.stat().st_size / 20


def test_first_load_leaves_out_lazy_images_but_counts_every_picture_source(tmp_path):
    page = write(tmp_path, "index.html", doc(
        '<picture><source media="(min-width: 1200px)" srcset="c1.wide.svg">'
        '<img src="c1.phone.svg" alt="first chart"></picture>'
        '<picture><source media="(min-width: 1200px)" srcset="c2.wide.svg">'
        '<img src="c2.phone.svg" alt="second chart" loading="lazy"></picture>'
        '<img src="c3.svg" alt="third" loading="lazy">'
        '<div class="vega-chart" data-spec-src="c1.vg.json"></div>'
        '<script type="module" src="charts.js" data-vega="vega.min.js"></script>'))
    for name in ("c1.wide.svg", "c1.phone.svg", "c2.wide.svg", "c2.phone.svg", "c3.svg",
                 "c1.vg.json", "charts.js", "vega.min.js"):
        write(tmp_path, name, "x")
    first = {p.name for p in sc.loaded_files(tmp_path, page, first_load=True)}
    assert first == {"index.html", "c1.wide.svg", "c1.phone.svg", "charts.js"}
    every = {p.name for p in sc.loaded_files(tmp_path, page)}
    assert every == first | {"c2.wide.svg", "c2.phone.svg", "c3.svg"}
    assert problems(tmp_path) == []
    (tmp_path / "c1.vg.json").unlink()  # a spec charts.js would fetch is checked as a link
    (tmp_path / "vega.min.js").unlink()
    assert sorted(p.detail.split("'")[1] for p in problems(tmp_path)) == ["c1.vg.json",
                                                                         "vega.min.js"]


def test_budget_counts_files_the_browser_was_seen_loading(tmp_path):
    write(tmp_path, "index.html", doc("<script>fetch('data.json')</script>"))
    data = write(tmp_path, "data.json", os.urandom(2000))
    budget = {"index.html": sc.Budget(raw=1500)}
    assert sc.check_budgets(tmp_path, budget)[0] == []
    over, lines = sc.check_budgets(tmp_path, budget, {"index.html": {data}})
    assert [p.kind for p in over] == ["budget"] and "fetched by the browser" in over[0].detail
    assert lines[0].startswith("index.html: 2.0 KB raw")


def test_budget_patterns_and_a_budget_for_a_missing_page(tmp_path):
    write(tmp_path, "index.html", doc())
    write(tmp_path, "races/d1/index.html", doc("x" * 5000))
    found, lines = sc.check_budgets(tmp_path, {"races/*/index.html": sc.Budget(raw=1000),
                                               "explainer.html": sc.Budget(gz=1)})
    assert sorted((p.page, p.kind) for p in found) == [("explainer.html", "budget"),
                                                      ("races/d1/index.html", "budget")]
    assert [line.split(":")[0] for line in lines] == ["index.html", "races/d1/index.html"]


@pytest.mark.parametrize(("text", "size"), [("1.5MB", 1_500_000), ("800 kb", 800_000),
                                            ("120000", 120_000), ("2B", 2)])
def test_parse_size(text, size):
    assert sc.parse_size(text) == size


@pytest.mark.parametrize(("text", "budget"), [
    ("index.html=1.5MB", sc.Budget(raw=1_500_000)),
    ("index.html=1MB/200KB", sc.Budget(raw=1_000_000, gz=200_000)),
    ("races/*.html=/50KB", sc.Budget(gz=50_000)),
])
def test_parse_budget(text, budget):
    assert sc.parse_budget(text)[1] == budget


@pytest.mark.parametrize("bad", ["", "index.html", "=1MB", "index.html=1.5 MiB",
                                 "index.html=lots", "index.html=/", "index.html=1MB/lots"])
def test_bad_budgets_are_rejected(bad):
    with pytest.raises(ValueError):
        sc.parse_budget(bad)


# ---- what _site holds (finding 1: .venv and build/ were published) -------------------------

def test_the_allow_list_accepts_a_site_and_names_every_stray_entry(tmp_path):
    write(tmp_path, "index.html", doc())
    write(tmp_path, "methodology.html", doc())
    for rel in ("site_libs/bootstrap/b.css", "assets/charts.js", "races/d1/index.html",
                "downloads/results.csv", "datapackage.json", "sitemap.xml",
                "methodology_files/figure-html/a.png"):
        write(tmp_path, rel, "x")
    assert sc.check_allow_list(tmp_path) == []
    # what an unanchored resources glob copied in the real render (issue 11)
    write(tmp_path, ".venv/lib/python3.11/site-packages/playwright/driver/assets/a.js", "x")
    write(tmp_path, "build/races/d1/charts/c.html", doc())
    write(tmp_path, "notes.txt", "x")
    write(tmp_path, "races/d1/build/stray.svg", "x")
    found = sc.check_allow_list(tmp_path)
    assert [p.page for p in found] == [".venv", "build", "notes.txt", "races/d1/build"]
    assert {p.kind for p in found} == {"not part of the site"}
    assert "must start with '/'" in found[0].detail


def test_the_site_check_fails_on_a_published_virtualenv(tmp_path):
    write(tmp_path, "index.html", doc())
    assert sc.check_site(tmp_path, browser=False).ok
    write(tmp_path, ".venv/lib/site-packages/playwright/driver/assets/index.html", "<p>x</p>")
    report = sc.check_site(tmp_path, browser=False)
    assert not report.ok and ("not part of the site", ".venv") in {
        (p.kind, p.page) for p in report.problems}


@pytest.mark.parametrize(("config", "bad"), [
    ({"project": {"resources": ["/assets/**", "/datapackage.json"],
                  "render": ["/*.qmd", "/races/**/*.ipynb"]}}, []),
    ({"project": {"resources": ["assets/**", "/downloads/**", "!build/**"]}},
     ["project.resources: 'assets/**'", "project.resources: '!build/**'"]),
    ({"project": {"render": ["*.qmd"], "resources": "datapackage.json"}},
     ["project.render: '*.qmd'", "project.resources: 'datapackage.json'"]),
    ({"project": {"type": "website"}}, []),
])
def test_unanchored_quarto_globs_are_found(config, bad):
    assert sc.unanchored_globs(config) == bad


def test_the_projects_quarto_yml_anchors_every_glob():
    """Quarto matches a glob without a leading '/' at any depth: 'assets/**' copied
    .venv/.../playwright/.../assets/** and build/races/**/charts/** into _site (issue 11)."""
    config = yaml.safe_load((ROOT / "_quarto.yml").read_text())
    assert config["project"]["resources"], "the site needs its resources listed"
    assert sc.unanchored_globs(config) == []
    assert sc.check_quarto_config(ROOT) == []


def test_an_unanchored_glob_in_quarto_yml_fails_the_site_check(tmp_path):
    project = tmp_path / "project"
    write(project, "_site/index.html", doc())
    write(project, "_quarto.yml", "project:\n  type: website\n  resources:\n"
                                  "    - \"assets/**\"\n")
    report = sc.check_site(project / "_site", browser=False)
    assert [(p.page, p.kind) for p in report.problems] == [("_quarto.yml", "resources glob")]


def test_gitignore_has_the_line_quarto_would_append():
    """Quarto appends '/.quarto/' to .gitignore unless that exact line is there, which left
    .gitignore modified after every first build (issue 11)."""
    lines = [line.strip() for line in (ROOT / ".gitignore").read_text().splitlines()]
    assert "/.quarto/" in lines


# ---- whole pages, not fragments (finding 4: charts/*.table.html) ----------------------------

@pytest.mark.parametrize(("text", "missing"), [
    ('<table class="data-table"><tr><td>1</td></tr></table>',
     ["<!doctype html>/<html>", "<html lang>", "<title>", "<main>", "<h1>"]),
    ('<!doctype html><html><head><title>Data for the chart</title></head><body><main>'
     "<h1>x</h1></main></body></html>", ["<html lang>"]),
    ('<!doctype html><html lang="en"><head><title>Data for the chart</title></head><body>'
     "<h1>x</h1></body></html>", ["<main>"]),
    ('<!doctype html><html lang="en"><head><title> </title></head><body><div role="main">'
     "<h2>x</h2></div></body></html>", ["<title>", "<h1>"]),
])
def test_a_published_html_file_must_be_a_complete_page(tmp_path, text, missing):
    page = write(tmp_path, "races/d1/charts/a.table.html", text)
    found = sc.incomplete_page_problems(tmp_path, page)
    assert [p.kind for p in found] == ["incomplete page"]
    assert found[0].detail == ("published as a stand-alone page but has no "
                               + ", ".join(missing)
                               + " (include fragments in their page instead of publishing "
                                 "them)")


def test_a_complete_page_passes(tmp_path):
    page = write(tmp_path, "a.html", '<!doctype html><html lang="en"><head><title>A page '
                                     "title</title></head><body><main><h1>A</h1></main>"
                                     "</body></html>")
    assert sc.incomplete_page_problems(tmp_path, page) == []


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
    report = sc.check_site(tmp_path, browser=False)
    assert report.fragments == ["a.table.html"]
    assert ("a.table.html", "incomplete page") in {(p.page, p.kind) for p in report.problems}


def test_check_site_without_browser_reports_and_cli_exit_codes(tmp_path):
    good, bad = tmp_path / "good", tmp_path / "bad"
    write(good, "index.html", doc('<a href="races/">races</a> <a href="https://x.org">src</a>'))
    write(good, "races/index.html", doc())
    write(bad, "index.html", doc('<script src="https://cdn.example.org/v.js"></script>'
                                 '<a href="missing.html">x</a>'))
    report = sc.check_site(good, browser=False)
    assert report.ok and report.pages == ["index.html", "races/index.html"]
    assert report.fragments == []
    text = report.text()
    assert "SKIPPED" in text and "first load of each page" in text
    assert "index.html: " in text and " raw, " in text and " gzip in " in text
    bad_report = sc.check_site(bad, browser=False)
    assert sorted(p.kind for p in bad_report.problems) == ["broken link", "external resource"]
    script = [sys.executable, str(ROOT / "scripts" / "check_site.py")]
    run = subprocess.run(script + [str(good), "--static"], capture_output=True, text=True)
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
    assert "no chromium at" in report.problems[0].detail and "--static" in \
        report.problems[0].detail
