"""Where things live, in one place, so notebooks and scripts never hard-code paths."""

from __future__ import annotations

import os
from pathlib import Path


def project_root() -> Path:
    """The repository root: LAUSD_MONEY_ROOT if set (tests), else the folder above src/."""
    env = os.environ.get("LAUSD_MONEY_ROOT")
    if env:
        return Path(env).resolve()
    return Path(__file__).resolve().parents[2]


ROOT = project_root()
DATA = ROOT / "data"
RAW = DATA / "raw"
REFERENCE = DATA / "reference"
BUILD = ROOT / "build"
BUILD_DATA = BUILD / "data"
RACES_CONFIG = ROOT / "config" / "races.yml"
SHARED = ROOT.parent / "shared"
