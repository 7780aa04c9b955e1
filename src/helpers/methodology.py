"""Generated parts of the Methodology page: reconciliation and the filings row accounting.

Reconciliation puts the project's own totals beside every reported figure, with the
difference; where no itemized filings exist the row says "not computed" rather than
pretending to agree.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from helpers.facts import format_value
from helpers.tables import markdown_table

MONEY_METRICS = ["ie_support", "ie_oppose", "candidate_raised", "race_ie_total",
                 "race_contributions_total", "race_expenditures_total",
                 "race_outside_spending_total"]


def computed_ie_by_candidate(ie: pd.DataFrame) -> dict[tuple[str, str], float]:
    """(candidate, stance) -> counted itemized IE total, over every committee."""
    if ie.empty:
        return {}
    counted = ie[ie["counts_in_totals"]]
    sums = counted.groupby(["candidate", "support_oppose"], observed=True)["amount"].sum()
    return {(cand, stance): float(v) for (cand, stance), v in sums.items()}


def reconciliation_table(figures: pd.DataFrame, ie_by_race: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per latest reported money figure: reported, project total, difference."""
    rows = []
    money = figures[figures["metric"].isin(MONEY_METRICS)]
    latest = money.sort_values("as_of").groupby(
        ["race_id", "metric", "candidate"], observed=True, dropna=False).tail(1)
    for r in latest.sort_values(["race_id", "metric", "candidate"]).itertuples():
        stance = {"ie_support": "support", "ie_oppose": "oppose"}.get(r.metric)
        computed = None
        if stance and r.race_id in ie_by_race:
            computed = computed_ie_by_candidate(ie_by_race[r.race_id]).get((r.candidate, stance))
        reported = format_value(r.amount, "usd", r.qualifier)
        rows.append({
            "Race": r.race_id, "Figure": r.metric.replace("_", " "),
            "Spender / candidate": " / ".join(x for x in (r.spender, r.candidate) if x),
            "Reported": reported, "As of": pd.Timestamp(r.as_of).date().isoformat(),
            "Source": r.source_publisher,
            "Project total": "not computed: no itemized filings" if computed is None
            else format_value(computed, "usd"),
            "Difference": "" if computed is None else format_value(computed - r.amount, "usd"),
        })
    return pd.DataFrame(rows)


def accounting_markdown(accounting_path: Path) -> str:
    """The filings step's row accounting, as a sentence and a table."""
    if not accounting_path.exists():
        return "The filings step has not run.\n"
    acc = json.loads(accounting_path.read_text(encoding="utf-8"))
    t = acc["totals"]
    table = pd.DataFrame([
        {"Rows": "read from raw files", "Count": t["raw"]},
        {"Rows": "kept", "Count": t["kept"]},
        {"Rows": "superseded by a later amendment of the same filing", "Count": t["superseded"]},
        {"Rows": "24-hour reports covered by a later Form 460 of the same filer", "Count": t["covered_by_460"]},
        {"Rows": "rejected to quarantine (file, row, column, reason)", "Count": t["rejected"]},
    ])
    intro = (f"{len(acc.get('files', []))} raw filing files were read. "
             "The accounting must hold on every build: read = kept + superseded + covered + "
             "rejected; the build stops if it does not.\n\n")
    if t["raw"] == 0:
        intro = ("**No itemized filings are in the repository yet** (the build machines have no "
                 "network to download them), so every money figure on this site is a reported "
                 "figure. " + intro)
    return intro + markdown_table(table) + "\n"
