"""Reported figures as facts whose key is their CSV row: ``reported:<figure_id>``.

A story quotes a row of data/reference/reported_figures.csv as ``{{fact:reported:FIGURE_ID}}``:
grep the figure_id and you land on the row (source, as-of date and its precision, qualifier).
No notebook has to run for these facts; the page builder reads the ledger itself, through the
validated loader, and puts each fact's receipt on the race page. See docs/facts.md.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import pandas as pd

from helpers.analysis.facts import Fact, load_facts
from helpers.data.races import RacesConfig, load_races
from helpers.data.reference import load_reported_figures
from helpers.paths import facts_dir

PREFIX = "reported:"
DATASET = "reported_figures"

_STAGE_WORDS = {"election_night": "election-night count", "final": "final count"}


def reported_key(figure_id: str) -> str:
    """The fact key of a ledger row: 'reported:' + its figure_id, so grep finds both."""
    return PREFIX + figure_id


def scope_members(races: RacesConfig | None = None) -> dict[str, frozenset[str]]:
    """Scopes that cover several races (config/races.yml, ``scopes:``): their figures belong
    on each member race's page too."""
    return (races or load_races()).scope_members()


def scopes_for(race_id: str, races: RacesConfig | None = None) -> list[str]:
    """The race itself and every multi-race scope that includes it."""
    members = scope_members(races)
    return [race_id, *sorted(s for s, covered in members.items() if race_id in covered)]


def _text(row, column: str) -> str:
    value = row.get(column, "")
    return value.strip() if isinstance(value, str) else ""


def reported_label(row, races: RacesConfig | None = None) -> str:
    """What the figure measures, in words built from the row's own columns; a race total names
    the race (its title) or the scope (its description) from config/races.yml."""
    metric, spender, candidate = row["metric"], _text(row, "spender"), _text(row, "candidate")
    scope = (races or load_races()).scope_descriptions().get(row["race_id"], row["race_id"])
    stage = _STAGE_WORDS.get(_text(row, "count_stage"), "")
    labels = {
        "ie_support": f"Independent expenditures by {spender} supporting {candidate}",
        "ie_oppose": f"Independent expenditures by {spender} opposing {candidate}",
        "candidate_raised": f"Raised by {candidate}'s own campaign",
        "race_outside_spending_total": f"Outside spending by {spender}, {scope}",
        "race_outside_to_candidates_ratio": f"Outside spending by {spender} as a multiple of "
                                            f"what the candidates spent, {scope}",
        "race_ie_total": f"Independent expenditures, all spenders, {scope}",
        "race_contributions_total": f"Contributions to candidates, {scope}",
        "race_expenditures_total": f"Expenditures by candidates, {scope}",
        "votes": f"Votes for {candidate}, {stage}",
        "vote_share": f"Share of the vote for {candidate}, {stage}",
        "turnout_ballots": f"Ballots cast, {scope}",
        "turnout_percent": f"Turnout, {scope}",
    }  # fmt: skip
    if metric not in labels:
        raise ValueError(f"reported figure {row['figure_id']!r}: no label for metric {metric!r}")
    return labels[metric] + " (reported)"


def reported_source(row) -> str:
    """The publisher, and the article's title when the ledger records it."""
    source = _text(row, "source_publisher") or "reported figure"
    title = _text(row, "source_title")
    return f"{source}, “{title}”" if title else source


def reported_figure_fact(row, races: RacesConfig | None = None) -> Fact:
    """The fact for one ledger row: its amount, qualifier, source, as-of date and precision."""
    as_of = row["as_of"]
    return Fact(
        key=reported_key(row["figure_id"]),
        value=float(row["amount"]),
        unit=row["unit"],
        label=reported_label(row, races),
        dataset=DATASET,
        rows=[row["figure_id"]],
        source=reported_source(row),
        source_url=row["source_url"],
        as_of=pd.Timestamp(as_of).date().isoformat(),
        qualifier=row["qualifier"],
        note=_text(row, "note"),
        as_of_precision=row["as_of_precision"],
    )


def reported_facts(
    race_id: str, figures: pd.DataFrame | None = None, races: RacesConfig | None = None
) -> dict[str, dict]:
    """Facts (as loaded facts files give them) for every ledger row of the race's scopes.

    ``races`` defaults to config/races.yml; pass it with ``figures`` read against the same one.
    """
    races = races or load_races()
    figures = load_reported_figures(races=races) if figures is None else figures
    rows = figures[figures["race_id"].isin(scopes_for(race_id, races))]
    facts = {}
    for _, row in rows.sort_values(["race_id", "figure_id"]).iterrows():
        fact = reported_figure_fact(row, races)
        facts[fact.key] = {**asdict(fact), "notebook": ""}
    return facts


def race_facts(
    race_build: Path,
    race_id: str,
    figures: pd.DataFrame | None = None,
    races: RacesConfig | None = None,
) -> dict:
    """Everything a race's pages may quote: the notebooks' facts and the ledger's rows.

    A notebook may record a ``reported:`` key itself (through ``reported_figure_fact``); it must
    then agree with the ledger, or the build stops naming the key.
    """
    facts = facts_dir(race_build)
    notebook_facts = load_facts(facts) if facts.exists() else {}
    merged = dict(notebook_facts)
    for key, fact in reported_facts(race_id, figures, races).items():
        mine = notebook_facts.get(key)
        if mine is not None and (mine["value"], mine["as_of"]) != (fact["value"], fact["as_of"]):
            raise ValueError(f"fact {key!r} from notebook {mine['notebook']} disagrees with "
                             f"data/reference/reported_figures.csv row {fact['rows'][0]}")
        merged.setdefault(key, fact)
    return merged
