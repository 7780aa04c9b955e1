"""The tables and data-dependent sentences of notebooks 01-04 and 06, one function each.

Like the chart builders (helpers.analysis.chart_builders), each returns a ``Built`` (or a frame and a
``Built``) for ``ctx.show``: the words follow the data (how many rows, which dates, whether
the race has the data at all), so no notebook types a sentence that is true of one race only.
Dates read as AP writes them, no more exactly than the row knows ("about Feb. 28, 2024").
"""

from __future__ import annotations

import pandas as pd

from helpers.analysis import fact_keys
from helpers.analysis import race_money as rm
from helpers.analysis.chart_builders import Built, ap_iso, as_of_precision, reported_figure_fact
from helpers.analysis.facts import Fact
from helpers.apstyle import ap_date, as_of_series
from helpers.data.reference import stance_on
from helpers.tables import markdown_escape

# ---- 01-outside-money ------------------------------------------------------------------------


def reported_history_table(history: pd.DataFrame) -> Built:
    """Every reported outside-spending figure of the race, oldest first, with its as-of date."""
    if history.empty:
        return Built(text="No reported outside-spending figures for this race.")
    shown = history.assign(as_of=as_of_series(history["as_of"], history.get("as_of_precision")))
    shown = shown[["as_of", "spender", "candidate", "metric", "qualifier", "amount",
                   "source_publisher"]].rename(columns={
        "as_of": "As of", "spender": "Spender", "candidate": "Candidate", "metric": "Metric",
        "qualifier": "Qualifier", "amount": "Amount (USD)", "source_publisher": "Source"})
    return Built(table=shown)


# ---- 02-timeline -----------------------------------------------------------------------------

def timeline_summary(money: pd.DataFrame, money_note: str, drawn_events: pd.DataFrame,
                     start, end) -> str:
    """What the timeline is made of, in one sentence."""
    return (f"{len(money)} money points ({money_note}) and {len(drawn_events)} dated events "
            f"between {ap_date(start)} and {ap_date(end)}.")


CONFIRMED_DATE_ACTIONS = ("campaign_suspended", "rescinded")


def events_table(events: pd.DataFrame) -> Built:
    """The race's dated events with their sources; the dates of confirmed decisions (campaign
    suspended, endorsement rescinded) become facts the story can quote."""
    if events.empty:
        return Built(text="No dated endorsement events are recorded for this race.")
    table = events.assign(date=as_of_series(events["date"], events["date_precision"]))[
        ["date", "label", "status", "source_url"]].rename(
        columns={"date": "Date", "label": "Event", "status": "Status", "source_url": "Source"})
    facts = [
        Fact(key=fact_keys.event_date_key(r.action, str(r.endorser)),
             value=ap_date(r.date, precision=r.date_precision), unit="date", label=r.label,
             dataset="endorsement_events", rows=[r.event_id],
             source="endorsement events dataset", source_url=r.source_url,
             as_of=ap_iso(r.date), **as_of_precision(r.date_precision))
        for r in events.itertuples()
        if r.action in CONFIRMED_DATE_ACTIONS and r.status == "confirmed"
        and isinstance(r.event_id, str)
    ]
    return Built(table=table, facts=facts)


def calendar_gaps(calendar: pd.DataFrame, race_id: str) -> Built:
    """Which key dates of the race's primary are not in the election calendar, so not drawn
    (nothing to say for a race whose primary day is itself not in the calendar)."""
    known = set(calendar.loc[calendar["race_id"] == race_id, "event"])
    if "primary_election_day" not in known:
        return Built()
    if "vote_centers_open" in known:
        return Built()
    return Built(text="The day vote centers opened for in-person voting in the primary is not "
                 "yet in the election calendar with a source, so it is not drawn.")


# ---- 03-fundraising --------------------------------------------------------------------------

MONEY_COLUMNS = ["candidate", "money", "amount", "qualifier", "as_of", "source", "row_id",
                 "as_of_precision", "as_of_shown"]


def money_by_candidate(contributions: pd.DataFrame, ie: pd.DataFrame, figures: pd.DataFrame,
                       race_id: str) -> tuple[pd.DataFrame, Built]:
    """Each candidate's own money and the outside money for them, one row per kind: itemized
    when the race has filings, else the latest reported figure (recorded as a fact)."""
    rows, facts = [], []
    if not contributions.empty:
        counted = contributions[contributions["counts_in_totals"]]
        for cand, g in counted.groupby("candidate"):
            rows.append(_money_row(cand, "Own campaign", g["amount"].sum(), "exact",
                                   str(g["contribution_date"].max()), "filings", ""))
    else:
        for r in rm.latest_reported(figures, race_id, ["candidate_raised"]).itertuples():
            rows.append(_money_row(r.candidate, "Own campaign", r.amount, r.qualifier,
                                   ap_iso(r.as_of), r.source_url, r.figure_id,
                                   r.as_of_precision))
            facts.append(reported_figure_fact(fact_keys.raised_reported_key(r.candidate),
                                              r._asdict(),
                                              f"Raised by {r.candidate}'s own campaign (reported)"))
    if not ie.empty:
        support = rm.ie_totals(ie).query("support_oppose == 'support'")
        for cand, amount in support.groupby("candidate")["amount"].sum().items():
            rows.append(_money_row(cand, "Outside spending", amount, "exact",
                                   str(ie["expenditure_date"].max()), "filings", ""))
    else:
        for r in rm.latest_reported(figures, race_id, ["ie_support"]).itertuples():
            rows.append(_money_row(r.candidate, "Outside spending", r.amount, r.qualifier,
                                   ap_iso(r.as_of), r.source_url, r.figure_id,
                                   r.as_of_precision))
    money = pd.DataFrame(rows, columns=MONEY_COLUMNS)
    kinds = money.groupby("candidate")["money"].nunique()
    with_any, with_both = money["candidate"].nunique(), int((kinds == 2).sum())
    text = (f"{with_any} candidate{'s' if with_any != 1 else ''} {'have' if with_any != 1 else 'has'}"
            f" at least one figure; {with_both} {'have' if with_both != 1 else 'has'} both their "
            "own fundraising and outside money to compare.")
    return money, Built(text=text, facts=facts)


def _money_row(candidate, money, amount, qualifier, as_of, source, row_id, precision="day"):
    precision = precision if isinstance(precision, str) and precision else "day"
    return {"candidate": candidate, "money": money, "amount": amount, "qualifier": qualifier,
            "as_of": as_of, "source": source, "row_id": row_id, "as_of_precision": precision,
            "as_of_shown": ap_date(as_of, precision=precision)}


def money_table(money: pd.DataFrame) -> Built:
    """Every figure behind the comparison, with its date and source."""
    if money.empty:
        return Built(text="No fundraising or outside-spending figure for this race.")
    return Built(table=money[["candidate", "money", "amount", "qualifier", "as_of_shown",
                              "source", "row_id"]].rename(columns={
        "candidate": "Candidate", "money": "Money", "amount": "Amount (USD)",
        "qualifier": "Qualifier", "as_of_shown": "As of", "source": "Source",
        "row_id": "Row id"}))


# ---- 04-endorsements -------------------------------------------------------------------------

SHOWN_STATUSES = ["confirmed", "scheduled"]


def endorsement_window(race) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The three weeks before the primary, and primary day itself."""
    primary = pd.Timestamp(race.primary_date)
    return primary - pd.Timedelta(days=21), primary + pd.Timedelta(days=1)


def in_endorsement_window(events: pd.DataFrame, race) -> pd.Series:
    """Events drawn on the process chart: confirmed or scheduled, inside the window."""
    start, end = endorsement_window(race)
    return events["date"].between(start, end) & events["status"].isin(SHOWN_STATUSES)


def endorsement_summary(events: pd.DataFrame, race) -> str:
    """How many events the race has, and how many of them the chart draws."""
    start, end = endorsement_window(race)
    shown = int(in_endorsement_window(events, race).sum())
    return (f"{len(events)} endorsement events for this race: {shown} confirmed or scheduled "
            f"in the three weeks before the primary ({ap_date(start, year=False)} to "
            f"{ap_date(end)}), {int(events['date'].isna().sum())} without a known date, "
            f"{int((events['status'] == 'unverified').sum())} unverified and "
            f"{int((events['status'] == 'inferred').sum())} inferred.")


def stance_table(events: pd.DataFrame, race) -> Built:
    """Each endorser's stance on each candidate a month, 10 days and a day before the primary
    and on primary day, from confirmed events only."""
    primary = pd.Timestamp(race.primary_date)
    checkpoints = [primary - pd.Timedelta(days=30), primary - pd.Timedelta(days=10),
                   primary - pd.Timedelta(days=1), primary]
    rows = []
    for endorser in sorted(set(events["endorser"].dropna()) - {""}):
        for cand in sorted(set(events.loc[events["endorser"] == endorser, "candidate"].dropna())):
            rows.append({"Endorser": endorser, "Candidate": cand,
                         **{ap_date(d, year=False): stance_on(events, endorser, cand, d)
                            for d in checkpoints}})
    if not rows:
        return Built(text="No endorser is recorded for this race.")
    return Built(table=pd.DataFrame(rows),
                 after="Stances use confirmed events only; see the dataset's documentation for "
                       "how undated endorsements are read.")


def other_events_table(events: pd.DataFrame, race) -> Built:
    """The events the process chart leaves out: outside the window, undated, unverified or
    inferred, each with its note and source."""
    rest = events[~in_endorsement_window(events, race)]
    if rest.empty:
        return Built(text="None.")
    dates = [ap_date(d, precision=p if isinstance(p, str) and p else "day") if pd.notna(d)
             else "date unknown" for d, p in zip(rest["date"], rest["date_precision"],
                                                 strict=True)]
    table = rest.assign(date=dates)[["date", "endorser", "acting_body", "candidate", "action",
                                     "status", "note", "source_url"]]
    return Built(table=table.fillna("").rename(columns=str.capitalize))


# ---- 06-donors -------------------------------------------------------------------------------

def donors_note(contributions: pd.DataFrame, ie: pd.DataFrame, spending: pd.DataFrame,
                race) -> str:
    """What the donor analysis rests on, or that the race has no itemized contributions."""
    if contributions.empty:
        return (f"**No itemized contribution filings for {markdown_escape(race.short_title)} "
                "are in the repository yet**, so there is no donor analysis for this race. The "
                "filings pipeline (`make data`) reads L.A. City Ethics Commission exports placed "
                "in `data/raw/filings/`; see the Methodology page for how to fetch them.")
    return rm.filings_coverage(contributions, ie, spending)["note"]
