"""The self-hosted Vega runtime, so charts never load a script from a CDN.

``assets/vendor/vega/vega.min.js`` is npm's vega build, committed with its licence. It must be
the Vega version vl-convert-python uses for the static SVG/PNG fallbacks, so the drawn chart
and its fallback agree: ``check_vendored_vega`` says so when they drift. Pages need only the
Vega runtime (about 510 KB) because specs are compiled from Vega-Lite at export time; shipping
the Vega-Lite compiler and Vega-Embed too would push the explainer past its weight budget.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import vl_convert as vlc

VEGA_VERSION = "6.2.0"
VEGA_SHA256 = "ea6a5936381d06f912466354e2b6a20eb66c4d41f1ca9dff1e0236dfee6ee392"
VEGA_PATH = Path("assets") / "vendor" / "vega" / "vega.min.js"


def check_vendored_vega(root: Path) -> Path:
    """The vendored file, after checking it is intact and matches vl-convert's Vega."""
    path = root / VEGA_PATH
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: run scripts/vendor_vega.sh {VEGA_VERSION}")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != VEGA_SHA256:
        raise ValueError(f"{path} sha256 {digest} is not the recorded {VEGA_SHA256}")
    if vlc.get_vega_version() != VEGA_VERSION:
        raise ValueError(f"vl-convert draws fallbacks with Vega {vlc.get_vega_version()} but the "
                         f"site ships Vega {VEGA_VERSION}: run scripts/vendor_vega.sh")
    return path
