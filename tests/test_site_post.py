"""The post-render step on HTML in the shape Quarto 1.7 writes it (tests/quarto_shape.py).

Each fix answers a finding of the real render (issue 11): the navbar toggler's role="menu"
(axe aria-allowed-role on every page), the unused Bootstrap icon font (98 KB on every page),
notebook outputs that scroll but cannot be focused (axe scrollable-region-focusable), and
wide tables that widened the page (methodology was 1937 px wide at 375 px).
"""

from __future__ import annotations

import re

import pytest
import yaml

from helpers.site.site_post import fix_page, fix_site, scan_page
from scripts import site_check as sc
from tests import quarto_shape
from tests.conftest import ROOT

CONFIG = yaml.safe_load((ROOT / "_quarto.yml").read_text())


def quarto_page(body: str, title: str = "Methodology", up: str = "") -> str:
    return quarto_shape.page_html(CONFIG, title, body, up, "<footer>f</footer>")


NOTEBOOK = {"cells": [
    {"cell_type": "markdown", "source": "# The timeline\n\nSome words."},
    {"cell_type": "code", "metadata": {"tags": ["parameters"]}, "source": "race_id = 'x'",
     "outputs": []},
    {"cell_type": "code", "metadata": {}, "source": "say('hello')", "outputs": [
        {"output_type": "display_data", "data": {"text/markdown": "Narration, no scrolling."}},
    ]},
    {"cell_type": "code", "metadata": {}, "source": "print('x' * 300)", "outputs": [
        {"output_type": "stream", "name": "stdout", "text": "x" * 300},
        {"output_type": "display_data", "data": {"text/markdown":
            '```{=html}\n<svg role="img" aria-label="A chart." width="700" height="10">'
            "<text>a</text></svg>\n```"}},
    ]},
    {"cell_type": "code", "metadata": {}, "source": "show_table(frame)", "outputs": [
        {"output_type": "display_data", "data": {"text/markdown":
            "| a | b |\n|---|---|\n| 1 | 2 |"}},
    ]},
]}


def test_the_quarto_17_navbar_toggler_loses_only_its_invalid_role():
    page = quarto_page("<p>x</p>")
    toggler = re.search(r'<button class="navbar-toggler"[^>]*>', page).group(0)
    assert 'role="menu"' in toggler  # Quarto 1.5-1.7's navtoggle template
    assert scan_page(page).needed()[0].startswith('the navbar toggler button has role="menu"')
    fixed, done = fix_page(page)
    new_toggler = re.search(r'<button class="navbar-toggler"[^>]*>', fixed).group(0)
    assert new_toggler == toggler.replace(' role="menu"', "")
    assert 'aria-label="Toggle navigation"' in new_toggler
    assert 'aria-controls="navbarCollapse"' in new_toggler
    assert done[0] == 'removed role="menu" from the navbar toggler'
    assert fix_page(fixed) == (fixed, [])  # a second run changes nothing


def test_only_the_toggler_role_goes():
    page = quarto_page('<div role="menu" class="navbar-toggler-like"></div>'
                       '<button class="btn" role="menu">b</button>')
    fixed, _ = fix_page(page)
    assert fixed.count('role="menu"') == 2  # the other elements keep theirs


def test_the_icon_font_is_dropped_unless_a_page_uses_an_icon(tmp_path):
    plain = quarto_page("<p>Text</p>")
    assert "bootstrap-icons.css" in plain
    fixed, done = fix_page(plain)
    assert "bootstrap-icons.css" not in fixed and "dropped the unused bootstrap-icons.css" in done
    assert fixed.count("<link ") == plain.count("<link ") - 1
    with_icon = quarto_page('<a href="https://github.com/x"><i class="bi bi-github"></i></a>')
    assert "bootstrap-icons.css" in fix_page(with_icon)[0]
    # the code-copy button's plain "bi" class draws a CSS background, not the font
    copy_button = quarto_page('<button class="code-copy-button"><i class="bi"></i></button>')
    assert "bootstrap-icons.css" not in fix_page(copy_button)[0]


def test_the_icon_files_go_once_no_page_links_them(tmp_path):
    quarto_shape.write_site_libs(tmp_path, ROOT)
    (tmp_path / "index.html").write_text(quarto_page("<p>x</p>"))
    (tmp_path / "other.html").write_text(quarto_page('<i class="bi bi-github"></i>'))
    fix_site(tmp_path)
    assert (tmp_path / "site_libs/bootstrap/bootstrap-icons.css").exists()  # other.html
    (tmp_path / "other.html").write_text(quarto_page("<p>no icon</p>"))
    changes = fix_site(tmp_path)
    assert "other.html" in changes
    assert not (tmp_path / "site_libs/bootstrap/bootstrap-icons.css").exists()
    assert not list((tmp_path / "site_libs/bootstrap").glob("bootstrap-icons.woff*"))


def test_notebook_outputs_that_can_scroll_become_focusable_named_regions():
    title, body = quarto_shape.notebook_body(NOTEBOOK)
    assert title == "The timeline"
    page = quarto_page(body, title, up="../../../")
    needed = scan_page(page).needed()
    assert any("scrollable-region-focusable" in n for n in needed)
    fixed, _ = fix_page(page)
    regions = re.findall(r'<div class="([^"]+)"[^>]*tabindex="0" role="region" '
                         r'aria-label="([^"]+)"', fixed)
    assert regions == [
        ("sourceCode cell-code", "Code of cell 1"),
        ("sourceCode cell-code", "Code of cell 2"),
        ("cell-output cell-output-stdout", "Output of code cell 2"),
        ("cell-output cell-output-display cell-output-markdown",
         "Output of code cell 2, part 2"),
        ("sourceCode cell-code", "Code of cell 3"),
    ]
    # narration does not become a tab stop; the table gets its own scrolling region
    assert re.search(r'<div class="cell-output cell-output-display cell-output-markdown">\s*'
                     r"<p>Narration", fixed)
    assert '<div class="table-scroll" role="region" tabindex="0" aria-label="Table under “The timeline”"><table>' \
           in fixed
    assert scan_page(fixed).needed() == []


def test_tables_are_wrapped_once_with_unique_labels():
    body = ("<h2>How bad input is handled</h2><table><tr><td>a</td></tr></table>"
            "<table><tr><td>b</td></tr></table>"
            "<table><caption>Every figure on this page</caption><tr><td>c</td></tr></table>"
            '<div class="table-scroll" role="region" tabindex="0" aria-label="Receipts">'
            "<table><tr><td>d</td></tr></table></div>")
    fixed, _ = fix_page(quarto_page(body))
    labels = re.findall(r'class="table-scroll" role="region" tabindex="0" aria-label="([^"]+)"',
                        fixed)
    assert labels == ["Table under “How bad input is handled”",
                      "Table under “How bad input is handled” (2)",
                      "Every figure on this page", "Receipts"]
    assert fixed.count("<table") == 4 and fixed.count('class="table-scroll"') == 4
    assert fix_page(fixed)[1] == []


@pytest.mark.parametrize("fragment", [
    '<div class="cell-output cell-output-stdout" tabindex="0"><pre>x</pre></div>',
    '<div class="sourceCode" tabindex="-1"><pre>x</pre></div>',
])
def test_outputs_that_already_have_a_tabindex_are_left_alone(fragment):
    page = quarto_page(fragment)
    assert fix_page(page)[0].count("tabindex") == page.count("tabindex")


def test_the_static_check_fails_a_quarto_page_until_the_step_ran(tmp_path):
    (tmp_path / "index.html").write_text(quarto_page(
        "<h2>Data</h2><table><tr><td>1</td></tr></table>", title="The explainer page"))
    before = sc.markup_problems(tmp_path, tmp_path / "index.html")
    assert [p.kind for p in before] == ["markup"] * 3
    fix_site(tmp_path)
    assert sc.markup_problems(tmp_path, tmp_path / "index.html") == []
