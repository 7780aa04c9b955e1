"""The timeline none of the campaign-finance sites has: money and the endorsement fight together.

One long table (Altair charts export exactly one DataFrame): money points (reported totals or
running itemized totals) and events (endorsement actions, meetings, election dates), each row
keeping its source, so the chart and its CSV download carry the same receipts.
"""

from __future__ import annotations

import re
import textwrap

import pandas as pd

from helpers.analysis.facts import format_value
from helpers.apstyle import as_of_series

TIMELINE_COLUMNS = [
    "kind", "date", "date_precision", "date_text", "series", "amount", "qualifier", "label", "event_number", "day_numbers",
    "status", "source", "row_id", "annotation", "label_y", "align", "end_label",
]


def _precisions(frame: pd.DataFrame, column: str) -> list[str]:
    """Each row's date precision ('day' where the table has no such column or it is empty)."""
    if column not in frame:
        return ["day"] * len(frame)
    return [p if isinstance(p, str) and p else "day" for p in frame[column]]



def money_points_from_reported(reported: pd.DataFrame) -> pd.DataFrame:
    """Reported outside-spending totals as dated points, one series per spender and candidate."""
    if reported.empty:
        return pd.DataFrame(columns=TIMELINE_COLUMNS)
    return pd.DataFrame({
        "kind": "money",
        "date": pd.to_datetime(reported["as_of"]).dt.strftime("%Y-%m-%d"),
        "date_precision": _precisions(reported, "as_of_precision"),
        "date_text": as_of_series(reported["as_of"], _precisions(reported, "as_of_precision")),
        "series": reported["candidate"] + " (reported)",
        "amount": reported["amount"].astype(float),
        "qualifier": reported["qualifier"],
        "label": reported["spender"],
        "event_number": pd.NA,
        "day_numbers": "",
        "status": "reported",
        "source": reported["source_url"],
        "row_id": reported["figure_id"],
        "annotation": "", "label_y": pd.NA, "align": "", "end_label": "",
    })


def money_points_from_filings(cumulative: pd.DataFrame) -> pd.DataFrame:
    """Running totals of itemized independent expenditures, per committee, candidate and stance."""
    if cumulative.empty:
        return pd.DataFrame(columns=TIMELINE_COLUMNS)
    return pd.DataFrame({
        "kind": "money",
        "date": pd.to_datetime(cumulative["expenditure_date"]).dt.strftime("%Y-%m-%d"),
        "date_precision": "day",
        "date_text": as_of_series(cumulative["expenditure_date"]),
        "series": cumulative["candidate"] + " (" + cumulative["support_oppose"] + ")",
        "amount": cumulative["cumulative"].astype(float),
        "qualifier": "exact",
        "label": cumulative["committee_name"],
        "event_number": pd.NA,
        "day_numbers": "",
        "status": "filed",
        "source": "L.A. City Ethics Commission filings",
        "row_id": "",
        "annotation": "", "label_y": pd.NA, "align": "", "end_label": "",
    })


def event_rows(events: pd.DataFrame, start: str | None = None, end: str | None = None) -> pd.DataFrame:
    """Dated timeline events (from helpers.data.reference.timeline_events), numbered in date order.

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
        "date_precision": _precisions(kept, "date_precision"),
        "date_text": as_of_series(kept["date"], _precisions(kept, "date_precision")),
        "series": "",
        "amount": pd.NA,
        "qualifier": "",
        "label": kept["label"],
        "event_number": numbers,
        "day_numbers": day_numbers,
        "status": kept["status"],
        "source": kept["source_url"],
        "row_id": kept["event_id"].fillna(""),
        "annotation": "", "label_y": pd.NA, "align": "", "end_label": "",
    })


def timeline_money(ie: pd.DataFrame, reported: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """The money points a race's timeline draws and how to describe them: running totals of
    the race's itemized independent expenditures ``ie`` when there are any, else the
    ``reported`` totals (race_money.reported_for)."""
    if not ie.empty:
        from helpers.analysis.race_money import ie_cumulative

        return (money_points_from_filings(ie_cumulative(ie)),
                "running totals of itemized independent expenditures")
    return (money_points_from_reported(reported),
            "totals as reported on each date, not itemized filings")


def timeline_window(money: pd.DataFrame, primary_date) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The period a timeline shows: from 10 days before the first money point (or the primary,
    if earlier) to the day after the primary (or the last point); a month before the primary
    when there is no money."""
    primary = pd.Timestamp(primary_date)
    if money.empty:
        return primary - pd.Timedelta(days=30), primary + pd.Timedelta(days=1)
    start = min(pd.Timestamp(money["date"].min()), primary) - pd.Timedelta(days=10)
    end = max(pd.Timestamp(money["date"].max()), primary) + pd.Timedelta(days=1)
    return start, end


def timeline_table(money: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """Money points and events in one table, in date order."""
    frames = [f for f in (money, events) if not f.empty]
    if not frames:
        return pd.DataFrame(columns=TIMELINE_COLUMNS)
    table = pd.concat(frames, ignore_index=True)[TIMELINE_COLUMNS]
    return table.sort_values(["date", "kind", "event_number"], kind="stable").reset_index(drop=True)


# ---- events in words (issue 11: a reader should not have to look numbers up) ---------------

# Long names shortened for a label on a phone; an organisation's own acronym in parentheses
# ("Political Action Council of Educators (PACE)") stands for its name.
_SHORTER = [
    (re.compile(r"(?:[A-Z][\w.'’-]*|of|for|and|the)(?: (?:[A-Z][\w.'’-]*|of|for|and|the))*"
                r" \(([A-Z][A-Za-z]{1,9})\)"), r"\1"),
    (re.compile(r"\bLos Angeles County Federation of Labor\b"), "County labor federation"),
    (re.compile(r"\bBoard of Directors\b"), "board"),
    (re.compile(r"\bHouse of Representatives\b"), "House"),
]
# A decision about the candidate need not name them again: the chart is about their race.
_ACTIONS = [
    (re.compile(r" suspends campaign for .+$"), " suspends campaign"),
    (re.compile(r" rescinds endorsement of .+$"), " rescinds endorsement"),
    (re.compile(r" announces decision on .+$"), " announces decision"),
    (re.compile(r" to take up endorsement of .+?( \(scheduled\))?$"), r" to take up endorsement"),
    (re.compile(r"^Primary election day$", re.I), "Primary election"),
    (re.compile(r"^General election \(runoff\) day$", re.I), "Runoff election"),
]
# A phone's plot is about 250 px wide (320 px less the y axis); a 12 px character is at most
# about 7 px wide in the fonts phones fall back to. Labels are wrapped to the room they have.
PLOT_PX = 250
AXIS_PX = 55  # room left of the plot (the y axis) a right-aligned label may run into
CHAR_PX = 7.0
LINE_PX = 15
BLOCK_GAP_PX = 6


def short_event_label(label: str) -> str:
    """A timeline event said in a few words: "UTLA board suspends campaign"."""
    text = " ".join(str(label).split())
    for pattern, repl in _SHORTER + _ACTIONS:
        text = pattern.sub(repl, text)
    return text[:1].upper() + text[1:]


def annotate_events(events: pd.DataFrame, start: str, end: str,
                    plot_px: float = PLOT_PX) -> pd.DataFrame:
    """``event_rows`` output with each day's events written out, placed to be read on a phone.

    The first event of each day carries the day's ``annotation``: its events in words, lines
    broken to fit ("\\n" between lines). Days are stacked in date order from the top of a
    band above the plot, so no two overlap: ``label_y`` is the top of the day's text in px
    from the top of the plot (negative: above it). ``align`` says which side of the day's
    line the text goes: "left" (text to its right) or "right", whichever has more room on a
    ``plot_px`` wide plot; the text is wrapped to that room.
    """
    out = events.copy()
    if out.empty:
        return out
    t0, t1 = pd.Timestamp(start), pd.Timestamp(end)
    span = max((t1 - t0).total_seconds(), 1.0)
    days = list(dict.fromkeys(out["date"]))
    texts, aligns = {}, {}
    for day in days:
        frac = min(max((pd.Timestamp(day) - t0).total_seconds() / span, 0.0), 1.0)
        room_right_of_line = (1 - frac) * plot_px - 6
        room_left_of_line = frac * plot_px + AXIS_PX - 6
        aligns[day] = "left" if room_right_of_line >= room_left_of_line else "right"
        chars = max(10, int(max(room_right_of_line, room_left_of_line) // CHAR_PX))
        lines = []
        for label in out.loc[out["date"] == day, "label"]:
            lines += textwrap.wrap(short_event_label(label), chars,
                                   break_on_hyphens=False) or [""]
        texts[day] = lines
    height = sum(len(lines) * LINE_PX + BLOCK_GAP_PX for lines in texts.values())
    top, tops = -height - BLOCK_GAP_PX, {}
    for day in days:
        tops[day] = top
        top += len(texts[day]) * LINE_PX + BLOCK_GAP_PX
    first = ~out["date"].duplicated()
    out["annotation"] = [("\n".join(texts[d]) if f else "") for d, f in zip(out["date"], first,
                                                                           strict=False)]
    out["label_y"] = [tops[d] for d in out["date"]]
    out["align"] = [aligns[d] for d in out["date"]]
    return out


def money_text(amount: float, qualifier: str) -> str:
    """"more than $690,000", "about $661,000", "$520,493" (``facts.format_value``, whole dollars)."""
    return format_value(round(float(amount)), "usd", str(qualifier) or "exact")


def label_series_ends(money: pd.DataFrame) -> pd.DataFrame:
    """Money points with the last point of each series labelled in words (``end_label``):
    "Kahllid Al-Alim: more than $690,000", so the lines need no legend."""
    out = money.copy()
    if out.empty:
        return out
    out["end_label"] = ""
    last = out.sort_values("date", kind="stable").groupby("series").tail(1).index
    names = out.loc[last, "series"].str.replace(r"\s*\((?:reported|support|oppose)\)$", "",
                                                 regex=True)
    out.loc[last, "end_label"] = [f"{n}: {money_text(a, q)}" for n, a, q in zip(
        names, out.loc[last, "amount"], out.loc[last, "qualifier"], strict=False)]
    return out
