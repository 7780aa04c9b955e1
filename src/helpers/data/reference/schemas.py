"""Pandera schemas for the hand-kept reference CSVs, checked on the text exactly as stored.

The schemas see every cell as text (the loaders read with ``dtype=str``), so a date written
``2/23/2024`` or an amount written ``$1,000`` fails here instead of being silently coerced.
Rules that involve two columns are dataframe checks; ``metadata["blame"]`` maps each rule's
error text to the column a journalist should fix, so the loader can name that column.

The ``race_id`` vocabulary is not typed here: it is the races (and, where a figure or a date may
cover several races, the scopes) of config/races.yml, bound at load time by ``for_races`` so
that adding a race is adding it to that file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

import pandas as pd
import pandera.pandas as pa

from helpers.data.reference import vocab

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_AMOUNT = re.compile(r"\d+(\.\d+)?")
_URL = re.compile(r"https?://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(/\S*)?")
_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def _is_iso_date(value: str) -> bool:
    if not _ISO_DATE.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def text(required: bool = True) -> pa.Column:
    """A free-text column; required ones may not be empty."""
    checks = (
        [pa.Check(lambda s: s.str.strip() != "", error="must not be empty")] if required else []
    )
    return pa.Column(str, checks=checks)


def identifier() -> pa.Column:
    """A stable id: lower-case words joined by hyphens, unique in the file."""
    return pa.Column(
        str,
        checks=pa.Check(
            lambda s: s.map(lambda v: bool(_ID.fullmatch(v))),
            error="must be lower-case letters/digits joined by hyphens, e.g. d1-2024-utla-suspend",
        ),
        unique=True,
    )


def vocabulary(terms: dict[str, str] | frozenset[str], allow_empty: bool = False) -> pa.Column:
    """A controlled-vocabulary column (see vocab.py and docs/reference-data.md)."""
    allowed = set(terms) | ({""} if allow_empty else set())
    listed = ", ".join(sorted(terms)) + (" (or empty)" if allow_empty else "")
    return pa.Column(
        str, checks=pa.Check(lambda s: s.isin(allowed), error=f"must be one of: {listed}")
    )


def iso_date(allow_empty: bool = False) -> pa.Column:
    """A calendar date written YYYY-MM-DD (a real date); empty only where allowed."""
    error = "must be a date written YYYY-MM-DD" + (" or empty" if allow_empty else "")

    def ok(s: pd.Series) -> pd.Series:
        return s.map(lambda v: (allow_empty and v == "") or _is_iso_date(v))

    return pa.Column(str, checks=pa.Check(ok, error=error))


def amount() -> pa.Column:
    """A plain non-negative number: digits and an optional decimal part, no $ or commas."""
    return pa.Column(
        str,
        checks=pa.Check(
            lambda s: s.map(lambda v: bool(_AMOUNT.fullmatch(v))),
            error="must be a number >= 0 written without $, commas or spaces (e.g. 828757.64)",
        ),
    )


def url() -> pa.Column:
    """Every row names its source: an http(s) address, never empty."""
    return pa.Column(
        str,
        checks=pa.Check(
            lambda s: s.map(lambda v: bool(_URL.fullmatch(v))),
            error="must be the source's address starting with https:// (never empty)",
        ),
    )


def race_reference() -> pa.Column:
    """Placeholder for ``race_id`` until ``for_races`` binds it to config/races.yml."""
    return pa.Column(str)


def race_vocabulary(terms: dict[str, str], config_name: str, what: str) -> pa.Column:
    """``race_id`` limited to the ids config/races.yml declares; the error says where to add one."""
    allowed = set(terms)
    error = (
        f"must be one of the {what} in {config_name} ({', '.join(sorted(terms))}): "
        f"to use a new race, add the race to {config_name}"
    )
    return pa.Column(str, checks=pa.Check(lambda s: s.isin(allowed), error=error))


# Which ids each file's race_id may hold: races only, or races and multi-race scopes.
RACE_IDS = {
    "endorsement_events": "races",
    "reported_figures": "races and scopes",
    "election_calendar": "races and scopes",
}


def for_races(schema: pa.DataFrameSchema, races, config_name: str) -> pa.DataFrameSchema:
    """The schema with its ``race_id`` column bound to this races config (a RacesConfig)."""
    what = RACE_IDS[schema.name]
    terms = races.race_titles() if what == "races" else races.scope_descriptions()
    return schema.update_column("race_id", checks=race_vocabulary(terms, config_name, what).checks)


RowRule = tuple[str, str, Callable[[pd.DataFrame], pd.Series]]


def _schema(
    name: str, columns: dict[str, pa.Column], rules: list[RowRule], **kw
) -> pa.DataFrameSchema:
    """Strict schema (no missing or extra columns) plus row rules that blame one column."""
    return pa.DataFrameSchema(
        columns,
        checks=[pa.Check(fn, error=error) for _column, error, fn in rules],
        strict=True,
        name=name,
        metadata={"blame": {error: column for column, error, _fn in rules}},
        **kw,
    )


def _precision_rules(date_col: str, precision_col: str) -> list[RowRule]:
    """An unknown date stays empty; a month-precision date is stored as the 1st of the month."""
    return [
        (
            date_col,
            f"{date_col} must be empty exactly when {precision_col} is 'unknown'",
            lambda d: (d[date_col] == "") == (d[precision_col] == "unknown"),
        ),
        (
            date_col,
            f"{date_col} must be the 1st of the month when {precision_col} is 'month'",
            lambda d: (d[precision_col] != "month") | d[date_col].str.endswith("-01"),
        ),
    ]


SOURCE_COLUMNS = {
    "source_url": url(),
    "source_title": text(required=False),
    "source_publisher": text(),
    "source_date": iso_date(allow_empty=True),
    "source_date_precision": vocabulary(vocab.SOURCE_DATE_PRECISION),
}

ENDORSEMENT_EVENTS = _schema(
    "endorsement_events",
    {
        "event_id": identifier(),
        "race_id": race_reference(),
        "endorser": text(required=False),
        "acting_body": text(required=False),
        "candidate": text(required=False),
        "action": vocabulary(vocab.ACTIONS),
        "date": iso_date(allow_empty=True),
        "date_precision": vocabulary(vocab.DATE_PRECISION),
        "status": vocabulary(vocab.STATUSES),
        **SOURCE_COLUMNS,
        "note": text(required=False),
    },
    [
        *_precision_rules("date", "date_precision"),
        *_precision_rules("source_date", "source_date_precision"),
        (
            "endorser",
            "endorser may be empty only for a candidate's statement",
            lambda d: (d["endorser"] != "") | (d["action"] == "statement"),
        ),
        (
            "candidate",
            "candidate may be empty only when action is no_endorsement",
            lambda d: (d["candidate"] != "") | (d["action"] == "no_endorsement"),
        ),
        (
            "status",
            "status 'scheduled' belongs only to action meeting_scheduled",
            lambda d: (d["status"] != "scheduled") | (d["action"] == "meeting_scheduled"),
        ),
    ],
)

_NEEDS_CANDIDATE = {"ie_support", "ie_oppose", "candidate_raised", "votes", "vote_share"}
_NEEDS_SPENDER = {"ie_support", "ie_oppose", "race_outside_spending_total",
                  "race_outside_to_candidates_ratio"}

REPORTED_FIGURES = _schema(
    "reported_figures",
    {
        "figure_id": identifier(),
        "race_id": race_reference(),
        "metric": vocabulary(vocab.METRICS),
        "spender": text(required=False),
        "candidate": text(required=False),
        "amount": amount(),
        "unit": vocabulary(vocab.UNITS),
        "qualifier": vocabulary(vocab.QUALIFIERS),
        "count_stage": vocabulary(vocab.COUNT_STAGES, allow_empty=True),
        "as_of": iso_date(),
        "as_of_precision": vocabulary(set(vocab.SOURCE_DATE_PRECISION) - {"unknown"}),
        "as_of_note": text(),
        **SOURCE_COLUMNS,
        "note": text(required=False),
    },
    [
        *_precision_rules("as_of", "as_of_precision"),
        *_precision_rules("source_date", "source_date_precision"),
        (
            "unit",
            "unit must match the metric (usd for money, votes, percent, ballots, ratio)",
            lambda d: d["unit"] == d["metric"].map(vocab.UNIT_OF_METRIC),
        ),
        (
            "count_stage",
            "count_stage is required for result metrics and must be empty for money metrics",
            lambda d: (d["count_stage"] != "") == d["metric"].isin(vocab.RESULT_METRICS),
        ),
        (
            "candidate",
            "candidate is required for per-candidate metrics",
            lambda d: (d["candidate"] != "") | ~d["metric"].isin(_NEEDS_CANDIDATE),
        ),
        (
            "spender",
            "spender is required for independent-expenditure and outside-spending metrics",
            lambda d: (d["spender"] != "") | ~d["metric"].isin(_NEEDS_SPENDER),
        ),
        (
            "amount",
            "a percent cannot exceed 100",
            lambda d: (
                (d["unit"] != "percent") | (pd.to_numeric(d["amount"], errors="coerce") <= 100)
            ),
        ),
    ],
)

ELECTION_CALENDAR = _schema(
    "election_calendar",
    {
        "race_id": race_reference(),
        "event": vocabulary(vocab.CALENDAR_EVENTS),
        "date": iso_date(),
        "status": vocabulary(set(vocab.STATUSES) - {"scheduled"}),
        "source_url": url(),
        "source_title": text(required=False),
        "source_publisher": text(),
        "note": text(required=False),
    },
    [],
    unique=["race_id", "event"],
)

# Columns that hold dates or numbers once loaded; everything else stays text.
DATE_COLUMNS = {
    "endorsement_events": ["date", "source_date"],
    "reported_figures": ["as_of", "source_date"],
    "election_calendar": ["date"],
}
NUMBER_COLUMNS = {"reported_figures": ["amount"]}
