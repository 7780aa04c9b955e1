"""Compare totals computed from itemized filings with the figures the press and officials reported.

A reported figure is a check on the pipeline, not a replacement for it: this table shows both
numbers, the gap, and whether the computed number is consistent with how the source worded its
figure ("more than", "about", exact).
"""

from __future__ import annotations

import pandas as pd

KEYS = ["race_id", "metric", "spender", "candidate"]
COMPUTED_COLUMNS = [*KEYS, "amount", "as_of"]

# "about $661,000" accepts a computed value within this fraction of the reported one.
ABOUT_TOLERANCE = 0.05
# "exact" figures in dollars and cents: equal to the cent.
EXACT_TOLERANCE = 0.005


def reconcile(
    computed: pd.DataFrame,
    reported: pd.DataFrame,
    about_tolerance: float = ABOUT_TOLERANCE,
) -> pd.DataFrame:
    """One row per computed/reported pair sharing race_id, metric, spender and candidate.

    Keys must be spelled the same in both tables (map committee names to the ledger's spender
    labels through the reviewed crosswalk first). Reported figures for keys that ``computed``
    lacks are left out; computed rows with no reported twin are kept with empty reported
    columns, so nothing computed drops silently. Columns added:
    ``difference`` = computed - reported; ``pct_difference`` = difference / reported * 100;
    ``as_of_gap_days`` = computed as_of - reported as_of; ``consistent`` = whether the computed
    amount fits the source's qualifier (exact: equal to the cent; more_than: greater;
    about: within ``about_tolerance``); empty where there is no reported figure.
    """
    missing = [c for c in COMPUTED_COLUMNS if c not in computed.columns]
    if missing:
        raise ValueError(f"computed table lacks column(s): {', '.join(missing)}")
    left = computed[COMPUTED_COLUMNS].copy()
    left[["spender", "candidate"]] = left[["spender", "candidate"]].fillna("")
    left["amount"] = pd.to_numeric(left["amount"])
    left["as_of"] = pd.to_datetime(left["as_of"])
    right = reported[[*KEYS, "figure_id", "amount", "qualifier", "as_of", "unit"]]
    out = left.merge(right, on=KEYS, how="left", suffixes=("_computed", "_reported"))
    out["difference"] = out["amount_computed"] - out["amount_reported"]
    out["pct_difference"] = (
        out["difference"] / out["amount_reported"].where(out["amount_reported"] != 0) * 100
    )
    out["as_of_gap_days"] = (out["as_of_computed"] - out["as_of_reported"]).dt.days.astype("Int64")
    out["consistent"] = _consistent(out, about_tolerance)
    return out.sort_values([*KEYS, "as_of_reported"], kind="stable").reset_index(drop=True)


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
