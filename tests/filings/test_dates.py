"""Strict date parsing: two-digit years by a documented pivot, impossible dates rejected."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers.data.filings.dates import parse_date, parse_date_array


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-02-23", dt.date(2024, 2, 23)),
        ("2024-02-23T00:00:00.000", dt.date(2024, 2, 23)),
        ("2/23/2024", dt.date(2024, 2, 23)),
        ("02/23/24", dt.date(2024, 2, 23)),
        ("01/15/09", dt.date(2009, 1, 15)),
        ("12/31/99", dt.date(1999, 12, 31)),
        ("3/4/24 12:00:00 AM", dt.date(2024, 3, 4)),
        ("2024-02-29", dt.date(2024, 2, 29)),
    ],
)
def test_accepted(text, expected):
    assert parse_date(text) == expected
    assert parse_date_array(pa.array([text]))[0][0] == np.datetime64(expected, "s")


@pytest.mark.parametrize(
    "text",
    [
        "02/30/2024",
        "2023-02-29",
        "13/01/2024",
        "00/10/2024",
        "2024-04-31",
        "02/29/09",
        "1899-12-31",
    ],
)
def test_impossible_dates_rejected(text):
    with pytest.raises(ValueError, match="impossible date"):
        parse_date(text)
    assert parse_date_array(pa.array([text]))[2][0]


@pytest.mark.parametrize("text", ["Feb 23 2024", "2024/02/23", "23.02.2024", "20240223", "x"])
def test_unreadable_dates_rejected(text):
    with pytest.raises(ValueError, match="unreadable date"):
        parse_date(text)


@given(st.dates(min_value=dt.date(1969, 1, 1), max_value=dt.date(2068, 12, 31)), st.integers(0, 3))
def test_valid_dates_round_trip(day, style):
    text = [
        day.isoformat(),
        f"{day.month}/{day.day}/{day.year}",
        f"{day.month:02d}/{day.day:02d}/{day.year % 100:02d}",
        f"{day.isoformat()}T00:00:00.000",
    ][style]
    assert parse_date(text) == day
    assert parse_date_array(pa.array([text]))[0][0] == np.datetime64(day, "s")


@given(st.integers(1900, 2100), st.integers(1, 12), st.integers(29, 40))
def test_day_beyond_month_end_is_rejected(year, month, day):
    try:
        dt.date(year, month, day)
    except ValueError:
        with pytest.raises(ValueError):
            parse_date(f"{year}-{month:02d}-{day:02d}")
        assert parse_date_array(pa.array([f"{month}/{day}/{year}"]))[2][0]


@given(st.text(alphabet="0123456789/-T: ", max_size=14))
def test_vectorised_matches_scalar(text):
    dates, missing, invalid = parse_date_array(pa.array([text]))
    try:
        expected = parse_date(text)
    except ValueError:
        assert invalid[0]
        return
    assert not invalid[0]
    if expected is None:
        assert missing[0]
    else:
        assert dates[0] == np.datetime64(expected, "s")


def test_excel_serial_numbers_are_dates():
    # 42735 days after 1899-12-30 (Excel's 1900 date system) is Dec. 31, 2016.
    assert parse_date("42735") == dt.date(1899, 12, 30) + dt.timedelta(days=42735)
    assert parse_date("42735.0") == dt.date(2016, 12, 31)
    values, missing, invalid = parse_date_array(pa.array(["42735", "4273", "2016-12-31"]))
    assert str(values[0])[:10] == "2016-12-31" == str(values[2])[:10]
    assert invalid.tolist() == [False, True, False] and not missing.any()
