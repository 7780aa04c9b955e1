"""What every notebook calls first: the race, where its outputs go, and display helpers.

Keeping this here means a notebook reads as narration: ``ctx = setup(race_id, "03-results")``,
then data, a chart, a sentence. Display helpers emit only Markdown and SVG (never HTML), so the
executed notebooks stay valid and Quarto adds no CDN scripts when it renders them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

import altair as alt
import pandas as pd
from IPython.display import SVG, Markdown, display

from helpers import paths
from helpers.analysis import charts, race_money, theme
from helpers.analysis.chart_builders import reported_figure_fact
from helpers.analysis.facts import FactBook
from helpers.data.races import Race, load_race
from helpers.paths import Layout
from helpers.tables import markdown_escape, markdown_table


@dataclass
class RaceContext:
    race: Race
    notebook: str
    build_dir: Path
    facts: FactBook
    chart_entries: list[dict] = field(default_factory=list)

    @property
    def layout(self) -> Layout:
        return Layout(paths.project_root(), build_dir=self.build_dir)

    @property
    def data_dir(self) -> Path:
        return self.layout.build_data

    @property
    def race_dir(self) -> Path:
        return self.layout.race_build(self.race.id)

    @property
    def charts_dir(self) -> Path:
        return self.layout.race_charts(self.race.id)

    @property
    def facts_dir(self) -> Path:
        return self.layout.race_facts(self.race.id)

    def filings(self, table: str) -> pd.DataFrame:
        """This race's rows of a cleaned filings table ('contributions', 'expenditures',
        'independent_expenditures'); empty when the race has none."""
        return race_money.rows_for_race(race_money.read_filings_table(self.build_dir, table),
                                        self.race)

    def chart(self, chart: alt.Chart, meta: charts.ChartMeta, table_columns=None):
        """Export a chart for the site and return it for display in the notebook.

        The display is the exported SVG itself, which names itself for screen readers
        (role="img", aria-label = the description), so the notebook shows what the site shows.
        """
        entry = charts.export_chart(chart, meta, self.charts_dir, table_columns)
        entry["notebook"] = self.notebook
        self.chart_entries.append(entry)
        return SVG(data=(self.charts_dir / entry["files"]["svg"]).read_text(encoding="utf-8"))

    def record(self, fact):
        """Record a builder's Fact in this notebook's facts file (its display is recomputed)."""
        return self.facts.add(fact.key, fact.value, **{
            k: v for k, v in asdict(fact).items() if k not in ("key", "value", "display")})

    def show(self, built) -> None:
        """Show what a builder made (helpers.analysis.chart_builders, helpers.analysis.story_tables), in order:
        its sentence, its chart (exported for the site), its table, its closing sentence; and
        record its facts."""
        for fact in built.facts:
            self.record(fact)
        if built.text:
            say(built.text)
        if built.chart is not None:
            display(self.chart(built.chart, built.meta, built.table_columns))
        if built.table is not None:
            show_table(built.table)
        if built.after:
            say(built.after)

    def finish(self) -> None:
        """Write this notebook's facts and chart registry (always, even when empty)."""
        self.facts.save(self.facts_dir)
        charts.write_registry(self.chart_entries, self.charts_dir, self.notebook)
        say(f"*{counted(len(self.facts.facts), 'fact')} and "
            f"{counted(len(self.chart_entries), 'chart')} written for "
            f"{markdown_escape(self.race.short_title)}.*")


def counted(n: int, noun: str) -> str:
    """'1 chart', '2 charts', '0 facts'."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def setup(race_id: str, notebook: str, build_dir: str | Path | None = None) -> RaceContext:
    theme.enable()
    root = paths.project_root()
    build = Path(build_dir) if build_dir else paths.BUILD
    if not build.is_absolute():
        build = root / build
    race = load_race(race_id)
    ctx = RaceContext(race=race, notebook=notebook, build_dir=build, facts=FactBook(race_id, notebook))
    # Remove this notebook's previous chart registry so a chart dropped from the notebook
    # leaves the site.
    (ctx.charts_dir / f"{notebook}.charts.json").unlink(missing_ok=True)
    return ctx


def say(text: str) -> None:
    """Narration computed from data (already-escaped Markdown)."""
    display(Markdown(text))


def show_table(frame: pd.DataFrame, formatters: dict | None = None) -> None:
    display(Markdown(markdown_table(frame, formatters)))


def reported_fact(ctx: RaceContext, key: str, row, label: str):
    """Record a figure from the reported-figures ledger, carrying its qualifier and source."""
    return ctx.record(reported_figure_fact(key, row, label))
