"""Browser fixtures: a local HTTP server and Debian's chromium driven by Playwright.

Every test here is marked ``browser`` and SKIPS, with the reason, when /usr/bin/chromium is
missing (``.ci/run`` installs it; locally: ``apt-get install chromium``). Nothing is ever
downloaded: Playwright drives the system chromium, axe-core comes from the
axe-playwright-python wheel, and any request that would leave 127.0.0.1 is blocked and reported.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from scripts import site_check

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = site_check.DEFAULT_CHROMIUM


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
def root_server(built):
    """The built project's root over HTTP, so chart pages find ../../../assets/vendor/ as on
    the site (the session's one build, tests/conftest.py `built`)."""
    with site_check.serve_directory(built) as server:
        yield server


def standalone_chart_pages(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.glob("races/*/charts/*.html")
                  if not p.name.endswith(".table.html"))


@pytest.fixture(scope="session")
def built_chart_pages(chromium_exe, built) -> list[str]:
    """The standalone chart pages of the session's one build (`make pages` in a fresh copy).

    `make pages` rather than calling helpers directly: the pages must be the ones the pipeline
    really publishes, charts from executed notebooks included.
    """
    pages = standalone_chart_pages(built)
    if not pages:
        pytest.fail("`make pages` ran but produced no races/*/charts/*.html")
    return pages
