"""The house chart style: read on a 375 px phone first, colour-blind safe, system fonts only.

No text in a chart is smaller than ``MIN_FONT_PX`` CSS pixels where a reader sees it: chart
text is 12 px or more and charts are drawn at the width they are shown at (see charts.py), so
it is never scaled down. Direct labels replace legends where the chart allows it.
System font stacks mean no web-font request; the Okabe-Ito palette stays distinguishable for
the common colour-vision deficiencies; text colours meet WCAG AA contrast on white.
"""

from __future__ import annotations

import altair as alt

from helpers.apstyle import AP_MONTHS

FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'
INK = "#1a1a1a"
MUTED = "#595959"  # 7:1 on white
GRID = "#e0e0e0"
# Okabe & Ito (2008), ordered so the first two differ for every colour-vision type.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
SUPPORT = "#0072B2"
OPPOSE = "#D55E00"
STANCE_COLORS = {"support": SUPPORT, "oppose": OPPOSE}
OWN_CAMPAIGN = "#009E73"
OUTSIDE_SPENDING = "#0072B2"
MONEY_COLORS = {"Own campaign": OWN_CAMPAIGN, "Outside spending": OUTSIDE_SPENDING}
BACKGROUND = "#ffffff"
HALO = BACKGROUND  # the outline drawn behind words so lines never run through them
HALO_PX = 5
EVENT_RULE = MUTED  # an event's line on a timeline
LINK = "#0b5cab"

# Time axes say dates as AP does ("Feb. 23", "March 4"); a tick that falls within a day
# (the results count over election night) keeps the axis's own format.
AP_DATE_LABEL_EXPR = (
    "(hours(datum.value) || minutes(datum.value)) ? datum.label : "
    + "[" + ", ".join(f"'{m}'" for m in AP_MONTHS) + "][month(datum.value)]"
    + " + ' ' + date(datum.value)"
)

# Sizes, in CSS px. The site check measures every chart's smallest text in the browser, at
# 375 px and at 1280 px, and fails below MIN_FONT_PX.
MIN_FONT_PX = 11
FONT_PX = 12  # axis labels and titles, legends, mark labels
SOURCE_FONT_PX = 11  # the source line of downloads
TITLE_FONT_PX = 16
SUBTITLE_FONT_PX = 13
PADDING = 8
# Static exports. The page shows the phone SVG (a 375 px phone's column is about 324 px wide)
# and, from WIDE_MEDIA up, the wide one (the column is 720 to 800 px there); on the page the
# chart is drawn by Vega at its column's width once Vega is loaded.
PHONE_WIDTH = 320
WIDE_WIDTH = 720
WIDE_MEDIA = "(min-width: 1200px)"
PNG_WIDTH = 640  # the PNG download (drawn at twice that many pixels)


def house_config() -> dict:
    """The Vega-Lite config, also usable without Altair (standalone pages embed it in the spec)."""
    return {
        "background": BACKGROUND,
        "font": FONT,
        "padding": PADDING,
        "view": {"stroke": None, "continuousWidth": 300, "continuousHeight": 240},
        "title": {
            "font": FONT,
            "fontSize": TITLE_FONT_PX,
            "fontWeight": 700,
            "color": INK,
            "anchor": "start",
            "subtitleFont": FONT,
            "subtitleFontSize": SUBTITLE_FONT_PX,
            "subtitleColor": MUTED,
            "offset": 10,
        },
        "axis": {
            "labelFont": FONT,
            "titleFont": FONT,
            "labelFontSize": FONT_PX,
            "titleFontSize": FONT_PX,
            "labelColor": INK,
            "titleColor": INK,
            "titleFontWeight": 600,
            "gridColor": GRID,
            "domainColor": MUTED,
            "tickColor": MUTED,
            "labelLimit": 140,  # a phone's column is about 324 px: labels may take 140
            "labelOverlap": True,
        },
        "axisTemporal": {"labelExpr": AP_DATE_LABEL_EXPR},
        "legend": {
            "labelFont": FONT,
            "titleFont": FONT,
            "labelFontSize": FONT_PX,
            "titleFontSize": FONT_PX,
            "labelColor": INK,
            "titleColor": INK,
            # where a legend cannot be avoided: above the plot, one entry per line, so it
            # never runs off a phone's column
            "orient": "top",
            "direction": "vertical",
            "labelLimit": 280,
        },
        "range": {"category": PALETTE},
        "text": {"font": FONT, "fontSize": FONT_PX, "color": INK},
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
