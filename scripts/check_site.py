#!/usr/bin/env python
"""Check the rendered site before it is published.

    python scripts/check_site.py _site [--budget index.html=1.5MB ...] [--no-browser]

Static checks: every internal link/src/href (HTML and CSS) resolves to a file in the site, and
nothing the browser would load (scripts, stylesheets, images, iframes, CSS url()/@import)
points outside it; links in <a href> to external sources are fine. Browser checks (Debian
chromium via Playwright): every page is opened from a 127.0.0.1 server at 375 px; requests
leaving 127.0.0.1, console errors, failed requests, axe-core violations, a missing or generic
<title> and horizontal scrolling are failures. Page weight (the page plus everything it
loads) must stay within each budget. Prints a report; exits 1 on any failure, 2 on bad usage.
The logic lives in src/helpers/site_check.py.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

try:
    from helpers import site_check
except ImportError:  # run from a checkout without the package installed
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from helpers import site_check


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="the rendered site folder, e.g. _site")
    parser.add_argument("--budget", action="append", default=None, metavar="PAGE=SIZE",
                        help="page-weight budget, PAGE relative to the site (globs allowed), "
                             "SIZE like 1.5MB or 800KB (decimal units); repeatable; default "
                             "index.html=1.5MB")
    parser.add_argument("--no-browser", action="store_true",
                        help="static checks only (no requests, axe, title or scroll checks)")
    parser.add_argument("--chromium", default=None,
                        help=f"chromium executable (default $CHROMIUM or "
                             f"{site_check.DEFAULT_CHROMIUM})")
    parser.add_argument("--width", type=int, default=site_check.MOBILE_WIDTH,
                        help="viewport width in px for the browser checks (default 375)")
    args = parser.parse_args(argv)
    try:
        budgets = (dict(site_check.parse_budget(b) for b in args.budget)
                   if args.budget else dict(site_check.DEFAULT_BUDGETS))
    except ValueError as exc:
        parser.error(str(exc))
    if not args.site.is_dir():
        parser.error(f"{args.site} is not a folder (render the site first: make site)")
    started = time.monotonic()
    report = site_check.check_site(args.site, budgets=budgets, browser=not args.no_browser,
                                   chromium=args.chromium, viewport_width=args.width)
    print(report.text())
    print(f"({time.monotonic() - started:.1f} s)")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
