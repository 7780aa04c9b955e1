"""The house chart style: readable at 320 px, colour-blind safe, system fonts only.

System font stacks mean no web-font request; the Okabe-Ito palette stays distinguishable for
the common colour-vision deficiencies; text colours meet WCAG AA contrast on white.
"""

from __future__ import annotations

import altair as alt

FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'
INK = "#1a1a1a"
MUTED = "#595959"  # 7:1 on white
GRID = "#e0e0e0"
# Okabe & Ito (2008), ordered so the first two differ for every colour-vision type.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
SUPPORT = "#0072B2"
OPPOSE = "#D55E00"
REPORTED = "#595959"
STANCE_COLORS = {"support": SUPPORT, "oppose": OPPOSE}
EXPORT_WIDTH = 600  # static SVG/PNG width; on the page charts fill their container


def house_config() -> dict:
    """The Vega-Lite config, also usable without Altair (standalone pages embed it in the spec)."""
    return {
        "background": "#ffffff",
        "font": FONT,
        "padding": 8,
        "view": {"stroke": None, "continuousWidth": 300, "continuousHeight": 240},
        "title": {
            "font": FONT,
            "fontSize": 16,
            "fontWeight": 700,
            "color": INK,
            "anchor": "start",
            "subtitleFont": FONT,
            "subtitleFontSize": 13,
            "subtitleColor": MUTED,
            "offset": 10,
        },
        "axis": {
            "labelFont": FONT,
            "titleFont": FONT,
            "labelFontSize": 12,
            "titleFontSize": 12,
            "labelColor": INK,
            "titleColor": INK,
            "titleFontWeight": 600,
            "gridColor": GRID,
            "domainColor": MUTED,
            "tickColor": MUTED,
            "labelLimit": 180,
        },
        "legend": {
            "labelFont": FONT,
            "titleFont": FONT,
            "labelFontSize": 12,
            "titleFontSize": 12,
            "labelColor": INK,
            "titleColor": INK,
            "orient": "bottom",
            "direction": "horizontal",
            "labelLimit": 260,
        },
        "range": {"category": PALETTE},
        "text": {"font": FONT, "fontSize": 12, "color": INK},
        "bar": {"color": PALETTE[0]},
        "line": {"color": PALETTE[0], "strokeWidth": 2.5},
        "point": {"color": PALETTE[0], "filled": True, "size": 50},
        "rule": {"color": MUTED},
    }


@alt.theme.register("house", enable=False)
def house_theme() -> alt.theme.ThemeConfig:
    return {"config": house_config()}


def enable() -> None:
    """Turn the house theme on and render charts in notebooks as static SVG.

    The SVG renderer keeps executed notebooks valid nbformat (Altair 6's "mimetype" renderer
    writes a MIME type nbformat rejects) and emits no HTML, so Quarto adds no CDN scripts.
    """
    alt.theme.enable("house")
    alt.renderers.enable("svg")
    alt.data_transformers.disable_max_rows()  # callers aggregate first; exports check size
