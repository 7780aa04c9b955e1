"""Money questions asked per race, of the cleaned filings and of the reported-figures ledger.

One small function per question (the Open Disclosure "calculator" idea), so each has a test:
whose outside money, for or against whom, how it grew, and who gave.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from helpers.apstyle import ap_span
from helpers.data.filings.names import normalise_name
from helpers.data.races import Race
from helpers.data.reference import queries

LOS_ANGELES = "LOS ANGELES"
GIFT_BUCKETS = [0, 100, 500, 1000, 5000, float("inf")]
GIFT_LABELS = ["Under $100", "$100–499", "$500–999", "$1,000–4,999", "$5,000 or more"]


def read_filings_table(build_dir: Path, name: str) -> pd.DataFrame:
    """A cleaned filings table, or an empty frame when the filings step produced none."""
    path = Path(build_dir) / "data" / "filings" / f"{name}.parquet"
    return pd.read_parquet(path) if path.exists() else pd.DataFrame()


def candidate_lookup(race: Race) -> dict[str, str]:
    """Normalised name variant -> display name, from the race's reviewed candidate list."""
    lookup: dict[str, str] = {}
    for cand in race.candidates:
        for variant in [cand.name, *cand.aliases]:
            key = normalise_name(variant)
            if key in lookup and lookup[key] != cand.name:
                raise ValueError(f"{variant!r} names two candidates in {race.id}")
            lookup[key] = cand.name
    return lookup


def rows_for_race(table: pd.DataFrame, race: Race) -> pd.DataFrame:
    """Rows naming one of the race's candidates (by reviewed name variants), with ``candidate``.

    A row filed for another election (its ``election_date`` is set and is not one of the race's
    ``filings.election_dates``) is left out, so a candidate who ran in two elections is not
    credited with the other race's money; a row without an election date is kept.
    """
    if table.empty or "candidate_name_norm" not in table:
        return table.assign(candidate=pd.Series(dtype="str"))
    lookup = candidate_lookup(race)
    names = table["candidate_name_norm"].astype("str").map(lookup)
    keep = names.notna()
    dates = race.filings.election_dates if race.filings else []
    if dates and "election_date" in table:
        when = pd.to_datetime(table["election_date"])
        keep &= when.isna() | when.dt.date.isin(dates)
    return table[keep].assign(candidate=names[keep])


def ie_totals(ie: pd.DataFrame) -> pd.DataFrame:
    """Independent expenditures by committee, candidate and stance; memo rows left out of sums."""
    counted = ie[ie["counts_in_totals"]]
    grouped = counted.groupby(["committee_name", "candidate", "support_oppose"], observed=True)
    out = grouped.agg(
        amount=("amount", "sum"),
        payments=("amount", "size"),
        first_date=("expenditure_date", "min"),
        last_date=("expenditure_date", "max"),
    ).reset_index()
    return out.sort_values(["amount", "committee_name"], ascending=[False, True]).reset_index(
        drop=True
    )


def ie_cumulative(ie: pd.DataFrame) -> pd.DataFrame:
    """Running total of outside spending per committee, candidate and stance, by date."""
    counted = ie[ie["counts_in_totals"]]
    daily = (
        counted.groupby(
            ["expenditure_date", "committee_name", "candidate", "support_oppose"], observed=True
        )["amount"]
        .sum()
        .reset_index()
        .sort_values("expenditure_date")
    )
    keys = ["committee_name", "candidate", "support_oppose"]
    daily["cumulative"] = daily.groupby(keys, observed=True)["amount"].cumsum()
    return daily.reset_index(drop=True)


def reported_for(figures: pd.DataFrame, race_id: str, metrics: list[str]) -> pd.DataFrame:
    """Every reported figure of these metrics for the race, oldest first
    (``reference.queries.reported_figures_for``; this name stays for the notebooks)."""
    return queries.reported_figures_for(figures, race_id, metrics)


def latest_reported(figures: pd.DataFrame, race_id: str, metrics: list[str]) -> pd.DataFrame:
    """The newest reported figure for each (metric, candidate)
    (``reference.queries.latest_per_candidate``; this name stays for the notebooks)."""
    return queries.latest_per_candidate(figures, race_id, metrics)


def donor_table(contributions: pd.DataFrame) -> pd.DataFrame:
    """Counted contributions with an ``in_los_angeles`` flag and a gift-size bucket."""
    counted = contributions[contributions["counts_in_totals"]].copy()
    city = counted["contributor_city"].astype("str").map(normalise_name)
    counted["in_los_angeles"] = city == LOS_ANGELES
    counted["gift_size"] = pd.cut(counted["amount"], GIFT_BUCKETS, labels=GIFT_LABELS, right=False)
    return counted


def top_donors(contributions: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """Largest givers by total counted amount (refunds net out), ties broken by name."""
    donors = donor_table(contributions)
    totals = (
        donors.groupby(["contributor_name", "candidate"], observed=True)
        .agg(
            amount=("amount", "sum"),
            gifts=("amount", "size"),
            in_los_angeles=("in_los_angeles", "first"),
        )
        .reset_index()
    )
    return totals.sort_values(["amount", "contributor_name"], ascending=[False, True]).head(n)


def filings_coverage(
    contributions: pd.DataFrame, ie: pd.DataFrame, expenditures: pd.DataFrame
) -> dict:
    """What a race's itemized filings cover and what they leave out, as numbers and one
    plain-words note. Every figure on a race page built from filings is only as complete as the
    statements behind it, so the page says which periods and committees the rows come from."""
    out = {"rows": len(contributions), "committees": 0, "period": None, "dates": None,
           "missing": [], "note": ""}  # fmt: skip
    if contributions.empty:
        out["missing"] = ["itemized contributions"]
        out["note"] = "No itemized contributions for this race are in the filings read."
        return out
    begins = contributions["period_begin"].dropna()
    ends = contributions["period_end"].dropna()
    dates = contributions["contribution_date"].dropna()
    out["committees"] = int(contributions["committee_name"].nunique())
    out["period"] = (begins.min(), ends.max()) if len(begins) and len(ends) else None
    out["dates"] = (dates.min(), dates.max()) if len(dates) else None
    if ie.empty:
        out["missing"].append("independent expenditures (outside spending)")
    if expenditures.empty:
        out["missing"].append("spending by the campaigns")
    statements = f"statements covering {ap_span(*out['period'])}" if out["period"] else "statements"
    gifts = f" (gifts dated {ap_span(*out['dates'])})" if out["dates"] else ""
    source = filings_source(contributions)[0] if "source_format" in contributions else ""
    note = (
        f"These figures come from {out['rows']:,} itemized contributions to "
        f"{out['committees']} campaign committee{'s' if out['committees'] != 1 else ''}, "
        f"reported in {statements}{gifts}. Money given before or after those periods, and "
        "statements not in the files read, are not counted."
        + (f" Source: {source}." if source else "")
    )
    if out["missing"]:
        note += " The filings read hold no " + " and no ".join(out["missing"]) + " for this race."
    out["note"] = note
    return out


# Where itemized rows come from, by the filings engine's source_format: the name a reader sees
# and the publisher's page for the receipt.
FILINGS_SOURCES = {
    "lacity_contributions": ("L.A. City Ethics Commission contributions (data.lacity.org)",
                             "https://data.lacity.org/d/m6g2-gc6c"),
    "lacity_expenditures": ("L.A. City Ethics Commission expenditures (data.lacity.org)",
                            "https://data.lacity.org/d/5mrt-4zhe"),
    "legacy_ethics": ("L.A. City Ethics Commission contribution search export (legacy site)",
                      "https://github.com/datadesk/django-la-city-campaign-finance"),
    "cal": ("California e-filing (CAL) export", "https://www.fppc.ca.gov/"),
}  # fmt: skip


def filings_source(rows: pd.DataFrame) -> tuple[str, str]:
    """(source name, publisher page) of itemized rows; several sources are named together."""
    formats = sorted(set(rows["source_format"].astype("str"))) if len(rows) else []
    known = [FILINGS_SOURCES[f] for f in formats if f in FILINGS_SOURCES]
    if not known:
        return "campaign filings", "https://ethics.lacity.gov/"
    return "; ".join(name for name, _ in known), known[0][1]


def raised_by_candidate(contributions: pd.DataFrame) -> pd.DataFrame:
    """Counted itemized contributions per candidate (refunds net out; loans net of repayments),
    largest first, with the number of gifts and the first and last gift dates."""
    counted = contributions[contributions["counts_in_totals"]]
    out = counted.groupby("candidate", observed=True).agg(
        amount=("amount", "sum"), gifts=("amount", "size"),
        first_date=("contribution_date", "min"), last_date=("contribution_date", "max"),
    ).reset_index()  # fmt: skip
    return out.sort_values(["amount", "candidate"], ascending=[False, True]).reset_index(drop=True)
