"""Dates, times and spans in newsroom (AP) style: "March 4, 2024", "Feb. 23", "about Feb. 28, 2024",
"October 2024", "4:29 p.m. Nov. 21, 2024", "Jan. 1–17, 2015".

One place for the month abbreviations, so prose, receipts, chart labels and coverage notes agree.
AP abbreviates Jan., Feb., Aug., Sept., Oct., Nov. and Dec. with a date; March through July are
spelled out. Ranges use an en dash.
"""

from __future__ import annotations

import datetime as dt
import re

AP_MONTHS = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.",
             "Nov.", "Dec."]  # fmt: skip
DASH = "\u2013"


def as_date(value: dt.date | dt.datetime | str) -> dt.date:
    """A date from a date, a timestamp or ISO text ('2024-03-04' or '2024-03-04T00:00:00')."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if hasattr(value, "date") and callable(value.date):  # pandas Timestamp
        return value.date()
    return dt.date.fromisoformat(str(value)[:10])


MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December"]  # fmt: skip
PRECISIONS = ("day", "approximate", "month", "year", "unknown")


def ap_date(value, year: bool = True, precision: str = "day") -> str:
    """'March 4, 2024' (or 'March 4' with ``year=False``), saying no more than is known.

    ``precision`` is the dataset's own word for how well the date is known: 'approximate' gives
    'about Feb. 28, 2024', 'month' gives 'October 2024' (AP spells a month out without a day),
    'year' gives '2024' and 'unknown' gives 'date unknown'. A date is never shown as more exact
    than its row says.
    """
    if precision not in PRECISIONS:
        raise ValueError(f"unknown date precision {precision!r}: expected one of {PRECISIONS}")
    if precision == "unknown" or value is None or (isinstance(value, str) and not value.strip()):
        if precision != "unknown":
            raise ValueError(f"a date with precision {precision!r} has no value")
        return "date unknown"
    d = as_date(value)
    if precision == "year":
        return str(d.year)
    if precision == "month":
        return f"{MONTH_NAMES[d.month - 1]} {d.year}" if year else MONTH_NAMES[d.month - 1]
    day = f"{AP_MONTHS[d.month - 1]} {d.day}"
    text = f"{day}, {d.year}" if year else day
    return f"about {text}" if precision == "approximate" else text


def ap_span(begin, end) -> str:
    """'Feb. 18, 2024', 'Jan. 1–17, 2024', 'Jan. 1–Feb. 17, 2024', 'Dec. 20, 2023–Jan. 5, 2024'."""
    b, e = as_date(begin), as_date(end)
    if b == e:
        return ap_date(b)
    if b.year != e.year:
        return f"{ap_date(b)}{DASH}{ap_date(e)}"
    if b.month == e.month:
        return f"{ap_date(b, year=False)}{DASH}{e.day}, {e.year}"
    return f"{ap_date(b, year=False)}{DASH}{ap_date(e, year=False)}, {e.year}"


# ---- as-of dates as a reader sees them (facts, receipts, footers, tooltips) ---------------

_CLOCK = re.compile(r"^\d{4}-\d{2}-\d{2}[T ](\d{2}):(\d{2})")


def ap_time(hour: int, minute: int) -> str:
    """'4:29 p.m.', '5 p.m.', 'noon', 'midnight' (AP: no ':00', lower-case a.m./p.m.)."""
    if (hour, minute) == (12, 0):
        return "noon"
    if (hour, minute) == (0, 0):
        return "midnight"
    suffix = "a.m." if hour < 12 else "p.m."
    shown = hour % 12 or 12
    return f"{shown}:{minute:02d} {suffix}" if minute else f"{shown} {suffix}"


def as_of_text(value, precision: str = "day", year: bool = True, zone: str = "") -> str:
    """The as-of date of a fact or dataset in AP style, saying no more than ``precision``.

    A time stamp with a clock time (the registrar's '2024-11-21T16:29:49-08:00', as published,
    in the publisher's own time zone) reads '4:29 p.m. Nov. 21, 2024' (AP puts the time first);
    a time of exactly midnight is a date written as a time stamp and shows only the date.
    ``zone`` names the clock's time zone after the time ('7:36 a.m. UTC Dec. 3, 2026').
    """
    if isinstance(value, dt.date):  # a date, datetime or pandas Timestamp
        value = value.isoformat()
    text = "" if value is None else str(value).strip()
    clock = _CLOCK.match(text)
    day = ap_date(text[:10] if text else None, year=year, precision=precision)
    if precision != "day" or not clock:
        return day
    hour, minute = int(clock.group(1)), int(clock.group(2))
    if (hour, minute) == (0, 0):
        return day
    clock_words = f"{ap_time(hour, minute)} {zone}" if zone else ap_time(hour, minute)
    return f"{clock_words} {day}"


def as_of_series(dates, precisions=None, year: bool = True) -> list[str]:
    """``as_of_text`` for a column of dates and (optionally) the column of their precisions,
    for a chart's tooltip or data table: ['about Feb. 28, 2024', 'March 4, 2024', ...]."""
    dates = list(dates)
    words = list(precisions) if precisions is not None else ["day"] * len(dates)
    if len(words) != len(dates):
        raise ValueError(f"{len(dates)} dates but {len(words)} precisions")
    return [as_of_text(d, p if isinstance(p, str) and p else "day", year=year)
            for d, p in zip(dates, words, strict=True)]
