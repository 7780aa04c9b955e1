"""Questions the story asks of the reference data: who stood where when, what goes on a
timeline, and which reported figure is the newest."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import pandas as pd

from helpers.data.reference import vocab

DateLike = str | date | pd.Timestamp

_ACTION_ORDER = {action: i for i, action in enumerate(vocab.STANCE_BY_ACTION)}


def stance_on(
    events: pd.DataFrame,
    endorser: str,
    candidate: str,
    on_date: DateLike,
    statuses: Iterable[str] = ("confirmed",),
) -> str:
    """The endorser's stance on the candidate at the end of ``on_date``.

    Returns "endorsed", "suspended", "rescinded" or "none". The rules, so that the answer
    never rests on a guess:
    - only events whose status is in ``statuses`` count (confirmed only, by default);
    - an event dated D is in effect on D itself (votes held that night count that day);
    - a month-precision event counts only from the first day of the next month, the first
      day on which it had certainly happened;
    - an undated endorsement is the pair's starting point: sources report it as preceding
      every dated action, so it holds before the first dated event. It cannot say since
      when, so do not ask about dates before the campaign;
    - other undated actions cannot be placed in time and are ignored;
    - several actions in effect on one day apply in the order endorsed, suspended, rescinded.
    """
    day = pd.Timestamp(on_date).normalize()
    pair = events[
        (events["endorser"] == endorser)
        & (events["candidate"] == candidate)
        & events["status"].isin(list(statuses))
        & events["action"].isin(list(vocab.STANCE_BY_ACTION))
    ]
    undated = pair[pair["date"].isna()]
    dated = pair[pair["date"].notna()]
    dated = dated.assign(
        _at=dated["date"].where(
            dated["date_precision"] != "month", dated["date"] + pd.offsets.MonthBegin(1)
        )
    )
    baseline = undated[undated["action"] == "endorsed"].assign(_at=pd.Timestamp.min)
    steps = pd.concat([baseline, dated[dated["_at"] <= day]])
    if steps.empty:
        return "none"
    steps = steps.assign(_order=steps["action"].map(_ACTION_ORDER)).sort_values(["_at", "_order"])
    return vocab.STANCE_BY_ACTION[steps["action"].iloc[-1]]


_LABELS = {
    "endorsed": "{who} endorses {candidate}",
    "campaign_suspended": "{who} suspends campaign for {candidate}",
    "rescinded": "{who} rescinds endorsement of {candidate}",
    "meeting_scheduled": "{who} to take up endorsement of {candidate}",
    "announced": "{who} announces decision on {candidate}",
    "statement": "Statement by {who}",
    "no_endorsement": "{who} makes no endorsement",
}


# Within one day: the calendar first, then what leads to a decision, then the decision.
_SAME_DAY_ORDER = {
    action: rank
    for rank, action in enumerate(
        [
            "calendar",
            "statement",
            "meeting_scheduled",
            "endorsed",
            "campaign_suspended",
            "announced",
            "rescinded",
            "no_endorsement",
        ]
    )
}


def event_label(row: pd.Series) -> str:
    """A short timeline label: the acting body if known, else the endorser, and the action."""
    who = row["acting_body"] or row["endorser"] or row["candidate"]
    label = _LABELS[row["action"]].format(who=who, candidate=row["candidate"])
    label = label[0].upper() + label[1:]
    return label + " (scheduled)" if row["status"] == "scheduled" else label


def timeline_events(
    events: pd.DataFrame,
    race_id: str,
    statuses: Iterable[str] = ("confirmed", "scheduled"),
    calendar: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The race's dated events, oldest first, each with a short ``label``.

    Undated events cannot be placed on a timeline and are left out (list them separately);
    unverified and inferred events stay off by default. Scheduled meetings are kept and their
    label says "(scheduled)". Pass ``calendar`` to add the race's key dates (primary day, ...).
    Same-day rows follow ``_SAME_DAY_ORDER``, then file order.
    """
    rows = events[
        (events["race_id"] == race_id)
        & events["date"].notna()
        & events["status"].isin(list(statuses))
    ]
    out = rows.assign(label=[event_label(row) for _, row in rows.iterrows()])
    columns = ["date", "date_precision", "label", "event_id", "endorser", "candidate", "action"]
    out = out[[*columns, "status", "source_url"]]
    if calendar is not None:
        days = calendar[(calendar["race_id"] == race_id) & calendar["status"].isin(list(statuses))]
        out = pd.concat(
            [
                out,
                pd.DataFrame(
                    {
                        "date": days["date"],
                        "date_precision": "day",
                        "label": days["event"].map(vocab.CALENDAR_EVENTS).str.capitalize(),
                        "event_id": race_id + ":" + days["event"],
                        "endorser": "",
                        "candidate": "",
                        "action": "calendar",
                        "status": days["status"],
                        "source_url": days["source_url"],
                    }
                ),
            ]
        )
    out = out.assign(_rank=out["action"].map(_SAME_DAY_ORDER))
    out = out.sort_values(["date", "_rank"], kind="stable")
    return out.drop(columns="_rank").reset_index(drop=True)


def reported_figures_for(
    figures: pd.DataFrame, race_id: str, metric: str | Iterable[str] | None = None
) -> pd.DataFrame:
    """A race's (or scope's) reported figures, optionally of one metric or several, oldest
    first (ties by figure_id). The one place this question is answered; ``race_money``'s
    ``reported_for`` asks it here."""
    mask = figures["race_id"] == race_id
    if metric is not None:
        metrics = [metric] if isinstance(metric, str) else list(metric)
        mask &= figures["metric"].isin(metrics)
    return figures[mask].sort_values(["as_of", "figure_id"], kind="stable").reset_index(drop=True)


def latest_per_candidate(figures: pd.DataFrame, race_id: str, metrics: Iterable[str]) -> pd.DataFrame:
    """The newest reported figure for each (metric, candidate), largest amount first.

    Totals only grow, and a spender's label can change between articles ("Kids First" becomes
    "Kids First PACs and a charter schools PAC"), so figures are grouped on metric and
    candidate, not spender. Empty spender or candidate cells read as "".
    """
    rows = reported_figures_for(figures, race_id, list(metrics))
    if rows.empty:
        return rows
    rows = rows.assign(spender=rows["spender"].fillna(""), candidate=rows["candidate"].fillna(""))
    latest = rows.sort_values("as_of", kind="stable").groupby(
        ["metric", "candidate"], observed=True).tail(1)
    return latest.sort_values("amount", ascending=False).reset_index(drop=True)


def latest_reported(
    figures: pd.DataFrame,
    race_id: str,
    metric: str,
    spender: str | None = None,
    candidate: str | None = None,
) -> pd.Series | None:
    """The figure with the latest as_of for this race, metric and (optional) spender/candidate.

    Returns None when nothing matches. Raises ValueError when several figures share the latest
    as_of, because then the question is ambiguous: narrow it with spender or candidate.
    """
    rows = reported_figures_for(figures, race_id, metric)
    if spender is not None:
        rows = rows[rows["spender"] == spender]
    if candidate is not None:
        rows = rows[rows["candidate"] == candidate]
    if rows.empty:
        return None
    newest = rows[rows["as_of"] == rows["as_of"].max()]
    if len(newest) > 1:
        ids = ", ".join(newest["figure_id"])
        raise ValueError(f"several {metric} figures share the latest as_of in {race_id}: {ids}")
    return newest.iloc[0]
