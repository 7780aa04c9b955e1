"""AP-style dates, and the plain-words note on what a race's filings cover (hand-made rows)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from helpers.analysis.race_money import filings_coverage
from helpers.apstyle import ap_date, ap_span


def test_ap_dates():
    assert ap_date("2024-03-04") == "March 4, 2024"
    assert ap_date(dt.date(2024, 2, 23), year=False) == "Feb. 23"
    assert ap_date(pd.Timestamp("2024-09-05")) == "Sept. 5, 2024"
    assert ap_span("2015-01-01", "2015-01-17") == "Jan. 1\u201317, 2015"
    assert ap_span("2024-01-01", "2024-02-17") == "Jan. 1\u2013Feb. 17, 2024"
    assert ap_span("2023-12-20", "2024-01-05") == "Dec. 20, 2023\u2013Jan. 5, 2024"
    assert ap_span("2024-06-30", "2024-06-30") == "June 30, 2024"


def _contributions():
    ts = pd.Timestamp
    return pd.DataFrame({
        "committee_name": ["SYNTHETIC A for Board", "SYNTHETIC A for Board", "SYNTHETIC B 2015"],
        "source_format": ["legacy_ethics"] * 3,
        "period_begin": [ts("2015-01-01")] * 3,
        "period_end": [ts("2015-01-17"), ts("2015-01-17"), ts("2015-01-19")],
        "contribution_date": [ts("2015-01-02"), ts("2015-01-10"), ts("2015-01-08")],
    })  # fmt: skip


def test_coverage_note_says_what_the_filings_cover_and_miss():
    cov = filings_coverage(_contributions(), pd.DataFrame(), pd.DataFrame())
    assert (cov["rows"], cov["committees"]) == (3, 2)
    assert cov["note"] == (
        "These figures come from 3 itemized contributions to 2 campaign committees, reported in "
        "statements covering Jan. 1\u201319, 2015 (gifts dated Jan. 2\u201310, 2015). Money given "
        "before or after those periods, and statements not in the files read, are not counted. "
        "Source: L.A. City Ethics Commission contribution search export (legacy site). "
        "The filings read hold no independent expenditures (outside spending) and no spending "
        "by the campaigns for this race."
    )


def test_coverage_note_without_contributions():
    cov = filings_coverage(pd.DataFrame(), pd.DataFrame(), pd.DataFrame())
    assert cov["rows"] == 0 and cov["note"].startswith("No itemized contributions")


@pytest.mark.parametrize(
    ("value", "precision", "year", "expected"),
    [
        ("2024-02-28", "approximate", True, "about Feb. 28, 2024"),
        ("2024-02-28", "approximate", False, "about Feb. 28"),
        ("2024-10-01", "month", True, "October 2024"),
        ("2024-09-01", "month", True, "September 2024"),
        ("2024-10-01", "year", True, "2024"),
        ("", "unknown", True, "date unknown"),
        ("2024-03-04", "day", True, "March 4, 2024"),
        ("2026-05-03", "day", False, "May 3"),
    ],
)
def test_ap_date_never_shows_more_precision_than_known(value, precision, year, expected):
    assert ap_date(value, year=year, precision=precision) == expected


def test_ap_date_rejects_unknown_precision_words():
    with pytest.raises(ValueError, match="unknown date precision"):
        ap_date("2024-03-04", precision="roughly")
    with pytest.raises(ValueError, match="has no value"):
        ap_date("", precision="day")
