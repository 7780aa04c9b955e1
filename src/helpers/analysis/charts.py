"""Chart export: one Altair chart becomes everything a reader or a newsroom CMS needs.

Phone first: a chart is read on a 375 px phone before anything else, and no text in it may be
drawn below ``theme.MIN_FONT_PX`` CSS pixels where it is shown. So nothing is a fixed-width
picture scaled down to fit:

* on the page, the chart is drawn by the Vega runtime at the width of its column
  (``width: "container"`` with ``autosize: fit-x``); title and subtitle are HTML above it,
  source and downloads are HTML below it, so they wrap instead of shrinking;
* until Vega is needed (a reader reaches or touches the chart, see assets/charts.js), the page
  shows a static SVG of the same chart exported at the width it is displayed at: ``phone``
  (``theme.PHONE_WIDTH``) and, for wide screens, ``wide`` (``theme.WIDE_WIDTH``);
* the downloads carry title, subtitle and the source line themselves, wrapped to their width:
  an SVG at phone width (also what the notebook shows) and a PNG at ``theme.PNG_WIDTH``.

For each chart we also write the Vega-Lite spec (data inlined) and its compiled Vega spec (the
page draws that with the Vega runtime alone), the CSV of exactly the rows drawn, an accessible
data table and a standalone embeddable page. Every chart carries a written description (it
becomes the SVG's aria-label), a title, and a source line with the as-of date.
"""

from __future__ import annotations

import copy
import html
import json
import re
import textwrap
from dataclasses import asdict, dataclass
from pathlib import Path

import altair as alt
import pandas as pd
import vl_convert as vlc

from helpers.analysis import theme
from helpers.apstyle import PRECISIONS, ap_date
from helpers.io_atomic import atomic_write_bytes, atomic_write_text
from helpers.tables import html_table, to_csv_text

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MAX_ROWS = 5000


@dataclass(frozen=True)
class ChartMeta:
    """What a reader must know about a chart; all fields are required but notes."""

    name: str
    title: str
    description: str
    source: str
    as_of: str
    subtitle: str = ""
    notes: str = ""
    as_of_precision: str = "day"  # how well ``as_of`` is known (apstyle.PRECISIONS)

    def __post_init__(self) -> None:
        if not SLUG.match(self.name):
            raise ValueError(f"chart name {self.name!r} must be a slug")
        for field in ("title", "description", "source", "as_of"):
            if not getattr(self, field).strip():
                raise ValueError(f"chart {self.name!r} needs a {field}")
        if self.as_of_precision not in PRECISIONS:
            raise ValueError(f"chart {self.name!r}: unknown as_of_precision "
                             f"{self.as_of_precision!r}")

    @property
    def as_of_text(self) -> str:
        """The as-of date as AP writes it, no more exactly than known ('about Feb. 28, 2024')."""
        try:
            return ap_date(self.as_of, precision=self.as_of_precision)
        except ValueError:  # not an ISO date: already words
            return self.as_of

    @property
    def source_line(self) -> str:
        return f"Source: {self.source}. Data as of {self.as_of_text}."


# The chart shapes (labelled bars and dots) and every notebook chart live in
# helpers.analysis.chart_builders; this module only exports. The old names still import from here.
MOVED_TO_CHART_BUILDERS = ("LABEL_CHARS", "BOLD_CHAR_PX", "wrap_label", "labelled_bars",
                           "labelled_dots")


def __getattr__(name: str):
    if name in MOVED_TO_CHART_BUILDERS:
        from helpers.analysis import chart_builders

        return getattr(chart_builders, name)
    raise AttributeError(f"module 'helpers.analysis.charts' has no attribute {name!r}")


# Keys that only a top-level Vega-Lite spec may carry.
TOP_LEVEL_ONLY = ("$schema", "config", "autosize", "description", "usermeta", "datasets",
                  "padding", "background")
FIT_X = {"type": "fit-x", "contains": "padding"}


def finish(chart: alt.Chart, meta: ChartMeta) -> alt.TopLevelMixin:
    """The chart as the page draws it: as wide as its column, described, with its provenance.

    Title, subtitle and source line are not drawn in it: the page prints them in HTML, where
    they wrap on a phone (see ``complete_spec`` for the downloads, which carry them).
    """
    if not isinstance(chart, alt.Chart | alt.LayerChart):
        raise ValueError(
            f"chart {meta.name!r} is a {type(chart).__name__}: only a single or layered view "
            "can fit the width of a phone's column (use xOffset/yOffset or a layer, not "
            "row/column facets or concatenation)")
    return chart.properties(
        width="container", autosize=alt.AutoSizeParams(**FIT_X), description=meta.description,
        usermeta={"name": meta.name, "title": meta.title, "subtitle": meta.subtitle,
                  "source": meta.source, "as_of": meta.as_of,
                  "as_of_precision": meta.as_of_precision, "as_of_text": meta.as_of_text},
    )


def chart_data(chart: alt.Chart) -> pd.DataFrame:
    """The one DataFrame a chart draws; charts built here take their data at the top level."""
    data = chart.data
    if not isinstance(data, pd.DataFrame):
        raise ValueError("export needs a chart built from one pandas DataFrame at the top level")
    if len(data) > MAX_ROWS:
        raise ValueError(f"{len(data)} rows drawn; aggregate below {MAX_ROWS} first")
    return data


def label_svg(svg: str, meta: ChartMeta) -> str:
    """Give the static SVG a name for screen readers: role, aria-label and a <title>.

    vl-convert's SVG lacks the aria-label Vega adds in the browser; the file is also a
    download and a CMS asset, so it must describe itself.
    """
    head, sep, rest = svg.partition(">")
    if not head.startswith("<svg") or not sep:
        raise ValueError("vl-convert returned something that is not an SVG document")
    desc = html.escape(meta.description, quote=True)
    return (f'{head} role="img" aria-label="{desc}">'
            f"<title>{html.escape(meta.title)}</title><desc>{desc}</desc>{rest}")


def svg_size(svg: str) -> tuple[int, int]:
    """(width, height) in px of an SVG document, from its root element."""
    head = svg.partition(">")[0]
    w = re.search(r'\swidth="([0-9.]+)', head)
    h = re.search(r'\sheight="([0-9.]+)', head)
    if not (w and h):
        raise ValueError("the SVG has no width/height on its root element")
    return round(float(w.group(1))), round(float(h.group(1)))


def fixed_width_spec(spec: dict, width: int) -> dict:
    """The page's chart at a fixed total width: ``fit-x`` makes the whole SVG ``width`` px."""
    spec = copy.deepcopy(spec)
    spec["width"] = width
    spec["autosize"] = dict(FIT_X)
    return spec


def wrap_text(text: str, width_px: float, font_px: float, bold: bool = False,
              keep: tuple[str, ...] = ()) -> list[str]:
    """Lines of ``text`` that fit ``width_px`` at ``font_px`` (a conservative character width
    for the system sans-serif fonts; Vega does not wrap titles itself). Phrases in ``keep``
    (a date: "March 4, 2024") are never broken across lines."""
    per_char = font_px * (0.62 if bold else 0.56)
    text = " ".join(text.split())
    for phrase in keep:
        text = text.replace(phrase, phrase.replace(" ", NO_BREAK))
    lines = textwrap.wrap(text, max(10, int(width_px // per_char)), break_on_hyphens=False)
    return [line.replace(NO_BREAK, " ") for line in lines] or [text.replace(NO_BREAK, " ")]


NO_BREAK = "\u00a0"  # textwrap breaks only at ASCII whitespace


def complete_spec(spec: dict, meta: ChartMeta, width: int) -> dict:
    """The chart with title, subtitle and source line drawn in, ``width`` px wide in all.

    A download or a CMS asset travels without the page, so it must carry its own title and
    provenance; each is wrapped to the width, never shrunk. Vega-Lite can only fit a single
    view to a width, so the body's width is found in two passes (``render_complete``).
    """
    spec = copy.deepcopy(spec)
    top = {k: spec.pop(k) for k in TOP_LEVEL_ONLY if k in spec}
    text_width = width - 2 * theme.PADDING
    spec["width"] = max(60, width - 120)
    spec["title"] = {
        "text": wrap_text(meta.source_line, text_width, theme.SOURCE_FONT_PX,
                          keep=(meta.as_of_text,)),
        "orient": "bottom", "anchor": "start", "fontSize": theme.SOURCE_FONT_PX,
        "fontWeight": "normal", "color": theme.MUTED, "offset": 14,
    }
    title = {"text": wrap_text(meta.title, text_width, theme.TITLE_FONT_PX, bold=True),
             "anchor": "start"}
    if meta.subtitle:
        title["subtitle"] = wrap_text(meta.subtitle, text_width, theme.SUBTITLE_FONT_PX)
    top.pop("autosize", None)
    return {**top, "title": title, "vconcat": [spec]}


def render_complete(spec: dict, meta: ChartMeta, width: int) -> tuple[dict, str]:
    """``complete_spec`` adjusted so the SVG is exactly ``width`` px wide; (spec, svg)."""
    full = complete_spec(spec, meta, width)
    svg = vlc.vegalite_to_svg(full)
    for _ in range(3):
        total, _ = svg_size(svg)
        if total == width:
            break
        full["vconcat"][0]["width"] = max(40, full["vconcat"][0]["width"] + width - total)
        svg = vlc.vegalite_to_svg(full)
    return full, svg


def to_spec(finished: alt.TopLevelMixin) -> dict:
    """The validated Vega-Lite dict with the house config inlined (pages need no theme)."""
    with alt.theme.enable("house"):
        spec = finished.to_dict(validate=True)
    spec.setdefault("config", theme.house_config())
    nested = [k for k in ("facet", "repeat", "concat", "vconcat", "hconcat") if k in spec]
    nested += [f"a {k} encoding" for k in ("row", "column", "facet")
               if k in spec.get("encoding", {})]
    if nested:
        raise ValueError(f"the chart uses {nested[0]}: only a single or layered view can fit "
                         "the width of a phone's column")
    return spec


def json_for_script(spec: dict) -> str:
    """JSON safe inside a <script> element: no '</script>' or '<!--' can close it."""
    return json.dumps(spec, sort_keys=True, ensure_ascii=False).replace("<", "\\u003c")


def export_chart(chart: alt.Chart, meta: ChartMeta, out_dir: str | Path,
                 table_columns: dict[str, str] | None = None) -> dict:
    """Write every file of a chart (see the module docstring); return the registry entry."""
    out_dir = Path(out_dir)
    data = chart_data(chart)
    spec = to_spec(finish(chart, meta))
    # the table shows the columns named for readers; the CSV keeps every column drawn
    shown = data[list(table_columns)].rename(columns=table_columns) if table_columns else data
    files = {
        "spec": f"{meta.name}.vl.json",
        "vega": f"{meta.name}.vg.json",
        "svg": f"{meta.name}.svg",
        "png": f"{meta.name}.png",
        "phone": f"{meta.name}.phone.svg",
        "wide": f"{meta.name}.wide.svg",
        "csv": f"{meta.name}.csv",
        "table": f"{meta.name}.table.html",
        "page": f"{meta.name}.html",
    }
    sizes = {}
    for key, width in (("phone", theme.PHONE_WIDTH), ("wide", theme.WIDE_WIDTH)):
        svg = label_svg(vlc.vegalite_to_svg(fixed_width_spec(spec, width)), meta)
        sizes[key] = svg_size(svg)
        atomic_write_text(out_dir / files[key], svg)
    _, complete_svg = render_complete(spec, meta, theme.PHONE_WIDTH)
    png_spec, _ = render_complete(spec, meta, theme.PNG_WIDTH)
    atomic_write_text(out_dir / files["svg"], label_svg(complete_svg, meta))
    atomic_write_bytes(out_dir / files["png"], vlc.vegalite_to_png(png_spec, scale=2))
    vega_spec = vlc.vegalite_to_vega(spec)
    atomic_write_text(out_dir / files["spec"], json.dumps(spec, indent=2, sort_keys=True) + "\n")
    atomic_write_text(out_dir / files["vega"],
                      json.dumps(vega_spec, indent=2, sort_keys=True) + "\n")
    atomic_write_text(out_dir / files["csv"], to_csv_text(one_line_cells(data)))
    table = html_table(one_line_cells(shown), caption=f"Data for the chart: {meta.title}")
    atomic_write_text(out_dir / files["table"], table + "\n")
    entry = {**asdict(meta), "as_of_text": meta.as_of_text, "files": files, "sizes": sizes,
             "rows": len(data)}
    atomic_write_text(out_dir / files["page"], standalone_page(vega_spec, entry, table))
    return entry


def one_line_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with line breaks in text cells (labels wrapped for a phone) made spaces:
    one row per line in the CSV, as a spreadsheet expects."""
    def flat(value):
        return " ".join(value.split("\n")) if isinstance(value, str) else value

    return frame.apply(lambda col: col.map(flat) if col.dtype == object
                       or pd.api.types.is_string_dtype(col) else col)


def fallback_picture(entry: dict, href: str = "", lazy: bool = False) -> str:
    """The static chart shown until Vega draws: the SVG exported at the width it is shown at.

    Phones get the ``phone`` SVG, screens at least ``theme.WIDE_MEDIA`` wide the ``wide`` one;
    both keep their own size (CSS only ever shrinks them, never by more than a narrow
    phone's margin), so their text is drawn at the size it was exported at.
    """
    e = html.escape
    files, sizes = entry["files"], entry["sizes"]
    (pw, ph), (ww, wh) = sizes["phone"], sizes["wide"]
    load = ' loading="lazy"' if lazy else ""
    return (f'<picture><source media="{e(theme.WIDE_MEDIA)}" srcset="{e(href + files["wide"])}"'
            f' width="{ww}" height="{wh}">'
            f'<img src="{e(href + files["phone"])}" alt="{e(entry["description"])}"'
            f' width="{pw}" height="{ph}"{load}></picture>')


def standalone_page(spec: dict, entry: dict, table: str,
                    vega_href: str = "../../../assets/vendor/vega/vega.min.js",
                    draw_href: str = "../../../assets/charts.js") -> str:
    """An embeddable page: self-hosted scripts, descriptive title, SVG fallback, data table.

    ``spec`` is the compiled Vega spec; the page draws it at once (``data-draw="eager"``)
    with the same script as the site, at the width of the page.
    """
    e = html.escape
    files = entry["files"]
    meta = ChartMeta(**{k: entry[k] for k in ChartMeta.__dataclass_fields__ if k in entry})
    subtitle = f'<p class="chart-subtitle">{e(meta.subtitle)}</p>\n' if meta.subtitle else ""
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(meta.title)}</title>
<style>
body{{font-family:{e(theme.FONT)};color:{theme.INK};margin:0;padding:8px;max-width:760px}}
h1{{font-size:1.25rem;margin:.25rem 0}}
.chart-subtitle{{color:{theme.MUTED};margin:0 0 .5rem}}
figure{{margin:0 0 1rem}}
.vega-chart{{width:100%}}
.vega-chart img,.vega-chart svg{{max-width:100%;height:auto;display:block}}
.source{{color:{theme.MUTED};font-size:.875rem}}
table{{border-collapse:collapse;font-size:.875rem}}
th,td{{border-bottom:1px solid #ccc;padding:2px 6px;text-align:left;overflow-wrap:anywhere}}
a{{color:{theme.LINK};overflow-wrap:anywhere}}
.table-scroll{{overflow-x:auto;max-width:100%}}
</style>
</head>
<body>
<main>
<h1>{e(meta.title)}</h1>
{subtitle}<figure>
<div class="vega-chart" id="chart" data-spec="spec" data-draw="eager">{fallback_picture(entry)}</div>
<figcaption class="source">{e(meta.source_line)}
<a href="{e(files['csv'])}">Download the data (CSV)</a> · <a href="{e(files['png'])}">PNG</a> ·
<a href="{e(files['svg'])}">SVG</a></figcaption>
</figure>
<details><summary>Data table</summary>
<div class="table-scroll" role="region" tabindex="0"
 aria-label="{e(meta.title)}: data table">{table}</div></details>
</main>
<script type="application/json" id="spec">{json_for_script(spec)}</script>
<script type="module" src="{e(draw_href)}" data-vega="{e(vega_href)}"></script>
</body>
</html>
"""


def write_registry(entries: list[dict], out_dir: str | Path, notebook: str) -> Path:
    """The list of charts a notebook made, read by the page generator."""
    target = Path(out_dir) / f"{notebook}.charts.json"
    atomic_write_text(target, json.dumps(entries, indent=2, sort_keys=True) + "\n")
    return target
