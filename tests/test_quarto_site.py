"""The rendered site, where Quarto is installed (skipped, with the reason, where it is not).

Everything up to the render is tested without Quarto (test_pipeline.py); these tests render
the site from a fresh copy and run the site check on it: links, no request leaving the site,
axe-core on every page, the page-weight budget.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

from tests.conftest import make

QUARTO = shutil.which("quarto")
pytestmark = [
    pytest.mark.quarto,
    pytest.mark.skipif(QUARTO is None, reason="quarto is not on PATH: install Quarto 1.4 or "
                       "newer (README) to render the site and run these tests"),
]


@pytest.fixture(scope="module")
def site(built):
    result = make(built, "site")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "SITE NOT RENDERED" not in result.stdout
    return built / "_site"


def test_every_page_was_rendered(site):
    for page in ["index.html", "methodology.html", "data.html", "changes.html", "about.html",
                 "races/index.html", "races/lausd-d1-2024/index.html"]:
        assert (site / page).exists(), page
    assert (site / "races" / "lausd-d1-2024" / "notebooks" / "05-results.html").exists()
    assert (site / "datapackage.json").exists() and (site / "downloads" / "results.csv").exists()


def test_no_page_loads_anything_from_a_cdn(site):
    for page in site.rglob("*.html"):
        text = page.read_text(errors="ignore")
        loaded = re.findall(r'<(?:script|link|img|iframe)[^>]+(?:src|href)="(https?:)?//[^"]+"', text)
        assert not loaded, (page, loaded[:3])


def test_site_check_passes(site):
    result = subprocess.run([sys.executable, "scripts/check_site.py", str(site)],
                            cwd=site.parent, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
