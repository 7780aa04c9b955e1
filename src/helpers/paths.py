"""Every path of the build and site layout, in one place.

Notebooks, the make steps and the page generator ask this module where a thing lives instead of
joining folder names themselves, so the layout can be read (and changed) here alone:

    data/raw, data/reference, data/cache     inputs (hand-kept reference data; downloads)
    build/data/                              tidy tables: results, filings, sources manifest
    build/params/<race>.json                 notebook parameters, one file per race
    build/params/<race>.race.json            the race's entry in config/races.yml (make's trigger)
    build/notebooks/<race>/<nb>.ipynb        executed notebooks
    build/races/<race>/{facts,charts}/       what each notebook recorded and drew
    build/analysis/                          analysis done outside the notebooks (reconciliation)
    races/, downloads/, _generated/, ...     Quarto inputs the page generator writes
    _site/                                   the rendered site
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


def project_root() -> Path:
    """The repository root: LAUSD_MONEY_ROOT if set (tests), else the folder above src/."""
    env = os.environ.get("LAUSD_MONEY_ROOT")
    if env:
        return Path(env).resolve()
    return Path(__file__).resolve().parents[2]


def facts_dir(race_build: Path) -> Path:
    """Where a race's notebooks record their facts, under its build folder."""
    return Path(race_build) / "facts"


def charts_dir(race_build: Path) -> Path:
    """Where a race's notebooks export their charts, under its build folder."""
    return Path(race_build) / "charts"


@dataclass(frozen=True)
class Layout:
    """The build and site layout under one project root (tests pass a temporary root).

    ``build_dir`` moves only the build folder (a notebook run with ``build_dir=...``).
    """

    root: Path
    build_dir: Path | None = None

    # ---- inputs ----------------------------------------------------------------------------
    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def raw(self) -> Path:
        return self.data / "raw"

    @property
    def raw_filings(self) -> Path:
        return self.raw / "filings"

    @property
    def raw_lacity_ethics(self) -> Path:
        return self.raw / "lacity-ethics"

    @property
    def reference(self) -> Path:
        return self.data / "reference"

    @property
    def published_digest(self) -> Path:
        return self.data / "published-digest.json"

    @property
    def races_config(self) -> Path:
        return self.root / "config" / "races.yml"

    @property
    def notebooks(self) -> Path:
        return self.root / "notebooks"

    @property
    def stories(self) -> Path:
        return self.root / "story"

    def source_notebooks(self) -> list[Path]:
        """The notebooks in reading order (their numeric prefix): 01-outside-money.ipynb, ..."""
        return sorted(self.notebooks.glob("[0-9][0-9]-*.ipynb"))

    # ---- build -----------------------------------------------------------------------------
    @property
    def build(self) -> Path:
        return Path(self.build_dir) if self.build_dir is not None else self.root / "build"

    @property
    def build_data(self) -> Path:
        return self.build / "data"

    @property
    def filings_tables(self) -> Path:
        return self.build_data / "filings"

    @property
    def filings_accounting(self) -> Path:
        return self.filings_tables / "accounting.json"

    @property
    def results_table(self) -> Path:
        return self.build_data / "results.parquet"

    @property
    def params(self) -> Path:
        return self.build / "params"

    @property
    def analysis(self) -> Path:
        return self.build / "analysis"

    @property
    def reconciliation(self) -> Path:
        return self.analysis / "reconciliation.json"

    @property
    def digest(self) -> Path:
        return self.build / "digest.json"

    @property
    def runner_log(self) -> Path:
        return self.build / "notebook-runner.log"

    def executed_notebooks(self, race_id: str) -> Path:
        return self.build / "notebooks" / race_id

    def race_build(self, race_id: str) -> Path:
        return self.build / "races" / race_id

    def race_facts(self, race_id: str) -> Path:
        return facts_dir(self.race_build(race_id))

    def race_charts(self, race_id: str) -> Path:
        return charts_dir(self.race_build(race_id))

    # ---- site inputs and output ------------------------------------------------------------
    @property
    def site_races(self) -> Path:
        return self.root / "races"

    def race_site(self, race_id: str) -> Path:
        return self.site_races / race_id

    def race_site_charts(self, race_id: str) -> Path:
        return self.race_site(race_id) / "charts"

    def race_site_notebooks(self, race_id: str) -> Path:
        return self.race_site(race_id) / "notebooks"

    @property
    def explainer(self) -> Path:
        return self.root / "index.qmd"

    @property
    def footer(self) -> Path:
        return self.root / "_footer.html"

    @property
    def datapackage(self) -> Path:
        return self.root / "datapackage.json"

    @property
    def downloads(self) -> Path:
        return self.root / "downloads"

    @property
    def generated(self) -> Path:
        return self.root / "_generated"

    @property
    def site(self) -> Path:
        return self.root / "_site"


ROOT = project_root()
LAYOUT = Layout(ROOT)
DATA = LAYOUT.data
RAW = LAYOUT.raw
REFERENCE = LAYOUT.reference
BUILD = LAYOUT.build
BUILD_DATA = LAYOUT.build_data
RACES_CONFIG = LAYOUT.races_config
SHARED = ROOT.parent / "shared"
