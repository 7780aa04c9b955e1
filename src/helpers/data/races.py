"""The races configuration: one validated file drives which notebooks run with which parameters.

Validation happens before anything runs, so a typo in config/races.yml stops the build with the
field named instead of surfacing later as a confusing notebook error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from helpers import paths
from helpers.errors import DataError
from helpers.io_atomic import atomic_write_text, write_text_if_changed

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Candidate(Strict):
    name: str = Field(min_length=1)
    registrar_id: int | None = None
    aliases: list[str] = []


class ResultsSource(Strict):
    """A contest in the Registrar's results feed; helpers.data.sources finds the election's files."""

    election_id: int
    contest_id: int


class FilingsSelector(Strict):
    office_code: str
    district: str | None = None
    election_dates: list[dt.date] = []
    # The L.A. City Ethics Commission's id for the election (ethics.lacity.gov/elections/), for
    # its official totals; None until someone has looked it up (`ethics-fetch --index`).
    ethics_election_id: int | None = None


class Race(Strict):
    id: str
    title: str
    short_title: str
    jurisdiction: Literal["lausd", "la-city"]
    office: str
    district: int | None
    primary_date: dt.date
    general_date: dt.date | None = None
    featured: bool = False
    candidates: list[Candidate] = []
    results: ResultsSource | None = None
    filings: FilingsSelector | None = None

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not SLUG.match(value):
            raise ValueError("must be a slug: lowercase letters, digits and dashes")
        return value

    @model_validator(mode="after")
    def _dates_in_order(self) -> Race:
        if self.general_date and self.general_date < self.primary_date:
            raise ValueError("general_date is before primary_date")
        return self

    def notebook_parameters(self) -> dict:
        """What papermill injects: just the id; notebooks read the rest through load_race()."""
        return {"race_id": self.id}


class Scope(Strict):
    """Several races taken together: a figure or a date a source gives only for the group
    (e.g. outside spending over all four 2024 LAUSD races). Its figures show on each member's page."""

    id: str
    description: str = Field(min_length=1)
    members: list[str] = Field(min_length=2)

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        return Race._slug(value)


class RacesConfig(Strict):
    races: list[Race] = Field(min_length=1)
    scopes: list[Scope] = []

    @model_validator(mode="after")
    def _unique_ids(self) -> RacesConfig:
        ids = [r.id for r in self.races]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"race ids must be unique; repeated: {dupes}")
        if sum(r.featured for r in self.races) > 1:
            raise ValueError("at most one race can be featured")
        return self

    @model_validator(mode="after")
    def _scopes_name_races(self) -> RacesConfig:
        races = {r.id for r in self.races}
        seen: set[str] = set()
        for n, scope in enumerate(self.scopes, start=1):
            where = f"scope entry {n} ({scope.id})"
            if scope.id in races:
                raise ValueError(f"{where}: id is also a race id; a scope needs its own id")
            if scope.id in seen:
                raise ValueError(f"{where}: scope ids must be unique; {scope.id!r} is repeated")
            seen.add(scope.id)
            unknown = [m for m in scope.members if m not in races]
            if unknown:
                raise ValueError(f"{where}: members {unknown} are not races in this file; "
                                 "add each race under races: first")
        return self

    def race_titles(self) -> dict[str, str]:
        """race id -> title: the race ids the reference CSVs may use (endorsement events)."""
        return {r.id: r.title for r in self.races}

    def scope_descriptions(self) -> dict[str, str]:
        """Every race and every scope, with what it means: the ids a reported figure or a
        calendar date may belong to (docs/reference-data.md, *Races and scopes*)."""
        return {**self.race_titles(), **{s.id: s.description for s in self.scopes}}

    def scope_members(self) -> dict[str, frozenset[str]]:
        """scope id -> the races it covers."""
        return {s.id: frozenset(s.members) for s in self.scopes}


def load_races(path: str | Path | None = None) -> RacesConfig:
    """Read and validate the races file; errors name the race entry and the field."""
    path = Path(path or paths.RACES_CONFIG)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DataError(path, mark.line + 1 if mark else None, None, f"not valid YAML: {exc}") from exc
    try:
        config = RacesConfig.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = list(err["loc"])
        row, entry = None, "race"
        if len(loc) >= 2 and loc[0] in ("races", "scopes") and isinstance(loc[1], int):
            row, entry = loc[1] + 1, loc[0].removesuffix("s")
            loc = loc[2:]
        column = ".".join(str(p) for p in loc) or None
        where = f"{entry} entry {row}" if row else "file"
        raise DataError(path, None, column, f"{where}: {err['msg']}") from exc
    # The feed files themselves are not required here: a clone without them still builds the
    # pages the other data supports, and the data step lists what is missing (helpers.data.sources).
    return config


def load_race(race_id: str, path: str | Path | None = None) -> Race:
    """The configured race with this id (notebooks call this with their parameter)."""
    config = load_races(path)
    for race in config.races:
        if race.id == race_id:
            return race
    known = ", ".join(r.id for r in config.races)
    raise DataError(path or paths.RACES_CONFIG, None, "id", f"no race {race_id!r}; known: {known}")


def write_params(out_dir: Path, config: RacesConfig) -> list[Path]:
    """One JSON parameter file per race, rewritten only when it changes (keeps make incremental).

    Beside each, ``<race>.race.json`` holds the race's whole entry, also rewritten only when it
    changes: the notebooks read their race's entry (load_race), so make reruns a race's
    notebooks when that entry is edited, and only that race's. Returns the parameter files.
    """
    written = []
    for race in config.races:
        target = out_dir / f"{race.id}.json"
        text = json.dumps(race.notebook_parameters(), indent=2, sort_keys=True) + "\n"
        write_text_if_changed(target, text)
        entry = json.dumps(race.model_dump(mode="json"), indent=2, sort_keys=True) + "\n"
        write_text_if_changed(out_dir / f"{race.id}.race.json", entry)
        written.append(target)
    return written


def write_makefile_fragment(target: Path, config: RacesConfig) -> None:
    """The race list as a make variable, so the Makefile needs no YAML parser.

    ``RACES ?=`` lets ``make site RACES=lausd-d1-2024`` build a subset. Always rewritten, so
    its time stamp says the races file has been read.
    """
    ids = " ".join(r.id for r in config.races)
    atomic_write_text(target, f"# generated from config/races.yml\nRACES ?= {ids}\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers.data.races", description=__doc__)
    parser.add_argument("--config", default=str(paths.RACES_CONFIG))
    sub = parser.add_subparsers(dest="cmd", required=True)
    sub.add_parser("check", help="validate the races file")
    p_params = sub.add_parser("params", help="write one parameters file per race")
    p_params.add_argument("--out", required=True)
    p_mk = sub.add_parser("makefile", help="write the make fragment listing the races")
    p_mk.add_argument("--out", required=True)
    p_mk.add_argument("--params", help="also write the parameters files into this folder")
    args = parser.parse_args(argv)
    try:
        config = load_races(args.config)
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.cmd == "params":
        write_params(Path(args.out), config)
    elif args.cmd == "makefile":
        write_makefile_fragment(Path(args.out), config)
        if args.params:
            write_params(Path(args.params), config)
    else:
        print(f"{args.config}: {len(config.races)} races OK")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
