#!/usr/bin/env python
"""Check the rendered site before it is published.

    python scripts/check_site.py _site --static   # seconds: what `make site` runs
    python scripts/check_site.py _site            # + the browser checks: `make check-site`

Static checks: _site holds only the site (allow-listed top-level entries, nothing from .venv,
build, src or tests), every render/resources glob of _quarto.yml starts with "/", every HTML
file is a complete page, the post-render fixes are in, every internal link/src/href (HTML
and CSS) resolves to a file in the site, nothing the browser would load points outside it,
and each page's first load (raw and gzip bytes, reported for every page) stays within its
budget. Browser checks (Debian chromium via Playwright, pages in parallel): every page at
375 px from a 127.0.0.1 server; requests leaving 127.0.0.1, console errors, failed requests,
axe-core violations, a missing or generic <title>, horizontal scrolling, chart text below
11 px as displayed (at 375 and 1280 px, static and drawn) and charts that do not fit their
column are failures. Prints a report; exits 1 on any failure, 2 on bad usage.
The logic lives in scripts/site_check.py.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

# the checker is project tooling beside this script (scripts/site_check.py), not a notebook helper
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from scripts import site_check  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="the rendered site folder, e.g. _site")
    parser.add_argument("--budget", action="append", default=None, metavar="PAGE=RAW[/GZIP]",
                        help="first-load budget, PAGE relative to the site (globs allowed), "
                             "sizes like 1MB or 200KB (decimal units), raw bytes then gzip "
                             "bytes, either may be left out; repeatable; default "
                             "index.html=1MB/200KB")
    parser.add_argument("--static", "--no-browser", dest="static", action="store_true",
                        help="static checks only (no requests, axe, scroll or chart checks)")
    parser.add_argument("--chromium", default=None,
                        help=f"chromium executable (default $CHROMIUM or "
                             f"{site_check.DEFAULT_CHROMIUM})")
    parser.add_argument("--width", type=int, default=site_check.MOBILE_WIDTH,
                        help="viewport width in px for the browser checks (default 375)")
    parser.add_argument("--wide-width", type=int, default=site_check.WIDE_WIDTH,
                        help="second viewport width for pages with charts (default 1280; "
                             "0 to skip)")
    parser.add_argument("--jobs", type=int, default=None,
                        help="pages checked in parallel (default: CPUs, at least 2)")
    parser.add_argument("--project", type=Path, default=None,
                        help="folder of the _quarto.yml to check (default: the site's parent)")
    args = parser.parse_args(argv)
    try:
        budgets = (dict(site_check.parse_budget(b) for b in args.budget)
                   if args.budget else dict(site_check.DEFAULT_BUDGETS))
    except ValueError as exc:
        parser.error(str(exc))
    if not args.site.is_dir():
        parser.error(f"{args.site} is not a folder (render the site first: make site)")
    report = site_check.check_site(args.site, budgets=budgets, browser=not args.static,
                                   chromium=args.chromium, viewport_width=args.width,
                                   wide_width=args.wide_width or None, jobs=args.jobs,
                                   project_dir=args.project)
    print(report.text())
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
