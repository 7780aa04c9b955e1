"""Command line: ``python -m helpers.filings build|fetch ...`` (see docs/filings.md)."""

from __future__ import annotations

import sys

from helpers.filings.cli import main

if __name__ == "__main__":
    sys.exit(main())
