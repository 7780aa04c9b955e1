"""Reported figures against the project's own totals, computed once, as records with receipts.

A reported figure ("more than $690,000 as of March 4, 2024") is a check on the pipeline, not a
replacement for it. For every reported money figure this module computes the project's total
from the itemized independent expenditures dated on or before the figure's as-of date, the
rows behind it, the gap, and whether the total fits how the source worded its figure. The
analysis stage writes the records to build/analysis/reconciliation.json; the Methodology page
only renders them (helpers.site.methodology.reconciliation_markdown).

``python -m helpers.analysis.reconciliation --out build/analysis/reconciliation.json``
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

from helpers import paths
from helpers.analysis.race_money import read_filings_table, rows_for_race
from helpers.data.races import load_races
from helpers.data.reference.loaders import load_reported_figures
from helpers.io_atomic import atomic_write_text

KEYS = ["race_id", "metric", "spender", "candidate"]
COMPUTED_COLUMNS = [*KEYS, "amount", "as_of"]
MONEY_METRICS = ("ie_support", "ie_oppose", "candidate_raised", "race_ie_total",
                 "race_contributions_total", "race_expenditures_total",
                 "race_outside_spending_total")
STANCE_OF_METRIC = {"ie_support": "support", "ie_oppose": "oppose"}

# "about $661,000" accepts a computed value within this fraction of the reported one.
ABOUT_TOLERANCE = 0.05
# "exact" figures in dollars and cents: equal to the cent.
EXACT_TOLERANCE = 0.005


def reconcile(computed: pd.DataFrame, reported: pd.DataFrame,
              about_tolerance: float = ABOUT_TOLERANCE,
              keys: list[str] | None = None) -> pd.DataFrame:
    """One row per computed/reported pair sharing ``keys`` (race, metric, spender, candidate).

    Reported figures for keys that ``computed`` lacks are left out; computed rows with no
    reported twin are kept with empty reported columns, so nothing computed drops silently.
    Adds ``difference`` (computed - reported), ``pct_difference``, ``as_of_gap_days`` and
    ``consistent``: whether the computed amount fits the source's qualifier (exact: equal to
    the cent; more_than: greater; about: within ``about_tolerance``).
    """
    keys = keys or KEYS
    missing = [c for c in [*keys, "amount", "as_of"] if c not in computed.columns]
    if missing:
        raise ValueError(f"computed table lacks column(s): {', '.join(missing)}")
    left = computed[[*keys, "amount", "as_of"]].copy()
    text_keys = [k for k in ("spender", "candidate") if k in keys]
    left[text_keys] = left[text_keys].fillna("")
    left["amount"] = pd.to_numeric(left["amount"])
    left["as_of"] = pd.to_datetime(left["as_of"])
    right = reported[[*keys, "figure_id", "amount", "qualifier", "as_of", "unit"]]
    out = left.merge(right, on=keys, how="left", suffixes=("_computed", "_reported"))
    out["difference"] = out["amount_computed"] - out["amount_reported"]
    out["pct_difference"] = (
        out["difference"] / out["amount_reported"].where(out["amount_reported"] != 0) * 100
    )
    out["as_of_gap_days"] = (out["as_of_computed"] - out["as_of_reported"]).dt.days.astype("Int64")
    out["consistent"] = _consistent(out, about_tolerance)
    return out.sort_values([*keys, "as_of_reported"], kind="stable").reset_index(drop=True)


def _consistent(pairs: pd.DataFrame, about_tolerance: float) -> pd.Series:
    diff, reported = pairs["difference"], pairs["amount_reported"]
    verdict = pd.Series(pd.NA, index=pairs.index, dtype="boolean")
    rules = {
        "exact": diff.abs() < EXACT_TOLERANCE,
        "more_than": diff > 0,
        "about": diff.abs() <= about_tolerance * reported.abs(),
    }
    for qualifier, ok in rules.items():
        mask = pairs["qualifier"] == qualifier
        verdict[mask] = ok[mask]
    return verdict


def ie_total_through(ie: pd.DataFrame, candidate: str, stance: str, as_of) -> dict | None:
    """Counted itemized IEs for one candidate and stance dated on or before ``as_of``.

    Every committee's IEs count (a reported figure names its spender loosely: "Kids First PACs
    and a charter schools PAC"); memo rows and rows the cleaning rules set aside do not. Returns
    None when the race has no itemized IE rows at all, so a missing total is never shown as $0.
    """
    if ie.empty:
        return None
    when = pd.to_datetime(ie["expenditure_date"])
    mask = (ie["counts_in_totals"] & (ie["candidate"] == candidate)
            & (ie["support_oppose"] == stance) & (when <= pd.Timestamp(as_of)))
    rows = ie[mask].sort_values(["source_file", "source_row"], kind="stable")
    return {
        "amount": round(float(rows["amount"].sum()), 2),
        "dataset": "independent_expenditures",
        "rows": [f"{f}:{r}" for f, r in zip(rows["source_file"], rows["source_row"], strict=True)],
        "through": pd.Timestamp(as_of).date().isoformat(),
    }


def reconciliation_records(reported: pd.DataFrame, ie_by_race: dict[str, pd.DataFrame]) -> list[dict]:
    """One record per reported money figure: the figure, the project's total with its rows, the gap.

    ``computed`` is None with a ``why`` when the project cannot compute the figure (no itemized
    filings for the race, or a metric the filings do not measure yet).
    """
    records = []
    money = reported[reported["metric"].isin(MONEY_METRICS)]
    for r in money.sort_values(["race_id", "metric", "candidate", "as_of"], kind="stable").itertuples():
        stance = STANCE_OF_METRIC.get(r.metric)
        computed, why = None, ""
        if r.race_id not in ie_by_race or ie_by_race[r.race_id].empty:
            why = "not computed: no itemized filings for this race in the data"
        elif stance is None:
            why = "not computed: the project does not total this measure from filings yet"
        else:
            computed = ie_total_through(ie_by_race[r.race_id], r.candidate, stance, r.as_of)
        record = {
            "figure_id": r.figure_id, "race_id": r.race_id, "metric": r.metric,
            "spender": r.spender or "", "candidate": r.candidate or "",
            "reported": {
                "amount": float(r.amount), "unit": r.unit, "qualifier": r.qualifier,
                "as_of": pd.Timestamp(r.as_of).date().isoformat(),
                "as_of_precision": r.as_of_precision,
                "source_publisher": r.source_publisher, "source_url": r.source_url,
            },
            "computed": computed, "why_not_computed": why,
            "difference": None, "consistent": None,
        }
        if computed is not None:
            pair = reconcile(
                pd.DataFrame([{"race_id": r.race_id, "metric": r.metric, "candidate": r.candidate,
                               "amount": computed["amount"], "as_of": r.as_of}]),
                money[money["figure_id"] == r.figure_id], keys=["race_id", "metric", "candidate"])
            record["difference"] = round(float(pair["difference"].iloc[0]), 2)
            verdict = pair["consistent"].iloc[0]
            record["consistent"] = None if pd.isna(verdict) else bool(verdict)
        records.append(record)
    return records


def build(root: Path, out: Path) -> list[dict]:
    """Compute the records for every configured race and write them (bytes stable across runs)."""
    layout = paths.Layout(root)
    config = load_races(layout.races_config)
    ie_all = read_filings_table(layout.build, "independent_expenditures")
    ie_by_race = {race.id: rows_for_race(ie_all, race) for race in config.races}
    records = reconciliation_records(load_reported_figures(), ie_by_race)
    atomic_write_text(out, json.dumps({"records": records}, indent=2, sort_keys=True) + "\n")
    return records


def load_records(path: Path) -> list[dict]:
    """The records the analysis stage wrote; an empty list when it has not run."""
    return json.loads(path.read_text(encoding="utf-8"))["records"] if path.exists() else []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers.analysis.reconciliation", description=__doc__)
    parser.add_argument("--out", type=Path, default=paths.LAYOUT.reconciliation)
    args = parser.parse_args(argv)
    records = build(paths.project_root(), args.out)
    computed = sum(r["computed"] is not None for r in records)
    print(f"reconciliation: {len(records)} reported figures, {computed} with a project total",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
