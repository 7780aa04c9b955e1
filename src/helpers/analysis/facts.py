"""The facts file: every number the story quotes, with where it came from.

Prose never types a figure: a notebook records each number here with its provenance (dataset,
the rows behind it, source, as-of date), and the site's pages take numbers from this file. A
fact without a source or as-of date cannot be recorded.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import asdict, dataclass, field
from pathlib import Path

from helpers.apstyle import PRECISIONS, ap_date, as_of_text
from helpers.io_atomic import atomic_write_text

QUALIFIER_WORDS = {"exact": "", "about": "about ", "more_than": "more than "}
UNITS = {"usd", "votes", "percent", "ballots", "count", "ratio", "date", "text"}
# AP spells out whole numbers below 10 in copy: "about seven times".
SMALL_NUMBER_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
                      "nine"]  # fmt: skip


@dataclass(frozen=True)
class Fact:
    key: str
    value: float | int | str
    unit: str
    label: str
    dataset: str
    rows: list[str]
    source: str
    source_url: str
    as_of: str
    qualifier: str = "exact"
    note: str = ""
    display: str = field(default="")
    # How well ``as_of`` is known, in the reference data's words (apstyle.PRECISIONS): a figure
    # dated 'about Feb. 28' keeps 'approximate' all the way to the page.
    as_of_precision: str = "day"

    def __post_init__(self) -> None:
        missing = [n for n in ("key", "dataset", "source", "source_url", "as_of") if not getattr(self, n)]
        if missing:
            raise ValueError(f"fact {self.key!r} lacks provenance: {', '.join(missing)}")
        if not self.rows:
            raise ValueError(f"fact {self.key!r} names no dataset rows")
        if self.unit not in UNITS:
            raise ValueError(f"fact {self.key!r}: unknown unit {self.unit!r}")
        if self.qualifier not in QUALIFIER_WORDS:
            raise ValueError(f"fact {self.key!r}: unknown qualifier {self.qualifier!r}")
        if isinstance(self.value, float) and math.isnan(self.value):
            raise ValueError(f"fact {self.key!r} is NaN")
        if self.as_of_precision not in PRECISIONS:
            raise ValueError(f"fact {self.key!r}: unknown as_of_precision "
                             f"{self.as_of_precision!r} (expected one of {PRECISIONS})")
        try:
            dt.date.fromisoformat(str(self.as_of)[:10])
        except ValueError:
            raise ValueError(f"fact {self.key!r}: as_of {self.as_of!r} is not a date written "
                             "YYYY-MM-DD (with an optional time)") from None
        if not self.display:
            object.__setattr__(self, "display", format_value(
                self.value, self.unit, self.qualifier, precision=self.as_of_precision))


def format_value(value, unit: str, qualifier: str = "exact", precision: str = "day") -> str:
    """How a number reads in prose: '$690,000', '$5.1 million', '129,691', '71.1%', with its
    qualifier.

    A ratio that is a whole number below 10 is spelled out ('about seven times'); a date
    (unit 'date', ISO or 'February 22, 2024') reads in AP style at ``precision``.
    """
    prefix = QUALIFIER_WORDS[qualifier]
    if unit == "usd":
        number = float(value)
        if number >= 1_000_000 and number % 100_000 == 0:  # a round figure: AP's "$5.1 million"
            text = f"${number / 1_000_000:g} million"
        else:
            text = f"${number:,.0f}" if number == round(number) else f"${number:,.2f}"
    elif unit == "percent":
        text = f"{round(float(value), 2):g}%"  # as precise as the source: 22.29% vs 22.28%
    elif unit in {"votes", "ballots", "count"}:
        text = f"{round(value):,}"
    elif unit == "ratio":
        number = float(value)
        whole = number == round(number) and 0 <= number < 10
        text = f"{SMALL_NUMBER_WORDS[int(number)]} times" if whole else f"{number:,.1f} times"
    elif unit == "date":
        text = _date_text(value, precision)
    else:
        text = str(value)
    return prefix + text


class FactBook:
    """Collects one notebook's facts for one race and writes them as JSON."""

    def __init__(self, race_id: str, notebook: str):
        self.race_id = race_id
        self.notebook = notebook
        self.facts: dict[str, Fact] = {}

    def add(self, key: str, value, **provenance) -> Fact:
        if key in self.facts:
            raise ValueError(f"fact {key!r} recorded twice in {self.notebook}")
        fact = Fact(key=key, value=_plain(value), **provenance)
        self.facts[key] = fact
        return fact

    def to_dict(self) -> dict:
        return {
            "race_id": self.race_id,
            "notebook": self.notebook,
            "facts": {k: asdict(f) for k, f in sorted(self.facts.items())},
        }

    def save(self, out_dir: str | Path) -> Path:
        target = Path(out_dir) / f"{self.notebook}.json"
        atomic_write_text(target, json.dumps(self.to_dict(), indent=2, sort_keys=True) + "\n")
        return target


def _date_text(value, precision: str) -> str:
    """A date fact's value in AP style; text that is not a date is shown as given."""
    raw = str(value).strip()
    for parse in (lambda v: dt.date.fromisoformat(v[:10]),
                  lambda v: dt.datetime.strptime(v, "%B %d, %Y").date()):
        try:
            return ap_date(parse(raw), precision=precision)
        except ValueError:
            continue
    return raw


def as_of_words(fact: dict) -> str:
    """A loaded fact's as-of date as copy, at its precision ('about Feb. 28, 2024');
    facts files written before precision was recorded count as 'day'."""
    return as_of_text(fact["as_of"], fact.get("as_of_precision") or "day")


def _plain(value):
    """numpy scalars -> Python numbers, so the JSON is plain and stable."""
    if hasattr(value, "item"):
        return value.item()
    return value


def load_facts(facts_dir: str | Path) -> dict[str, dict]:
    """All facts of one race, merged across notebooks; a key defined twice is an error."""
    merged: dict[str, dict] = {}
    for path in sorted(Path(facts_dir).glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        for key, fact in doc["facts"].items():
            if key in merged:
                raise ValueError(f"fact {key!r} defined in two notebooks ({path.name})")
            merged[key] = {**fact, "notebook": doc["notebook"]}
    return merged
