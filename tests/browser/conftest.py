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
