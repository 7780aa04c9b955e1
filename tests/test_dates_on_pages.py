"""Every date a reader sees reads in AP style and no more exactly than its row knows it:
as-of words, chart captions, the footer on every page and the facts download."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

from helpers.apstyle import ap_time, as_of_text
from helpers.site.publish import facts_table
from helpers.site.race_page import chart_as_of
from helpers.site.site_build import data_as_of


@pytest.mark.parametrize(("value", "precision", "expected"), [
    ("2024-03-04", "day", "March 4, 2024"),
    ("2024-02-28", "approximate", "about Feb. 28, 2024"),
    ("2024-10-01", "month", "October 2024"),
    ("2024-09-25", "day", "Sept. 25, 2024"),
    ("2024-11-21T16:29:49-08:00", "day", "4:29 p.m. Nov. 21, 2024"),  # the feed's own clock
    ("2024-11-21 17:00:00", "day", "5 p.m. Nov. 21, 2024"),
    ("2024-03-04T00:00:00", "day", "March 4, 2024"),  # a date written as a time stamp
    ("2024-10-01T09:30:00", "month", "October 2024"),  # the month alone says no time
    (dt.date(2024, 5, 3), "day", "May 3, 2024"),  # never 'May. 3'
    (pd.Timestamp("2024-08-02 10:05"), "day", "10:05 a.m. Aug. 2, 2024"),
    (None, "unknown", "date unknown"),
])
def test_as_of_text(value, precision, expected):
    assert as_of_text(value, precision) == expected


def test_clock_words():
    assert [ap_time(0, 0), ap_time(12, 0), ap_time(9, 5), ap_time(23, 59)] == [
        "midnight", "noon", "9:05 a.m.", "11:59 p.m."]
    assert as_of_text("2026-12-03T07:36:41+00:00", zone="UTC") == "7:36 a.m. UTC Dec. 3, 2026"


def test_chart_caption_date():
    assert chart_as_of({"as_of": "2024-03-04"}) == "March 4, 2024"
    assert chart_as_of({"as_of": "2024-10-01", "as_of_precision": "month"}) == "October 2024"
    assert chart_as_of({"as_of": "about Feb. 28, 2024"}) == "about Feb. 28, 2024"


def test_footer_dates_keep_their_precision(tmp_path):
    reference = tmp_path / "data" / "reference"
    reference.mkdir(parents=True)
    (reference / "reported_figures.csv").write_text(
        "figure_id,as_of,as_of_precision\na,2024-03-04,day\nb,2024-10-01,month\n"
        "c,2024-02-28,approximate\n")
    (reference / "endorsement_events.csv").write_text(
        "event_id,date,date_precision\na,2024-09-25,day\nb,,unknown\n")
    results = tmp_path / "build" / "data"
    results.mkdir(parents=True)
    pd.DataFrame({"as_of": ["2024-11-05T20:36:34-08:00", "2024-11-21T16:29:49-08:00"]}).to_parquet(
        results / "results.parquet")
    assert dict(data_as_of(tmp_path)) == {
        "Registrar results feed": "4:29 p.m. Nov. 21, 2024",
        "Reported figures": "October 2024",
        "Endorsement events": "Sept. 25, 2024",
    }


def test_the_facts_download_carries_precision_and_ap_words(tmp_path):
    facts = tmp_path / "build" / "races" / "lausd-d1-2024" / "facts"
    facts.mkdir(parents=True)
    (facts / "05-results.json").write_text(json.dumps({"race_id": "lausd-d1-2024",
        "notebook": "05-results", "facts": {"runoff_votes_x": {
            "key": "runoff_votes_x", "value": 5, "unit": "votes", "label": "X",
            "dataset": "results", "rows": ["f#1"], "source": "R",
            "source_url": "https://results.lavote.gov/", "as_of": "2024-11-21T16:29:49-08:00",
            "qualifier": "exact", "note": "", "display": "5"}}}))  # fmt: skip
    table = facts_table(tmp_path, ["lausd-d1-2024"]).set_index("key")
    assert table.loc["runoff_votes_x", "as_of_text"] == "4:29 p.m. Nov. 21, 2024"
    approx = table.loc["reported:d1-2024-utla-ie-alalim-2024-02-28"]
    assert (approx["as_of"], approx["as_of_precision"], approx["as_of_text"]) == (
        "2024-02-28", "approximate", "about Feb. 28, 2024")


def test_a_column_of_dates_keeps_each_rows_precision():
    from helpers.apstyle import as_of_series

    rows = pd.DataFrame({"as_of": pd.to_datetime(["2024-02-23", "2024-02-28", "2024-10-01"]),
                         "as_of_precision": ["day", "approximate", "month"]})
    assert as_of_series(rows["as_of"], rows["as_of_precision"]) == [
        "Feb. 23, 2024", "about Feb. 28, 2024", "October 2024"]
    assert as_of_series(rows["as_of"], year=False)[0] == "Feb. 23"
    with pytest.raises(ValueError, match="3 dates but 1 precisions"):
        as_of_series(rows["as_of"], ["day"])
