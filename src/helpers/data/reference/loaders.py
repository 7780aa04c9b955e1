"""Load the reference CSVs, turning any schema failure into a DataError naming file, row, column.

Cells are read as text (no NA guessing, blank lines kept so row numbers match the spreadsheet),
validated, and only then converted: dates to datetime64 (empty -> NaT), amounts to float64.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pandera.errors

from helpers import paths
from helpers.data.races import RacesConfig, load_races
from helpers.data.reference import schemas
from helpers.errors import DataError

_SHOWN_PROBLEMS = 5


Races = str | Path | RacesConfig | None


def load_endorsement_events(path: str | Path | None = None, races: Races = None) -> pd.DataFrame:
    """Endorsement events (data/reference/endorsement_events.csv unless a path is given).

    ``races``: the races config whose race ids the file may use (config/races.yml by default;
    a path or an already loaded RacesConfig), likewise for the other loaders.
    """
    return _load(schemas.ENDORSEMENT_EVENTS, path, races)


def load_reported_figures(path: str | Path | None = None, races: Races = None) -> pd.DataFrame:
    """Money and result figures as reported (data/reference/reported_figures.csv by default)."""
    return _load(schemas.REPORTED_FIGURES, path, races)


def load_election_calendar(path: str | Path | None = None, races: Races = None) -> pd.DataFrame:
    """Key dates per race (data/reference/election_calendar.csv by default)."""
    return _load(schemas.ELECTION_CALENDAR, path, races)


def races_config(races: Races = None) -> tuple[RacesConfig, str]:
    """The races config and the name errors give it ("config/races.yml" for the project's)."""
    races_path = None if isinstance(races, RacesConfig) else Path(races or paths.RACES_CONFIG)
    config = races if isinstance(races, RacesConfig) else load_races(races_path)
    if races_path is None:
        return config, "config/races.yml"
    try:
        name = races_path.resolve().relative_to(paths.ROOT.resolve()).as_posix()
    except ValueError:
        name = str(races_path)
    return config, name


def _load(schema, path: str | Path | None, races: Races) -> pd.DataFrame:
    """Read, validate, convert; the default file is data/reference/<schema name>.csv."""
    path = Path(path) if path is not None else paths.REFERENCE / f"{schema.name}.csv"
    raw = read_text_table(path)
    config, config_name = races_config(races)
    schema = schemas.for_races(schema, config, config_name)
    try:
        schema.validate(raw, lazy=True)
    except pandera.errors.SchemaErrors as err:
        raise to_data_error(path, err, schema, raw) from None
    return _typed(raw, schema.name)


def read_text_table(path: Path) -> pd.DataFrame:
    """Every cell as text, exactly as typed: no NA inference, blank lines kept as empty rows."""
    try:
        return pd.read_csv(
            path, dtype=str, keep_default_na=False, na_filter=False, skip_blank_lines=False
        )
    except FileNotFoundError:
        raise DataError(path, None, None, "file not found") from None
    except UnicodeDecodeError:
        row, column = _undecodable_cell(path)
        raise DataError(path, row, column, "not UTF-8 text: re-save the file as UTF-8") from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        raise DataError(path, None, None, f"not a readable CSV file: {err}") from None


def _undecodable_cell(path: Path) -> tuple[int | None, str | None]:
    """Spreadsheet row and column of the first cell that is not UTF-8 (header = row 1)."""
    text = path.read_bytes().decode("utf-8", "surrogateescape").removeprefix("\ufeff")
    header: list[str] = []
    for row, record in enumerate(csv.reader(io.StringIO(text, newline="")), start=1):
        header = header or record
        for i, cell in enumerate(record):
            if any("\udc80" <= ch <= "\udcff" for ch in cell):
                return row, header[i] if row > 1 and i < len(header) else None
    return None, None


def _typed(raw: pd.DataFrame, dataset: str) -> pd.DataFrame:
    out = raw.copy()
    for col in schemas.DATE_COLUMNS.get(dataset, []):
        out[col] = pd.to_datetime(out[col].replace("", None), format="%Y-%m-%d").astype(
            "datetime64[ns]"
        )
    for col in schemas.NUMBER_COLUMNS.get(dataset, []):
        out[col] = out[col].astype("float64")
    return out


def to_data_error(
    path: Path, err: pandera.errors.SchemaErrors, schema, raw: pd.DataFrame
) -> DataError:
    """The first problem (in spreadsheet order) as a DataError; a few more listed in the reason.

    A wholly blank line counts as one problem, not one per column.
    """
    problems = problems_from(err.failure_cases, schema.metadata.get("blame", {}))
    blank = {int(i) + 2 for i in raw.index[(raw == "").all(axis=1)]}
    if blank:
        first_column = str(raw.columns[0])
        problems = sorted(
            [p for p in problems if p[0] not in blank]
            + [(row, first_column, "blank line: delete it or fill the row in") for row in blank],
            key=lambda p: (p[0], p[1]),
        )
    row, column, reason = problems[0]
    more = [f"row {r}, column {c!r}: {why}" for r, c, why in problems[1 : 1 + _SHOWN_PROBLEMS]]
    if len(problems) > 1:
        reason += f" ({len(problems) - 1} more problem(s): " + "; ".join(more)
        reason += "; ..." if len(problems) > 1 + _SHOWN_PROBLEMS else ""
        reason += ")"
    return DataError(path, row, column, reason)


def problems_from(cases: pd.DataFrame, blame: dict[str, str]) -> list[tuple[int, str, str]]:
    """(spreadsheet row, column, reason) per failure, deduplicated and sorted by row.

    Pandera reports a failed row rule once per column; ``blame`` names the one column to fix.
    A column-level problem (missing or unexpected column) is reported on the header, row 1.
    Duplicates are reported on every occurrence after the first, pointing back to it.
    """
    unique_checks = {"field_uniqueness", "multiple_fields_uniqueness"}
    found: dict[tuple[int, str, str], None] = dict.fromkeys(
        _duplicate_problems(cases[cases["check"].isin(unique_checks)])
    )
    for case in cases[~cases["check"].isin(unique_checks)].to_dict("records"):
        check, value, index = str(case["check"]), case["failure_case"], case["index"]
        column = case["column"]
        if check == "column_in_dataframe":
            found[(1, str(value), "required column is missing")] = None
        elif check == "column_in_schema":
            found[(1, str(value), "unexpected column (not in the data dictionary)")] = None
        elif (index is None or pd.isna(index)) and check in blame:
            continue  # a row rule that could not run because a column is missing (reported)
        elif index is None or pd.isna(index):
            found[(1, str(column), check)] = None
        elif check in blame:
            found[(int(index) + 2, blame[check], check)] = None
        else:
            found[(int(index) + 2, str(column), f"{check} (found {value!r})")] = None
    return sorted(found, key=lambda p: (p[0], p[1]))


def _duplicate_problems(cases: pd.DataFrame) -> list[tuple[int, str, str]]:
    """One problem per repeated occurrence of a value (or combination) that must be unique."""
    out = []
    for _check, group in cases.groupby("check"):
        columns = sorted(group["column"].unique())
        by_row = group.pivot_table(
            index="index", columns="column", values="failure_case", aggfunc="first"
        )
        first_row: dict[tuple, int] = {}
        for index, values in by_row.iterrows():
            key = tuple(values[c] for c in columns)
            row = int(index) + 2
            if key in first_row:
                what = " + ".join(columns)
                shown = key[0] if len(key) == 1 else key
                out.append(
                    (
                        row,
                        columns[0],
                        f"duplicate {what} {shown!r}: first used on row {first_row[key]}",
                    )
                )
            else:
                first_row[key] = row
    return out
