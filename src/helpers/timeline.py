"""The timeline none of the campaign-finance sites has: money and the endorsement fight together.

One long table (Altair charts export exactly one DataFrame): money points (reported totals or
running itemized totals) and events (endorsement actions, meetings, election dates), each row
keeping its source, so the chart and its CSV download carry the same receipts.
"""

from __future__ import annotations

import pandas as pd

TIMELINE_COLUMNS = [
    "kind", "date", "series", "amount", "qualifier", "label", "event_number", "day_numbers",
    "status", "source", "row_id",
]


def money_points_from_reported(reported: pd.DataFrame) -> pd.DataFrame:
    """Reported outside-spending totals as dated points, one series per spender and candidate."""
    if reported.empty:
        return pd.DataFrame(columns=TIMELINE_COLUMNS)
    return pd.DataFrame({
        "kind": "money",
        "date": pd.to_datetime(reported["as_of"]).dt.strftime("%Y-%m-%d"),
        "series": reported["candidate"] + " (reported)",
        "amount": reported["amount"].astype(float),
        "qualifier": reported["qualifier"],
        "label": reported["spender"],
        "event_number": pd.NA,
        "day_numbers": "",
        "status": "reported",
        "source": reported["source_url"],
        "row_id": reported["figure_id"],
    })


def money_points_from_filings(cumulative: pd.DataFrame) -> pd.DataFrame:
    """Running totals of itemized independent expenditures, per committee, candidate and stance."""
    if cumulative.empty:
        return pd.DataFrame(columns=TIMELINE_COLUMNS)
    return pd.DataFrame({
        "kind": "money",
        "date": pd.to_datetime(cumulative["expenditure_date"]).dt.strftime("%Y-%m-%d"),
        "series": cumulative["candidate"] + " (" + cumulative["support_oppose"] + ")",
        "amount": cumulative["cumulative"].astype(float),
        "qualifier": "exact",
        "label": cumulative["committee_name"],
        "event_number": pd.NA,
        "day_numbers": "",
        "status": "filed",
        "source": "L.A. City Ethics Commission filings",
        "row_id": "",
    })


def event_rows(events: pd.DataFrame, start: str | None = None, end: str | None = None) -> pd.DataFrame:
    """Dated timeline events (from helpers.reference.timeline_events), numbered in date order.

    ``start``/``end`` keep the chart on the money's period; events outside it are still listed
    in the notebook's table.
    """
    if events.empty:
        return pd.DataFrame(columns=TIMELINE_COLUMNS)
    dates = pd.to_datetime(events["date"])
    keep = pd.Series(True, index=events.index)
    if start:
        keep &= dates >= pd.Timestamp(start)
    if end:
        keep &= dates <= pd.Timestamp(end)
    kept = events[keep].sort_values("date", kind="stable").reset_index(drop=True)
    numbers = pd.Series(range(1, len(kept) + 1))
    day = pd.to_datetime(kept["date"]).dt.strftime("%Y-%m-%d")
    # events on the same day share one label ("3, 4") so the numbers do not print on each other
    day_numbers = numbers.astype(str).groupby(day).transform(", ".join)
    return pd.DataFrame({
        "kind": "event",
        "date": pd.to_datetime(kept["date"]).dt.strftime("%Y-%m-%d"),
        "series": "",
        "amount": pd.NA,
        "qualifier": "",
        "label": kept["label"],
        "event_number": numbers,
        "day_numbers": day_numbers,
        "status": kept["status"],
        "source": kept["source_url"],
        "row_id": kept["event_id"].fillna(""),
    })


def timeline_table(money: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """Money points and events in one table, in date order."""
    frames = [f for f in (money, events) if not f.empty]
    if not frames:
        return pd.DataFrame(columns=TIMELINE_COLUMNS)
    table = pd.concat(frames, ignore_index=True)[TIMELINE_COLUMNS]
    return table.sort_values(["date", "kind", "event_number"], kind="stable").reset_index(drop=True)
