"""Browser fixtures: a local HTTP server and Debian's chromium driven by Playwright.

Every test here is marked ``browser`` and SKIPS, with the reason, when /usr/bin/chromium is
missing (``.ci/run`` installs it; locally: ``apt-get install chromium``). Nothing is ever
downloaded: Playwright drives the system chromium, axe-core comes from the
axe-playwright-python wheel, and any request that would leave 127.0.0.1 is blocked and reported.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from pathlib import Path

import pytest

from helpers import site_check

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = site_check.DEFAULT_CHROMIUM
BUILD_TIMEOUT = 1800  # a cold `make pages` executes every notebook for every race


@pytest.fixture(scope="session")
def chromium_exe() -> str:
    if not Path(CHROMIUM).is_file():
        pytest.skip(f"browser test skipped: Debian chromium is not installed at {CHROMIUM} "
                    "(apt-get install chromium, or run .ci/run which installs it)")
    return CHROMIUM


@pytest.fixture(scope="session")
def axe_js() -> Path:
    try:
        return site_check.axe_script_path()
    except RuntimeError as exc:
        pytest.fail(str(exc))


@pytest.fixture(scope="session")
def browser(chromium_exe):
    """One chromium for the session (each page check opens its own fresh context)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = site_check.launch_chromium(p, chromium_exe)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def serve():
    """serve(folder) -> LocalServer on 127.0.0.1:<free port>; every server stops after the test."""
    with contextlib.ExitStack() as stack:
        yield lambda folder: stack.enter_context(site_check.serve_directory(folder))


@pytest.fixture(scope="session")
def root_server():
    """The repository root over HTTP, so chart pages find ../../../assets/vendor/ as on the site."""
    with site_check.serve_directory(ROOT) as server:
        yield server


def standalone_chart_pages() -> list[str]:
    return sorted(p.relative_to(ROOT).as_posix() for p in ROOT.glob("races/*/charts/*.html")
                  if not p.name.endswith(".table.html"))


@pytest.fixture(scope="session")
def built_chart_pages(chromium_exe) -> list[str]:
    """The standalone chart pages; `make pages` builds them first if there are none.

    Pages already built are used as they are (LAUSD_REBUILD_PAGES=1 runs `make pages` anyway;
    it is incremental). `make pages` rather than calling helpers directly: the pages must be
    the ones the pipeline really publishes, charts from executed notebooks included.
    """
    if os.environ.get("LAUSD_REBUILD_PAGES") == "1" or not standalone_chart_pages():
        done = subprocess.run(["make", "pages"], cwd=ROOT, capture_output=True, text=True,
                              timeout=BUILD_TIMEOUT, check=False)
        if done.returncode != 0:
            tail = "\n".join((done.stdout + done.stderr).splitlines()[-30:])
            pytest.fail(f"`make pages` failed (exit {done.returncode}):\n{tail}")
    pages = standalone_chart_pages()
    if not pages:
        pytest.fail("`make pages` ran but produced no races/*/charts/*.html")
    return pages
