"""Command line: ``python -m helpers.data.filings build|fetch ...`` (see docs/filings.md)."""

from __future__ import annotations

import sys

from helpers.data.filings.cli import main

if __name__ == "__main__":
    sys.exit(main())
