"""Every chart the notebooks draw, one function per chart, styled only by the theme.

A builder takes the race's data and returns a ``Built``: the chart, its metadata (title,
description for screen readers, source, as-of date), the columns of its data table, the facts
it records and the sentence said with it. The notebook only shows it (``ctx.show``), so a
reporter changes a title or a colour here or in ``theme.py``, and tests check each spec
without a kernel (tests/test_chart_builders.py). Where a race lacks the data, the builder
returns no chart and a sentence saying so.

The two shapes every chart is made of, read on a 375 px phone: ``labelled_bars`` (each bar
named in words above it, its value at its end) and ``labelled_dots`` (dated events in words).
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

import altair as alt
import pandas as pd

from helpers.analysis import fact_keys, theme
from helpers.analysis import race_money as rm
from helpers.analysis import results as res
from helpers.analysis.charts import ChartMeta
from helpers.analysis.election_words import Contest, number_word, pct, stage_label, stage_phrase
from helpers.analysis.facts import Fact, format_value
from helpers.analysis.timeline import annotate_events, label_series_ends, timeline_table
from helpers.apstyle import MONTH_NAMES, ap_date, as_of_series
from helpers.tables import markdown_escape

LABEL_CHARS = 40  # characters of a 12 px label line that fit a phone's column (about 300 px)
BOLD_CHAR_PX = 7.8  # the widest a bold 12 px character gets in the fonts phones fall back to
STANCE_OF_METRIC = {"ie_support": "support", "ie_oppose": "oppose"}
FILINGS_URL = "https://data.lacity.org/"
NO_CONTRIBUTIONS = "No itemized contributions for this race are in the filings read, so no {}."


@dataclass
class Built:
    """What one notebook cell shows, in order: ``text``, the chart, ``table``, ``after``.

    ``facts`` are recorded in the notebook's facts file; ``chart`` is None when the race lacks
    the data (``text`` then says so).
    """

    text: str = ""
    chart: alt.TopLevelMixin | None = None
    meta: ChartMeta | None = None
    table_columns: dict[str, str] | None = None
    table: pd.DataFrame | None = None
    facts: list[Fact] = field(default_factory=list)
    after: str = ""


# ---- the two phone-first shapes -------------------------------------------------------------

def wrap_label(text: str, chars: int = LABEL_CHARS) -> str:
    """A label broken into lines of at most ``chars`` characters ("\\n" between lines)."""
    return "\n".join(textwrap.wrap(" ".join(str(text).split()), chars,
                                   break_on_hyphens=False)) or str(text)


def labelled_bars(data: pd.DataFrame, *, value: str, label: str, value_label: str,
                  color: str | None = None, colors: dict[str, str] | None = None,
                  color_field: str | None = None, tooltip: list | None = None,
                  ) -> alt.LayerChart:
    """Horizontal bars that read on a phone: each bar's label on its own line(s) above it,
    its value written at its end; no axis and no legend to decode.

    Rows are drawn in the frame's order. ``label`` names what each bar is (wrap it with
    ``wrap_label``); colour only repeats what the label says (``colors`` maps the values of
    ``color_field`` to colours, else every bar is ``color``). The x scale keeps room right of
    the longest bar for the longest value label, at any width, so no value label is cut off.
    """
    vmax = float(data[value].max()) if len(data) else 1.0
    room = int(max((len(str(v)) for v in data[value_label]), default=4) * BOLD_CHAR_PX) + 10
    lines = max((str(t).count("\n") + 1 for t in data[label]), default=1)
    order = list(dict.fromkeys(data[label]))
    y = alt.Y(f"{label}:N", axis=None, sort=order,
              scale=alt.Scale(paddingInner=0, paddingOuter=0))
    x = alt.X(f"{value}:Q", axis=None, title=None, scale=alt.Scale(
        domain=[0, alt.ExprRef(f"{vmax or 1} * width / max(width - {room}, 40)")]))
    step = 15 * lines + 30  # label lines (15 px each), a gap, the 16 px bar, a gap
    bar_offset = step / 2 - 14  # from the band's centre to the bar's
    base = alt.Chart(data).encode(y=y, tooltip=tooltip or alt.Undefined)
    if colors and color_field:
        fill = alt.Color(f"{color_field}:N", legend=None,
                         scale=alt.Scale(domain=list(colors), range=list(colors.values())))
        bars = base.mark_bar(height=16, yOffset=bar_offset).encode(x=x, color=fill)
    else:
        bars = base.mark_bar(height=16, yOffset=bar_offset,
                             color=color or theme.PALETTE[0]).encode(x=x)
    names = base.mark_text(align="left", baseline="top", dy=4 - step / 2, x=0, lineBreak="\n",
                           lineHeight=15, limit=alt.ExprRef("width")).encode(text=f"{label}:N")
    values = base.mark_text(align="left", baseline="middle", dx=4, yOffset=bar_offset,
                            fontWeight="bold").encode(x=x, text=f"{value_label}:N")
    return alt.layer(bars, names, values, data=data).properties(height=alt.Step(step))


def labelled_dots(data: pd.DataFrame, *, date: str, label: str, filled: str,
                  domain: list[str] | None = None, tooltip: list | None = None,
                  color: str = theme.PALETTE[0]) -> alt.LayerChart:
    """Dated events as rows that read on a phone: each row says in words what happened, on
    its own line(s), above a dot at its date on a shared date axis.

    Rows are drawn in the frame's order (a ``row`` column numbers them). A dot is filled
    where the boolean column ``filled`` is true (it happened) and hollow where it is false
    (it was only scheduled); say so in the subtitle. The axis says dates as AP does (theme).
    """
    data = data.reset_index(drop=True).assign(row=lambda d: range(1, len(d) + 1))
    lines = max((str(t).count("\n") + 1 for t in data[label]), default=1)
    step = 15 * lines + 30
    dot_offset = step / 2 - 14
    y = alt.Y("row:O", axis=None, scale=alt.Scale(paddingInner=0, paddingOuter=0))
    x = alt.X(f"{date}:T", title=None,  # padding: a dot on the first or last day stays whole
              scale=alt.Scale(domain=domain or alt.Undefined, padding=10),
              axis=alt.Axis(format="%b %-d", tickCount=4, grid=True))
    base = alt.Chart(data).encode(y=y, tooltip=tooltip or alt.Undefined)
    guide = base.mark_rule(color=theme.GRID, yOffset=dot_offset).encode(
        x=alt.value(0), x2=alt.value("width"))
    dots = base.mark_point(size=90, filled=True, stroke=color, strokeWidth=2,
                           yOffset=dot_offset, color=color).encode(
        x=x, fill=alt.condition(f"datum['{filled}']", alt.value(color),
                                alt.value(theme.BACKGROUND)))
    names = base.mark_text(align="left", baseline="top", dy=4 - step / 2, x=0, lineBreak="\n",
                           lineHeight=15, limit=alt.ExprRef("width")).encode(text=f"{label}:N")
    return alt.layer(guide, dots, names, data=data).properties(height=alt.Step(step))


# ---- helpers the builders share --------------------------------------------------------------

def latest_precision(dates, precisions) -> str:
    """How well the latest date is known: 'day' if any row on it says so, else its own word."""
    frame = pd.DataFrame({"d": pd.to_datetime(pd.Series(list(dates))),
                          "p": list(precisions)})
    on_last = frame.loc[frame["d"] == frame["d"].max(), "p"]
    return "day" if (on_last == "day").any() or on_last.empty else str(on_last.iloc[0])


def filing_rows(rows: pd.DataFrame) -> list[str]:
    """The receipts of itemized rows: 'file:row' for each."""
    return [f"{f}:{n}" for f, n in zip(rows["source_file"], rows["source_row"], strict=True)]


def reported_figure_fact(key: str, row, label: str) -> Fact:
    """A fact from one row of the reported-figures ledger, carrying its qualifier and source."""
    source = row["source_publisher"] or "reported figure"
    if isinstance(row.get("source_title"), str) and row["source_title"]:
        source = f"{source}, “{row['source_title']}”"
    return Fact(key=key, value=float(row["amount"]), unit=row["unit"], label=label,
                dataset="reported_figures", rows=[row["figure_id"]], source=source,
                source_url=row["source_url"], as_of=ap_iso(row["as_of"]),
                qualifier=row["qualifier"],
                note=row["note"] if isinstance(row.get("note"), str) else "",
                **as_of_precision(row.get("as_of_precision")))


def as_of_precision(precision) -> dict:
    """A fact's ``as_of_precision`` keyword (how well its date is known), where facts.Fact
    carries one; 'day' when the row does not say."""
    if "as_of_precision" not in Fact.__dataclass_fields__:
        return {}
    return {"as_of_precision": precision if isinstance(precision, str) and precision else "day"}


def ap_iso(value) -> str:
    """ISO date text (a fact's as_of) from a Timestamp, date or string."""
    return pd.Timestamp(value).date().isoformat()


# ---- 01-outside-money ------------------------------------------------------------------------

def outside_money_chart(ie: pd.DataFrame, reported: pd.DataFrame, race) -> Built:
    """Outside spending by spender and candidate: itemized filings when the race has them,
    else the latest reported totals, else no chart and a sentence saying so."""
    if not ie.empty:
        return _outside_money_filed(ie)
    if not reported.empty:
        return _outside_money_reported(reported, race)
    return Built(text="There are no itemized independent-expenditure filings and no reported "
                 "outside-spending figures for this race in the repository, so this notebook "
                 "draws no outside-money chart.")


def _outside_money_filed(ie: pd.DataFrame) -> Built:
    totals = rm.ie_totals(ie)
    as_of = str(ie["expenditure_date"].max())
    drawn = totals.assign(label=totals["committee_name"] + " → " + totals["candidate"])
    drawn = drawn.sort_values("amount", ascending=False)
    drawn = drawn.assign(
        bar_label=[wrap_label(f"{c}, {s}ing {n}") for c, s, n in zip(
            drawn["committee_name"], drawn["support_oppose"], drawn["candidate"], strict=True)],
        shown=[format_value(a, "usd") for a in drawn["amount"].round()])
    bars = labelled_bars(drawn, value="amount", label="bar_label", value_label="shown",
                         color_field="support_oppose", colors=theme.STANCE_COLORS,
                         tooltip=["committee_name:N", "candidate:N", "support_oppose:N",
                                  alt.Tooltip("amount:Q", format="$,.2f")])
    meta = ChartMeta(
        name="outside-money", title="Outside spending by committee and candidate",
        subtitle="Itemized independent expenditures; memo rows excluded",
        description="Bar chart of independent expenditures: " + "; ".join(
            f"{r.committee_name} {r.support_oppose}ing {r.candidate} "
            f"{format_value(round(r.amount), 'usd')}" for r in totals.itertuples()) + ".",
        source="L.A. City Ethics Commission filings (cleaned)", as_of=as_of)
    facts = []
    for r in totals.itertuples():
        rows = ie[(ie["committee_name"] == r.committee_name) & (ie["candidate"] == r.candidate)
                  & (ie["support_oppose"] == r.support_oppose)]
        facts.append(Fact(
            key=fact_keys.ie_filed_key(r.support_oppose, r.candidate, r.committee_name),
            value=float(r.amount), unit="usd",
            label=f"Independent expenditures by {r.committee_name} to {r.support_oppose} "
                  f"{r.candidate}",
            dataset="independent_expenditures", rows=filing_rows(rows),
            source="L.A. City Ethics Commission filings", source_url=FILINGS_URL, as_of=as_of))
    text = f"Using **{len(ie):,} itemized independent-expenditure rows** from the cleaned filings."
    return Built(text=text, chart=bars, meta=meta, facts=facts)


def _outside_money_reported(reported: pd.DataFrame, race) -> Built:
    precision = reported.get("as_of_precision", pd.Series("day", index=reported.index))
    drawn = reported.assign(
        stance=reported["metric"].map(STANCE_OF_METRIC),
        as_of=reported["as_of"].dt.strftime("%Y-%m-%d"),
        as_of_shown=as_of_series(reported["as_of"], precision),
        as_of_precision=precision,
        reported=[format_value(a, "usd", q)
                  for q, a in zip(reported["qualifier"], reported["amount"], strict=True)],
        label=reported["spender"] + " → " + reported["candidate"],
    )
    drawn = drawn.assign(bar_label=[wrap_label(f"{s}, {t}ing {c}") for s, t, c in zip(
        drawn["spender"], drawn["stance"], drawn["candidate"], strict=True)])
    drawn = drawn[["label", "bar_label", "spender", "candidate", "stance", "amount", "qualifier",
                   "reported", "as_of", "as_of_shown", "source_publisher", "figure_id",
                   "as_of_precision"]].sort_values("amount", ascending=False)
    bars = labelled_bars(drawn, value="amount", label="bar_label", value_label="reported",
                         color_field="stance", colors=theme.STANCE_COLORS,
                         tooltip=["spender:N", "candidate:N", "reported:N",
                                  alt.Tooltip("as_of_shown:N", title="As of")])
    meta = ChartMeta(
        name="outside-money", title="Reported outside spending, by candidate",
        subtitle="Latest reported totals, not itemized filings",
        description="Bar chart of the latest reported independent expenditures in "
        + race.short_title + ": " + "; ".join(
            f"{r.spender} to {r.stance} {r.candidate}: {r.reported} as of {r.as_of_shown}"
            for r in drawn.itertuples()) + ".",
        source="reported figures: " + ", ".join(sorted(set(drawn["source_publisher"]))),
        as_of=max(drawn["as_of"]),
        as_of_precision=latest_precision(drawn["as_of"], drawn["as_of_precision"]))
    facts = []
    for r in reported.itertuples():
        stance = STANCE_OF_METRIC[r.metric]
        facts.append(reported_figure_fact(
            fact_keys.ie_reported_key(stance, r.candidate), r._asdict(),
            f"Reported independent expenditures by {r.spender} to {stance} {r.candidate}"))
    text = ("No itemized independent-expenditure filings for this race are in the repository "
            f"yet, so this notebook uses the **{len(reported)} latest reported totals** from "
            "the reported-figures ledger.")
    columns = {"label": "Spender → candidate", "stance": "Stance", "amount": "Amount (USD)",
               "reported": "As reported", "as_of_shown": "As of"}
    return Built(text=text, chart=bars, meta=meta, table_columns=columns, facts=facts)


# ---- 02-timeline -----------------------------------------------------------------------------

def timeline_chart(money: pd.DataFrame, events: pd.DataFrame, start: pd.Timestamp,
                   end: pd.Timestamp, money_note: str, race) -> Built:
    """Outside money over time with the endorsement events written beside their lines.

    Each money line is named at its end and each event said in words (helpers.analysis.timeline), so
    nothing is looked up in a legend; scheduled meetings are dashed.
    """
    if money.empty and events.empty:
        return Built(text="There is no outside-spending figure and no dated event for this "
                     "race in the repository, so there is no timeline to draw.")
    table = timeline_table(label_series_ends(money),
                           annotate_events(events, str(start.date()), str(end.date())))
    base = alt.Chart(table)
    x = alt.X("date:T", title=None, scale=alt.Scale(domain=[start.isoformat(), end.isoformat()]),
              axis=alt.Axis(format="%b %-d", tickCount=4))
    when = alt.Tooltip("date_text:N", title="Date")
    layers = []
    if not events.empty:
        events_only = base.transform_filter(alt.datum.kind == "event")
        layers.append(events_only.mark_rule(strokeWidth=1.5, color=theme.EVENT_RULE).encode(
            x=x, y=alt.Y("label_y:Q", scale=None), y2=alt.value("height"),
            strokeDash=alt.StrokeDash("status:N", legend=None, scale=alt.Scale(
                domain=["confirmed", "scheduled"], range=[[1, 0], [4, 3]])),
            tooltip=[when, "label:N", "status:N"]))
        for align, dx in (("left", 4), ("right", -4)):
            words = events_only.transform_filter(
                (alt.datum.align == align) & (alt.datum.annotation != "")).encode(
                x=x, y=alt.Y("label_y:Q", scale=None), text="annotation:N")
            style = dict(align=align, baseline="top", dx=dx, lineBreak="\n", lineHeight=15)
            layers.append(words.mark_text(**style, stroke=theme.HALO, strokeWidth=theme.HALO_PX,
                                          strokeJoin="round"))  # lines never run through words
            layers.append(words.mark_text(**style))
    if not money.empty:
        money_only = base.transform_filter(alt.datum.kind == "money")
        y = alt.Y("amount:Q", title="Outside spending to date",
                  axis=alt.Axis(format="$~s", tickCount=4),
                  scale=alt.Scale(domain=[0, float(money["amount"].max()) * 1.25], nice=False))
        lines = money_only.mark_line(point=True).encode(
            x=x, y=y, color=alt.Color("series:N", legend=None),
            tooltip=["series:N", "label:N", alt.Tooltip("amount:Q", format="$,.0f"),
                     "qualifier:N", when])
        style = dict(align="right", baseline="bottom", dx=-2, dy=-8, fontWeight="bold")
        names = money_only.transform_filter(alt.datum.end_label != "").mark_text(
            **style, stroke=theme.HALO, strokeWidth=theme.HALO_PX, strokeJoin="round").encode(
            x=x, y=y, text="end_label:N")
        layers.append(alt.layer(lines, names, names.mark_text(**style)))
    chart = alt.layer(*layers, data=table).resolve_scale(y="independent").properties(height=220)
    money_words = "; ".join(
        f"{r.series} {format_value(r.amount, 'usd', r.qualifier)} on {r.date_text}"
        for r in money.itertuples()) or "none"
    event_words = "; ".join(f"{r.event_number}. {r.date_text} {r.label} ({r.status})"
                            for r in events.itertuples()) or "none"
    meta = ChartMeta(
        name="money-and-endorsements-timeline",
        title="Outside money and the endorsement fight",
        subtitle="Each line is an event, named beside it; dashed lines were scheduled, not "
                 "confirmed as held",
        description=f"Timeline of {race.short_title} from {ap_date(start)} to {ap_date(end)}. "
                    f"Outside spending ({money_note}): {money_words}. Events: {event_words}.",
        source="reported-figures ledger and endorsement events, each row sourced (see the "
               "data table)",
        as_of=table["date"].max(),
        as_of_precision=latest_precision(table["date"], table["date_precision"]))
    columns = {"kind": "Kind", "date_text": "Date", "series": "Series", "amount": "Amount (USD)",
               "qualifier": "Qualifier", "label": "Spender or event", "status": "Status",
               "source": "Source", "row_id": "Row id"}
    return Built(chart=chart, meta=meta, table_columns=columns)


# ---- 03-fundraising --------------------------------------------------------------------------

def raised_chart(contributions: pd.DataFrame, ie: pd.DataFrame,
                 spending: pd.DataFrame) -> Built:
    """What each campaign raised, from itemized contributions; nothing when there are none."""
    if contributions.empty:
        return Built(text="No itemized contribution filings for this race are in the "
                     "repository, so there is no chart of what each campaign raised.")
    raised = rm.raised_by_candidate(contributions)
    source, source_url = rm.filings_source(contributions)
    as_of = raised["last_date"].max().date().isoformat()
    raised["shown"] = [f"${a:,.2f}" for a in raised["amount"]]
    bars = labelled_bars(raised, value="amount", label="candidate", value_label="shown",
                         tooltip=["candidate:N", "shown:N", "gifts:Q"])
    meta = ChartMeta(
        name="raised-by-candidate", title="What each campaign raised, as itemized",
        subtitle=f"Counted contributions in the filings read, through {ap_date(as_of)}",
        description="Bar chart of itemized contributions to each candidate's committee: "
        + "; ".join(f"{r.candidate} {r.shown} in {r.gifts} gifts" for r in raised.itertuples())
        + ".",
        source=source, as_of=as_of)
    facts = []
    for r in raised.itertuples():
        rows = contributions[(contributions["candidate"] == r.candidate)
                             & contributions["counts_in_totals"]]
        facts.append(Fact(
            key=fact_keys.raised_filed_key(r.candidate), value=round(float(r.amount), 2),
            unit="usd", label=f"Itemized contributions to {r.candidate}'s campaign",
            dataset="contributions", rows=filing_rows(rows), source=source,
            source_url=source_url, as_of=r.last_date.date().isoformat()))
    note = rm.filings_coverage(contributions, ie, spending)["note"]
    return Built(text=note, chart=bars, meta=meta, facts=facts)


def own_vs_outside_chart(money: pd.DataFrame, from_filings: bool) -> Built:
    """Each candidate's own fundraising beside outside spending for them, with the multiple.

    ``money`` is ``money_by_candidate`` output; only candidates with both kinds are drawn.
    """
    both = money.groupby("candidate")["money"].nunique()
    compared = money[money["candidate"].isin(both[both == 2].index)].reset_index(drop=True)
    if compared.empty:
        return Built(text="No candidate in this race has both a fundraising figure and an "
                     "outside-spending figure in the repository, so there is no comparison "
                     "to draw.")
    drawn = compared.assign(shown=[format_value(a, "usd", q) for q, a in zip(
        compared["qualifier"], compared["amount"].round(), strict=True)])
    drawn = drawn.sort_values(["candidate", "money"], kind="stable")
    drawn["bar_label"] = [wrap_label(f"{c}: {m.lower()}") for c, m in zip(
        drawn["candidate"], drawn["money"], strict=True)]
    bars = labelled_bars(drawn, value="amount", label="bar_label", value_label="shown",
                         color_field="money", colors=theme.MONEY_COLORS,
                         tooltip=["candidate:N", "money:N", "shown:N",
                                  alt.Tooltip("as_of_shown:N", title="As of")])
    meta = ChartMeta(
        name="own-money-vs-outside", title="What the campaign raised, and what outsiders spent",
        subtitle="Latest figure of each kind; dates differ, see the data table",
        description="Bar chart comparing each candidate's own fundraising with outside "
        "spending for them: " + "; ".join(
            f"{r.candidate}, {r.money.lower()}: {r.shown} as of {r.as_of_shown}"
            for r in drawn.itertuples()) + ".",
        source="L.A. City Ethics Commission filings" if from_filings
        else "reported-figures ledger",
        as_of=max(drawn["as_of"]),
        as_of_precision=latest_precision(drawn["as_of"], drawn["as_of_precision"]))
    facts, said = [], []
    for cand, g in compared.groupby("candidate"):
        own = g[g["money"] == "Own campaign"].iloc[0]
        outside = g[g["money"] != "Own campaign"].iloc[0]
        fact = ratio_fact(cand, own, outside, from_filings)
        facts.append(fact)
        dates = (f"both figures as of {own['as_of_shown']}"
                 if own["as_of_shown"] == outside["as_of_shown"]
                 else f"figures as of {outside['as_of_shown']} and {own['as_of_shown']}")
        said.append(f"For **{markdown_escape(cand)}**, outside money was **{fact.display}** "
                    f"what the campaign itself had raised ({dates}).")
    columns = {"candidate": "Candidate", "money": "Money", "amount": "Amount (USD)",
               "qualifier": "Qualifier", "as_of_shown": "As of", "source": "Source",
               "row_id": "Row id", "shown": "As reported"}
    return Built(chart=bars, meta=meta, table_columns=columns, facts=facts,
                 after="\n\n".join(said))


def ratio_fact(candidate: str, own: pd.Series, outside: pd.Series, from_filings: bool) -> Fact:
    """Outside money as a multiple of the campaign's own: 'more than' only when the outside
    figure is 'more than' and the campaign's is exact; 'about' when either is approximate."""
    qualifier = {("exact", "exact"): "exact", ("more_than", "exact"): "more_than"}.get(
        (outside["qualifier"], own["qualifier"]), "about")
    return Fact(
        key=fact_keys.outside_to_own_ratio_key(candidate),
        value=round(float(outside["amount"] / own["amount"]), 1), unit="ratio",
        label=f"Outside spending for {candidate} as a multiple of the campaign's own fundraising",
        dataset="filings" if from_filings else "reported_figures",
        rows=[own["row_id"] or "contributions", outside["row_id"] or "independent_expenditures"],
        source="computed from two sourced figures",
        source_url=outside["source"] if outside["source"].startswith("http") else FILINGS_URL,
        as_of=min(own["as_of"], outside["as_of"]), qualifier=qualifier,
        note=f"{outside['amount']:,.0f} / {own['amount']:,.0f}; the two figures have different "
             "as-of dates")


# ---- 04-endorsements -------------------------------------------------------------------------

def endorsement_process_chart(dated: pd.DataFrame, race) -> Built:
    """Who acted in the endorsement fight, and when: one row per event, said in words."""
    if dated.empty:
        return Built(text="No dated endorsement events are recorded for this race, so there is "
                     "no process chart.")
    who = dated["acting_body"].where(dated["acting_body"].fillna("") != "", dated["endorser"])
    who = who.fillna("").replace("", "Candidate")
    who = who.where(dated["endorser"].fillna("") != "", "Candidate statement")
    drawn = dated.assign(who=who, date=dated["date"].dt.strftime("%Y-%m-%d"),
                         action=dated["action"].str.replace("_", " "))
    drawn = drawn[["date", "who", "candidate", "action", "status", "event_id", "source_url",
                   "date_precision"]].reset_index(drop=True)
    drawn = drawn.sort_values("date", kind="stable").reset_index(drop=True)
    drawn["date_text"] = as_of_series(drawn["date"], drawn["date_precision"])
    drawn["event"] = [wrap_label(f"{c} statement" if w == "Candidate statement" else f"{w}: {a}")
                      for w, a, c in zip(drawn["who"], drawn["action"], drawn["candidate"],
                                         strict=True)]
    drawn["held"] = drawn["status"] == "confirmed"
    dots = labelled_dots(drawn, date="date", label="event", filled="held",
                         tooltip=[alt.Tooltip("date_text:N", title="Date"), "who:N",
                                  "candidate:N", "action:N", "status:N"])
    meta = ChartMeta(
        name="endorsement-process", title="Who acted, and when",
        subtitle="Filled dots happened; hollow dots were scheduled, not confirmed as held",
        description="Dot chart of endorsement events in " + race.short_title + ": " + "; ".join(
            f"{r.date_text}, {' '.join(r.event.split())} ({r.status})"
            for r in drawn.itertuples()) + ".",
        source="endorsement events dataset (each row cites a news report or union statement)",
        as_of=drawn["date"].max(),
        as_of_precision=latest_precision(drawn["date"], drawn["date_precision"]))
    columns = {"date_text": "Date", "who": "Who acted", "candidate": "Candidate",
               "action": "Action", "status": "Status", "event_id": "Event id",
               "source_url": "Source"}
    return Built(chart=dots, meta=meta, table_columns=columns)


# ---- 06-donors -------------------------------------------------------------------------------

def top_donors_chart(contributions: pd.DataFrame, n: int = 10) -> Built:
    """The largest donors to the candidates' own campaigns, with where they gave from."""
    if contributions.empty:
        return Built(text=NO_CONTRIBUTIONS.format("donor chart"))
    donors = rm.donor_table(contributions)
    source, _ = rm.filings_source(contributions)
    top = rm.top_donors(contributions, n=n).sort_values("amount", ascending=False)
    top = top.assign(
        donor=[wrap_label(f"{name} ({'city of Los Angeles' if la else 'outside the city'})")
               for name, la in zip(top["contributor_name"], top["in_los_angeles"], strict=True)],
        shown=[f"${a:,.0f}" for a in top["amount"]])
    bars = labelled_bars(top, value="amount", label="donor", value_label="shown",
                         tooltip=["contributor_name:N", "candidate:N",
                                  alt.Tooltip("amount:Q", format="$,.2f"), "gifts:Q"])
    meta = ChartMeta(
        name="top-donors", title="Largest donors", subtitle="Counted contributions, refunds netted",
        description=f"Bar chart of the {len(top)} largest donors: " + "; ".join(
            f"{r.contributor_name} ${r.amount:,.0f} to {r.candidate}" for r in top.itertuples())
        + ".",
        source=source, as_of=donors["contribution_date"].max().date().isoformat())
    return Built(chart=bars, meta=meta)


def gift_sizes_chart(contributions: pd.DataFrame) -> Built:
    """How many gifts of each size the campaigns took, each bar labelled with its count."""
    if contributions.empty:
        return Built(text=NO_CONTRIBUTIONS.format("gift sizes"))
    donors = rm.donor_table(contributions)
    source, _ = rm.filings_source(contributions)
    sizes = donors.groupby("gift_size", observed=False)["amount"].agg(["size", "sum"])
    sizes = sizes.reset_index().rename(columns={"size": "gifts", "sum": "amount"})
    sizes["gift_size"] = sizes["gift_size"].astype(str)
    sizes["shown"] = [f"{n:,} gift{'s' if n != 1 else ''}" for n in sizes["gifts"]]
    bars = labelled_bars(sizes, value="gifts", label="gift_size", value_label="shown",
                         tooltip=["gift_size:N", "gifts:Q",
                                  alt.Tooltip("amount:Q", format="$,.2f")])
    meta = ChartMeta(
        name="gift-sizes", title="How big the gifts were",
        subtitle="Number of counted contributions of each size",
        description="Bar chart of gifts by size: " + "; ".join(
            f"{r.gift_size}: {r.gifts} gifts" for r in sizes.itertuples()) + ".",
        source=source, as_of=donors["contribution_date"].max().date().isoformat())
    columns = {"gift_size": "Gift size", "gifts": "Gifts", "amount": "Amount (USD)"}
    return Built(chart=bars, meta=meta, table_columns=columns)


def donor_share_fact(contributions: pd.DataFrame) -> Built:
    """The share of counted contributions given from inside the city of Los Angeles."""
    if contributions.empty:
        return Built(text=NO_CONTRIBUTIONS.format("share to compute"))
    donors = rm.donor_table(contributions)
    source, source_url = rm.filings_source(contributions)
    share = donors.loc[donors["in_los_angeles"], "amount"].sum() / donors["amount"].sum() * 100
    fact = Fact(key=fact_keys.DONOR_SHARE_IN_LOS_ANGELES, value=round(float(share), 1),
                unit="percent",
                label="Share of counted contributions from the city of Los Angeles",
                dataset="contributions", rows=filing_rows(donors), source=source,
                source_url=source_url,
                as_of=donors["contribution_date"].max().date().isoformat())
    return Built(text=f"{fact.display} of the counted contributions came from donors in the "
                 "city of Los Angeles.", facts=[fact])


# ---- 05-results: the votes -------------------------------------------------------------------

def votes_chart(latest: pd.DataFrame, contest: Contest, stage: str, race) -> Built:
    """Votes and shares by candidate in the latest snapshot; none for a lone candidate (one bar
    says nothing the sentence does not)."""
    if len(latest) < 2:
        return Built(text=res.LONE_CANDIDATE, table=res.votes_table(latest))
    drawn = latest[["candidate", "votes", "share"]].assign(
        share_pct=lambda d: (d["share"] * 100).round(1))
    drawn["shown"] = [f"{v:,} ({pct(s)})" for v, s in zip(drawn["votes"], drawn["share"],
                                                            strict=True)]
    as_of = str(latest["as_of"].iloc[0])
    tooltip = [alt.Tooltip("candidate:N", title="Candidate"),
               alt.Tooltip("votes:Q", title="Votes", format=","),
               alt.Tooltip("share_pct:Q", title="Share (%)")]
    bars = labelled_bars(drawn, value="votes", label="candidate", value_label="shown",
                         tooltip=tooltip)
    meta = ChartMeta(
        name=f"{contest.key}-results",
        title=f"{contest.name[0].upper()}{contest.name[1:]} votes by candidate",
        subtitle=f"{stage_label(stage)} as of {ap_date(as_of)}: votes and each candidate's share",
        description=(f"Bar chart of votes counted in the {race.short_title} {contest.name} as of "
                     f"{res.when_text(as_of)}: " + "; ".join(
                         f"{r.candidate} {r.votes:,} votes ({pct(r.share)})"
                         for r in drawn.itertuples())
                     + f". This snapshot is {stage_phrase(stage, contest)}."),
        source=f"{res.REGISTRAR}, snapshot file {latest['source_file'].iloc[0]}",
        as_of=as_of,
    )
    return Built(chart=bars, meta=meta, table=res.votes_table(latest), table_columns={
        "candidate": "Candidate", "votes": "Votes", "share": "Share", "share_pct": "Share (%)"})


def count_chart(results: pd.DataFrame, contest: Contest, race) -> Built:
    """Votes per candidate at each snapshot, each line named at its end; none with < 2 snapshots."""
    if results.empty or results["snapshot_time"].nunique() < 2:
        return Built(text=res.NO_COUNT_OVER_TIME)
    moved = res.count_over_time(results)
    moved["when"] = moved["snapshot_time"].map(res.when_text)
    x = alt.X("snapshot_time:T", title="Feed time stamp", axis=alt.Axis(tickCount=4))
    y = alt.Y("votes:Q", title="Votes counted", axis=alt.Axis(format=",.0f", tickCount=4))
    color = alt.Color("candidate:N", legend=None)  # each line is named at its end
    lines = alt.Chart(moved).mark_line(point=True).encode(
        x=x, y=y, color=color, tooltip=[alt.Tooltip("candidate:N", title="Candidate"),
                                        alt.Tooltip("when:N", title="Time stamp (Pacific)"),
                                        alt.Tooltip("votes:Q", title="Votes", format=",")])
    ends = alt.Chart(moved).transform_window(
        rank="rank()", sort=[alt.SortField("snapshot_time", order="descending")],
        groupby=["candidate"]).transform_filter(alt.datum.rank == 1).mark_text(
        align="right", baseline="bottom", dx=-2, dy=-6).encode(x=x, y=y, color=color,
                                                                text="candidate:N")
    first, last = moved["snapshot_time"].min(), moved["snapshot_time"].max()
    meta = ChartMeta(
        name=f"{contest.key}-count-over-time",
        title="The count, snapshot by snapshot",
        description=(
            f"Line chart of votes counted for each candidate in the {race.short_title} "
            f"{contest.name} across {number_word(moved['snapshot_time'].nunique())} registrar "
            f"snapshots from {res.when_text(first)} to {res.when_text(last)}: " + "; ".join(
                f"{name} from {g['votes'].iloc[0]:,} to {g['votes'].iloc[-1]:,}"
                for name, g in moved.groupby("candidate", sort=True)) + "."),
        source=res.REGISTRAR,
        as_of=last,
    )
    return Built(chart=alt.layer(lines, ends, data=moved).properties(height=240), meta=meta,
                 table_columns={"candidate": "Candidate", "when": "Time stamp (Pacific)",
                                "votes": "Votes", "share": "Share"})


def primary_as_reported_chart(reported: pd.DataFrame, race) -> Built:
    """The primary as news outlets reported it, labelled as reported; none without figures."""
    drawn = res.reported_primary(reported, race)
    if drawn.empty:
        return Built(text=res.NO_REPORTED_PRIMARY)
    drawn["bar_label"] = [wrap_label(f"{c}, {s[0].lower() + s[1:]}")
                          for c, s in zip(drawn["candidate"], drawn["stage"], strict=True)]
    others = len(race.candidates) - drawn["candidate"].nunique()
    rest = f"; the other {number_word(others)} candidates are not shown" if others > 0 else ""
    month = MONTH_NAMES[race.primary_date.month - 1]
    bars = labelled_bars(drawn, value="amount", label="bar_label", value_label="shown",
                         tooltip=["candidate:N", "stage:N", "shown:N", "source_publisher:N"])
    meta = ChartMeta(
        name="primary-as-reported", title=f"The {month} primary, as reported",
        subtitle=f"Reported shares, not certified counts{rest}",
        description=(f"Bar chart of reported vote shares in the {race.short_title} primary of "
                     f"{ap_date(race.primary_date)}: " + "; ".join(
                         f"{r.candidate} {r.shown}, {r.stage[0].lower() + r.stage[1:]} "
                         f"({r.source_publisher})" for r in drawn.itertuples())
                     + ". These are news reports, not certified results."),
        source="reported figures: " + ", ".join(sorted(set(drawn["source_publisher"]))),
        as_of=pd.Timestamp(drawn["as_of"].max()).date().isoformat(),
        as_of_precision=latest_precision(drawn["as_of"], drawn["as_of_precision"]),
    )
    return Built(chart=bars, meta=meta, table_columns={"candidate": "Candidate", "stage": "Stage of the count",
                                   "amount": "Share (%)", "qualifier": "Qualifier",
                                   "shown": "As reported", "source_publisher": "Source",
                                   "figure_id": "Row id", "bar_label": "Label"})
