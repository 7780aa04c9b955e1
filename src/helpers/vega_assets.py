"""Self-hosted Vega, Vega-Lite and Vega-Embed, so charts never load a script from a CDN.

vl-convert-python carries the libraries and bundles them offline; the bundle's versions are the
ones vl-convert uses to draw our static SVGs, so the page and the fallback image agree.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import vl_convert as vlc

from helpers.io_atomic import atomic_write_text, write_text_if_changed

BUNDLE_NAME = "vega-bundle.js"


def vega_versions() -> dict:
    return {
        "vega": vlc.get_vega_version(),
        "vega-lite": vlc.get_vegalite_versions()[-1],
        "vega-embed": vlc.get_vega_embed_version(),
        "vl-convert": vlc.__version__,
    }


def write_bundle(out_dir: str | Path) -> Path:
    """Write vega-bundle.js (sets window.vegaEmbed) and a versions file beside it."""
    out_dir = Path(out_dir)
    target = out_dir / BUNDLE_NAME
    versions = vega_versions()
    stamp = out_dir / "versions.json"
    text = json.dumps(versions, indent=2, sort_keys=True) + "\n"
    if target.exists() and stamp.exists() and stamp.read_text() == text:
        return target  # same libraries: keep the file and its mtime
    bundle = vlc.javascript_bundle()
    header = f"/* Vega {versions['vega']}, Vega-Lite {versions['vega-lite']}, Vega-Embed "
    header += f"{versions['vega-embed']}; bundled offline by vl-convert {versions['vl-convert']}. "
    header += "BSD-3-Clause licences. sha256 of body: "
    header += hashlib.sha256(bundle.encode()).hexdigest() + " */\n"
    atomic_write_text(target, header + bundle)
    write_text_if_changed(stamp, text)
    return target
