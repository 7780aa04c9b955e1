"""Chart export: one Altair chart becomes everything a reader or a newsroom CMS needs.

For each chart we write the Vega-Lite spec (data inlined) and its compiled Vega spec (pages
draw that with the Vega runtime alone, a third lighter than shipping the Vega-Lite compiler and
Vega-Embed), a static SVG and PNG, the CSV of
exactly the rows drawn, an accessible data table and a standalone embeddable page. Every chart
carries a written description (Vega-Lite ``description`` becomes the SVG's aria-label), a title,
and a source line with the as-of date under the plot.
"""

from __future__ import annotations

import copy
import html
import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path

import altair as alt
import pandas as pd
import vl_convert as vlc

from helpers import theme
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

    def __post_init__(self) -> None:
        if not SLUG.match(self.name):
            raise ValueError(f"chart name {self.name!r} must be a slug")
        for field in ("title", "description", "source", "as_of"):
            if not getattr(self, field).strip():
                raise ValueError(f"chart {self.name!r} needs a {field}")

    @property
    def source_line(self) -> str:
        return f"Source: {self.source}. Data as of {self.as_of}."


def finish(chart: alt.Chart, meta: ChartMeta) -> alt.TopLevelMixin:
    """Attach title, description and the source line (drawn under the chart) to a chart."""
    title = alt.TitleParams(meta.title, subtitle=meta.subtitle or alt.Undefined)
    body = chart.properties(title=title, width="container")
    footer = alt.TitleParams(
        meta.source_line, orient="bottom", anchor="start", fontSize=11, fontWeight="normal",
        color=theme.MUTED,
    )
    return alt.vconcat(body, title=footer, description=meta.description).properties(
        usermeta={"source": meta.source, "as_of": meta.as_of, "name": meta.name}
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


def static_spec(spec: dict, width: int = theme.EXPORT_WIDTH) -> dict:
    """Container width means nothing in a file: give static exports a fixed width."""
    spec = copy.deepcopy(spec)
    for sub in spec.get("vconcat", []):
        if sub.get("width") == "container":
            sub["width"] = width
    return spec


def to_spec(finished: alt.TopLevelMixin) -> dict:
    """The validated Vega-Lite dict with the house config inlined (pages need no theme)."""
    with alt.theme.enable("house"):
        spec = finished.to_dict(validate=True)
    spec.setdefault("config", theme.house_config())
    return spec


def json_for_script(spec: dict) -> str:
    """JSON safe inside a <script> element: no '</script>' or '<!--' can close it."""
    return json.dumps(spec, sort_keys=True, ensure_ascii=False).replace("<", "\\u003c")


def export_chart(chart: alt.Chart, meta: ChartMeta, out_dir: str | Path,
                 table_columns: dict[str, str] | None = None) -> dict:
    """Write spec, SVG, PNG, CSV, table HTML and standalone page; return the registry entry."""
    out_dir = Path(out_dir)
    data = chart_data(chart)
    spec = to_spec(finish(chart, meta))
    fixed = static_spec(spec)
    svg = label_svg(vlc.vegalite_to_svg(fixed), meta)
    png = vlc.vegalite_to_png(fixed, scale=2)
    # the table shows the columns named for readers; the CSV keeps every column drawn
    shown = data[list(table_columns)].rename(columns=table_columns) if table_columns else data
    files = {
        "spec": f"{meta.name}.vl.json",
        "vega": f"{meta.name}.vg.json",
        "svg": f"{meta.name}.svg",
        "png": f"{meta.name}.png",
        "csv": f"{meta.name}.csv",
        "table": f"{meta.name}.table.html",
        "page": f"{meta.name}.html",
    }
    vega_spec = vlc.vegalite_to_vega(spec)
    atomic_write_text(out_dir / files["spec"], json.dumps(spec, indent=2, sort_keys=True) + "\n")
    atomic_write_text(out_dir / files["vega"],
                      json.dumps(vega_spec, indent=2, sort_keys=True) + "\n")
    atomic_write_text(out_dir / files["svg"], svg)
    atomic_write_bytes(out_dir / files["png"], png)
    atomic_write_text(out_dir / files["csv"], to_csv_text(data))
    table = html_table(shown, caption=f"Data for the chart: {meta.title}")
    atomic_write_text(out_dir / files["table"], table + "\n")
    atomic_write_text(out_dir / files["page"], standalone_page(vega_spec, meta, files, table))
    return {**asdict(meta), "files": files, "rows": len(data)}


def standalone_page(spec: dict, meta: ChartMeta, files: dict, table: str,
                    bundle_href: str = "../../../assets/vendor/vega/vega.min.js",
                    draw_href: str = "../../../assets/charts.js") -> str:
    """An embeddable page: self-hosted scripts, descriptive title, SVG fallback, data table.

    ``spec`` is the compiled Vega spec; the page draws it with the same script as the site.
    """
    e = html.escape
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(meta.title)}</title>
<style>
body{{font-family:{e(theme.FONT)};color:{theme.INK};margin:0;padding:8px;max-width:760px}}
.chart img,.chart svg{{max-width:100%;height:auto}}
.source{{color:{theme.MUTED};font-size:.85rem}}
table{{border-collapse:collapse;font-size:.85rem}}
th,td{{border-bottom:1px solid #ccc;padding:2px 6px;text-align:left}}
a{{color:#0b5cab}}
.table-scroll{{overflow-x:auto}}
.visually-hidden{{position:absolute;width:1px;height:1px;margin:-1px;padding:0;border:0;
  overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}}
</style>
</head>
<body>
<main>
<h1 class="visually-hidden">{e(meta.title)}</h1>
<figure>
<div class="chart vega-chart" id="chart" data-spec="spec"><img src="{e(files['svg'])}" alt="{e(meta.description)}"></div>
<figcaption class="source">{e(meta.source_line)}
<a href="{e(files['csv'])}">Download the data (CSV)</a></figcaption>
</figure>
<details><summary>Data table</summary>
<div class="table-scroll" role="region" tabindex="0"
 aria-label="{e(meta.title)}: data table">{table}</div></details>
</main>
<script type="application/json" id="spec">{json_for_script(spec)}</script>
<script defer src="{e(bundle_href)}"></script>
<script type="module" src="{e(draw_href)}"></script>
</body>
</html>
"""


def write_registry(entries: list[dict], out_dir: str | Path, notebook: str) -> Path:
    """The list of charts a notebook made, read by the page generator."""
    target = Path(out_dir) / f"{notebook}.charts.json"
    atomic_write_text(target, json.dumps(entries, indent=2, sort_keys=True) + "\n")
    return target
