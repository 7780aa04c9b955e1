"""The facts file: every number the story quotes, with where it came from.

Prose never types a figure: a notebook records each number here with its provenance (dataset,
the rows behind it, source, as-of date), and the site's pages take numbers from this file. A
fact without a source or as-of date cannot be recorded.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field
from pathlib import Path

from helpers.io_atomic import atomic_write_text

QUALIFIER_WORDS = {"exact": "", "about": "about ", "more_than": "more than "}
UNITS = {"usd", "votes", "percent", "ballots", "count", "ratio", "date", "text"}


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
        if not self.display:
            object.__setattr__(self, "display", format_value(self.value, self.unit, self.qualifier))


def format_value(value, unit: str, qualifier: str = "exact") -> str:
    """How a number reads in prose: '$690,000', '129,691', '71.1%', with its qualifier."""
    prefix = QUALIFIER_WORDS[qualifier]
    if unit == "usd":
        number = float(value)
        text = f"${number:,.0f}" if number == round(number) else f"${number:,.2f}"
    elif unit == "percent":
        text = f"{round(float(value), 2):g}%"  # as precise as the source: 22.29% vs 22.28%
    elif unit in {"votes", "ballots", "count"}:
        text = f"{round(value):,}"
    elif unit == "ratio":
        text = f"{float(value):,.1f} times"
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
