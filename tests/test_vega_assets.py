"""The self-hosted Vega runtime is intact and is the Vega that draws the static fallbacks."""

import vl_convert as vlc

from helpers.site.vega_assets import VEGA_VERSION, check_vendored_vega
from tests.conftest import ROOT


def test_vendored_vega_is_intact_and_matches_vl_convert():
    path = check_vendored_vega(ROOT)
    assert vlc.get_vega_version() == VEGA_VERSION
    head = path.read_bytes()[:300].decode()
    assert ".vega={}" in head  # the UMD build that defines window.vega
    assert (path.parent / "LICENSE").read_text().startswith("Copyright")
