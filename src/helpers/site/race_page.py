"""Generate one Quarto page per configured race from its charts, facts and notebooks.

Pages are written as .qmd so Quarto gives them the site's navigation and theme; every chart is
raw HTML (static SVG fallback + inlined spec drawn by the self-hosted Vega bundle), never a
notebook HTML output, so Quarto adds no CDN scripts.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from helpers.analysis.charts import fallback_picture
from helpers.analysis.facts import as_of_words
from helpers.analysis.reported_facts import race_facts
from helpers.apstyle import ap_date, as_of_text
from helpers.data.races import Race
from helpers.paths import charts_dir
from helpers.tables import markdown_escape

NOTEBOOK_TITLES = {
    "01-outside-money": "Outside money",
    "02-timeline": "Money and the endorsement fight, over time",
    "03-fundraising": "Candidates' own fundraising against outside money",
    "04-endorsements": "The endorsement process",
    "05-results": "Results",
    "06-donors": "Donors",
}


def yaml_string(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def chart_entries(race_build: Path) -> dict[str, dict]:
    """Every chart the race's notebooks registered, by name, in notebook order."""
    entries = {}
    for reg in sorted(charts_dir(race_build).glob("*.charts.json")):
        for entry in json.loads(reg.read_text(encoding="utf-8")):
            entry["_dir"] = str(charts_dir(race_build))
            entries[entry["name"]] = entry
    return entries


def chart_block(entry: dict, charts_href: str, lazy: bool = False) -> str:
    """Title and subtitle (HTML, they wrap), the chart, source and downloads, the data table.

    The chart is its static SVG (``charts.fallback_picture``: exported at the width it is shown
    at) until assets/charts.js draws it with Vega, at the column's width, from the compiled
    spec it fetches from ``data-spec-src`` once a reader reaches or touches it. ``lazy``
    defers the image of a chart below the first one.
    """
    e = html.escape
    name = entry["name"]
    files = entry["files"]
    table_path = Path(entry["_dir"]) / files["table"]
    table = table_path.read_text(encoding="utf-8").strip()
    href = lambda key: e(f"{charts_href}/{files[key]}")  # noqa: E731
    subtitle = (f'<p class="chart-subtitle">{e(entry["subtitle"])}</p>\n'
                if entry.get("subtitle") else "")
    picture = fallback_picture(entry, f"{charts_href}/", lazy=lazy)
    return f"""
```{{=html}}
<figure class="chart-figure" id="chart-{e(name)}">
<p class="chart-title">{e(entry['title'])}</p>
{subtitle}<div class="vega-chart" data-name="{e(name)}" data-spec-src="{href('vega')}">{picture}</div>
<figcaption>Source: {e(entry['source'])}. Data as of {e(chart_as_of(entry))}.
<a href="{href('csv')}">Download the data (CSV)</a> ·
<a href="{href('png')}">PNG</a> · <a href="{href('svg')}">SVG</a> ·
<a href="{href('page')}">Embeddable chart</a></figcaption>
</figure>
<details class="chart-data"><summary>Show the data behind “{e(entry['title'])}”</summary>
<div class="table-scroll" role="region" tabindex="0" aria-label="{e(entry['title'])}: data table">{table}</div></details>
```
"""


ISO_START = re.compile(r"^\d{4}-\d{2}-\d{2}")


def chart_as_of(entry: dict) -> str:
    """A chart's as-of date in AP style, at the precision its entry records (``as_of_precision``,
    day if none). An as-of already written as words ('about Feb. 28, 2024') is shown as given."""
    as_of = str(entry.get("as_of") or "").strip()
    if not ISO_START.match(as_of):
        return as_of
    return as_of_text(as_of, entry.get("as_of_precision") or "day")


def receipt_anchor(key: str) -> str:
    """The id of a fact's receipt row: 'receipt-' + the key, ':' written as '-' so the id is
    a plain fragment (reported:d1-2024-... -> receipt-reported-d1-2024-...)."""
    return "receipt-" + key.replace(":", "-")


def receipts_block(facts: dict[str, dict]) -> str:
    """Every fact on the page with its dataset rows, source link and as-of date (AP style, at
    the row's precision: "about Feb. 28, 2024", "October 2024")."""
    if not facts:
        return "No figures are quoted for this race yet.\n"
    e = html.escape
    rows = []
    for key, fact in sorted(facts.items()):
        rows.append(
            f'<tr id="{e(receipt_anchor(key))}"><td>{e(fact["label"])}</td>'
            f'<td>{e(fact["display"])}</td>'
            f"<td>{e(fact['dataset'])}: {e(', '.join(fact['rows']))}</td>"
            f'<td><a href="{e(fact["source_url"])}">{e(fact["source"])}</a></td>'
            f"<td>{e(as_of_words(fact))}</td></tr>"
        )
    return (
        "```{=html}\n<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" "
        "aria-label=\"Receipts: every figure on this page\"><table class=\"data-table\">"
        "<caption>Every figure on this page and where it comes from</caption><thead><tr>"
        '<th scope="col">Figure</th><th scope="col">Value</th><th scope="col">Dataset rows</th>'
        '<th scope="col">Source</th><th scope="col">As of</th></tr></thead><tbody>'
        + "".join(rows)
        + "</tbody></table></div>\n```\n"
    )


def filings_note(race: Race, build_dir: Path) -> str:
    """In plain words, which itemized filings this race's figures rest on and what is missing."""
    from helpers.analysis.race_money import filings_coverage, read_filings_table, rows_for_race

    tables = {name: rows_for_race(read_filings_table(build_dir, name), race)
              for name in ("contributions", "independent_expenditures", "expenditures")}  # fmt: skip
    return filings_coverage(tables["contributions"], tables["independent_expenditures"],
                            tables["expenditures"])["note"]  # fmt: skip


def render_race_page(race: Race, race_build: Path, notebooks: list[str], depth: int) -> str:
    """The .qmd text of a race page; ``depth`` is how many folders below the site root it sits."""
    up = "../" * depth
    facts = race_facts(race_build, race.id)
    charts_by_nb: dict[str, list[dict]] = {}
    for entry in chart_entries(race_build).values():
        charts_by_nb.setdefault(entry["notebook"], []).append(entry)
    parts = [
        "---",
        f"title: {yaml_string(race.title)}",
        f"description: {yaml_string('Money, endorsements and votes in ' + race.short_title)}",
        "---",
        "",
        f"Parameters of this page: race id `{race.id}`, primary {ap_date(race.primary_date)}"
        + (f", general {ap_date(race.general_date)}" if race.general_date else "")
        + ". Every chart below comes from a notebook run for this race; the notebooks are linked"
        " at the end, with every figure's receipt.",
        "",
        "## What the filings cover\n",
        markdown_escape(filings_note(race, race_build.parents[1])) + "\n",
    ]
    charts_before = 0
    for nb in notebooks:
        title = NOTEBOOK_TITLES.get(nb, nb)
        parts.append(f"## {title}\n")
        entries = charts_by_nb.get(nb, [])
        if not entries:
            parts.append(f"No chart for this race: see the [notebook](notebooks/{nb}.ipynb) for why.\n")
        for entry in entries:
            parts.append(chart_block(entry, "charts", lazy=charts_before > 0))
            charts_before += 1
    parts.append("## Receipts\n")
    parts.append(receipts_block(facts))
    parts.append("## The notebooks behind this page\n")
    for nb in notebooks:
        parts.append(f"- [{NOTEBOOK_TITLES.get(nb, nb)}](notebooks/{nb}.ipynb)")
    parts.append("")
    parts.append(scripts_block(up))
    return "\n".join(parts) + "\n"


def scripts_block(up: str) -> str:
    """The script that draws the charts. It loads the self-hosted Vega runtime (``data-vega``)
    only when a reader reaches or touches a chart: until then the page costs no Vega at all."""
    return (
        "```{=html}\n"
        f'<script type="module" src="{up}assets/charts.js" '
        f'data-vega="{up}assets/vendor/vega/vega.min.js"></script>\n'
        "```\n"
    )
