"""A date no filing could carry is a typo ("2099" for "2019"), not a transaction.

A statement reports what happened in its period. A transaction dated up to a year after the
period's end is accepted (``GRACE``: 366 days, so a late-itemised line or a leap year is not
flagged); one dated later is quarantined. A row without a period (a 24-hour Form 496/497, L.A.
City expenditures) is held to the build date: nothing filed can be dated after the day the build
runs. A period end or a report date after the build date is as impossible, and quarantined under
its own column. Election dates may lie ahead and are not checked.

Decided once per distinct date (``CodedDates``), then spread to rows by code: no per-row pass.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from helpers.data.filings.dates import CodedDates

GRACE = np.timedelta64(366, "D")


def build_day(today: dt.date | None = None) -> np.datetime64:
    """The build date (UTC) as datetime64[s]; ``today`` pins it (tests)."""
    day = today or dt.datetime.now(dt.UTC).date()
    return np.datetime64(day.isoformat(), "s")


def after(dates: CodedDates, day: np.datetime64) -> np.ndarray:
    """Rows whose date is later than ``day`` (missing and unreadable dates are not)."""
    late = np.zeros(len(dates.values), dtype=bool)
    valid = ~np.isnat(dates.values)
    late[valid] = dates.values[valid] > day
    return late[dates.codes]


def late_transactions(tran: CodedDates, period_end: CodedDates, day: np.datetime64) -> np.ndarray:
    """Rows dated after their period's end + ``GRACE``, or after ``day`` when they have none."""
    limit = period_end.values + GRACE  # NaT stays NaT
    limit = np.where(np.isnat(limit), day, limit)
    nt, ne = len(tran.values), len(limit)
    if nt * ne <= max(len(tran.codes), 1 << 20):  # decided once per pair of distinct dates
        late = ~np.isnat(tran.values)[:, None] & (tran.values[:, None] > limit[None, :])
        pair = tran.codes.astype(np.int32 if nt * ne < 2**31 else np.int64) * ne
        pair += period_end.codes
        return late.ravel()[pair]
    dated = tran.full()
    return ~np.isnat(dated) & (dated > limit[period_end.codes])


def why_late(raw: str, date: np.datetime64, period_end: np.datetime64) -> str:
    """The reason a reporter reads in the quarantine table (with the date as read when the cell
    spells it otherwise: a two-digit year, an Excel serial number)."""
    read = _iso(date)
    raw = repr(raw) if raw.strip().startswith(read) else f"{raw!r} (read as {read})"
    if np.isnat(period_end):
        return (f"transaction date {raw} is later than the day of the build and the row has "
                "no reporting period to hold it to: a date in the future is a typo (a mistyped "
                "year?); not counted")  # fmt: skip
    return (f"transaction date {raw} is more than a year after the end of the statement's "
            f"period ({_iso(period_end)}): no statement reports a transaction that late "
            "(a mistyped year?); not counted")  # fmt: skip


def why_after_build(label: str):
    """Reason for a period end or report date after the build date, as f(raw). The reasons do
    not print the build date: the quarantine of the same files must not change by the day."""
    return lambda raw: (
        f"{label} {raw!r} is later than the day of the build: no filing "
        "can be dated in the future (a mistyped year?)"
    )


def _iso(value: np.datetime64) -> str:
    return str(np.datetime64(value, "D"))
