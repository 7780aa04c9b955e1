"""Dates and spans in newsroom (AP) style: "March 4, 2024", "Feb. 23", "Jan. 1–17, 2015".

One place for the month abbreviations, so prose, receipts, chart labels and coverage notes agree.
AP abbreviates Jan., Feb., Aug., Sept., Oct., Nov. and Dec. with a date; March through July are
spelled out. Ranges use an en dash.
"""

from __future__ import annotations

import datetime as dt

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
