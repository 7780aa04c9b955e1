"""Generate one Quarto page per configured race from its charts, facts and notebooks.

Pages are written as .qmd so Quarto gives them the site's navigation and theme; every chart is
raw HTML (static SVG fallback + inlined spec drawn by the self-hosted Vega bundle), never a
notebook HTML output, so Quarto adds no CDN scripts.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from helpers.charts import json_for_script
from helpers.facts import load_facts
from helpers.races import Race

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
    for reg in sorted((race_build / "charts").glob("*.charts.json")):
        for entry in json.loads(reg.read_text(encoding="utf-8")):
            entry["_dir"] = str(race_build / "charts")
            entries[entry["name"]] = entry
    return entries


def chart_block(entry: dict, charts_href: str) -> str:
    """Figure with static fallback, caption with downloads, data table, and the inlined spec."""
    e = html.escape
    name = entry["name"]
    files = entry["files"]
    spec_path = Path(entry["_dir"]) / files["vega"]
    table_path = Path(entry["_dir"]) / files["table"]
    spec = json.loads(spec_path.read_text(encoding="utf-8"))
    table = table_path.read_text(encoding="utf-8").strip()
    href = lambda key: e(f"{charts_href}/{files[key]}")  # noqa: E731
    return f"""
```{{=html}}
<figure class="chart-figure" id="chart-{e(name)}">
<div class="vega-chart" data-spec="spec-{e(name)}"><img src="{href('svg')}" alt="{e(entry['description'])}" width="600"></div>
<figcaption>{e(entry['title'])}. Source: {e(entry['source'])}. Data as of {e(entry['as_of'])}.
<a href="{href('csv')}">Download the data (CSV)</a> ·
<a href="{href('png')}">PNG</a> · <a href="{href('svg')}">SVG</a> ·
<a href="{href('page')}">Embeddable chart</a></figcaption>
</figure>
<details class="chart-data"><summary>Show the data behind “{e(entry['title'])}”</summary>
<div class="table-scroll" role="region" tabindex="0" aria-label="{e(entry['title'])}: data table">{table}</div></details>
<script type="application/json" id="spec-{e(name)}">{json_for_script(spec)}</script>
```
"""


def receipts_block(facts: dict[str, dict]) -> str:
    """Every fact on the page with its dataset rows, source link and as-of date."""
    if not facts:
        return "No figures are quoted for this race yet.\n"
    e = html.escape
    rows = []
    for key, fact in sorted(facts.items()):
        rows.append(
            f'<tr id="receipt-{e(key)}"><td>{e(fact["label"])}</td><td>{e(fact["display"])}</td>'
            f"<td>{e(fact['dataset'])}: {e(', '.join(fact['rows']))}</td>"
            f'<td><a href="{e(fact["source_url"])}">{e(fact["source"])}</a></td>'
            f"<td>{e(fact['as_of'])}</td></tr>"
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


def render_race_page(race: Race, race_build: Path, notebooks: list[str], depth: int) -> str:
    """The .qmd text of a race page; ``depth`` is how many folders below the site root it sits."""
    up = "../" * depth
    facts = load_facts(race_build / "facts") if (race_build / "facts").exists() else {}
    charts_by_nb: dict[str, list[dict]] = {}
    for entry in chart_entries(race_build).values():
        charts_by_nb.setdefault(entry["notebook"], []).append(entry)
    parts = [
        "---",
        f"title: {yaml_string(race.title)}",
        f"description: {yaml_string('Money, endorsements and votes in ' + race.short_title)}",
        "---",
        "",
        f"Parameters of this page: race id `{race.id}`, primary {race.primary_date.isoformat()}"
        + (f", general {race.general_date.isoformat()}" if race.general_date else "")
        + ". Every chart below comes from a notebook run for this race; the notebooks are linked"
        " at the end, with every figure's receipt.",
        "",
    ]
    for nb in notebooks:
        title = NOTEBOOK_TITLES.get(nb, nb)
        parts.append(f"## {title}\n")
        entries = charts_by_nb.get(nb, [])
        if not entries:
            parts.append(f"No chart for this race: see the [notebook](notebooks/{nb}.ipynb) for why.\n")
        for entry in entries:
            parts.append(chart_block(entry, "charts"))
    parts.append("## Receipts\n")
    parts.append(receipts_block(facts))
    parts.append("## The notebooks behind this page\n")
    for nb in notebooks:
        parts.append(f"- [{NOTEBOOK_TITLES.get(nb, nb)}](notebooks/{nb}.ipynb)")
    parts.append("")
    parts.append(scripts_block(up))
    return "\n".join(parts) + "\n"


def scripts_block(up: str) -> str:
    """The two self-hosted scripts that draw the charts (module scripts run after parsing, in
    order: the Vega runtime first, then the drawing script)."""
    return (
        "```{=html}\n"
        f'<script defer src="{up}assets/vendor/vega/vega.min.js"></script>\n'
        f'<script type="module" src="{up}assets/charts.js"></script>\n'
        "```\n"
    )
