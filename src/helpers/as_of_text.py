"""An as-of date as a reader sees it: AP style, never more exact than its row.

Facts, receipts and footers carry their as-of as data (ISO text, sometimes a registrar time
stamp with a clock time and offset) plus the row's precision word. This turns that pair into
copy: "March 4, 2024", "about Feb. 28, 2024", "October 2024", "4:29 p.m. Nov. 21, 2024".
Dates go through ``apstyle.ap_date`` so every page abbreviates months the same way.
"""

from __future__ import annotations

import datetime as dt
import re

from helpers.apstyle import ap_date

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
