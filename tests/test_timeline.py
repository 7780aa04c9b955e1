"""Timeline table: money and events share one frame, numbered and kept within the period."""

import pandas as pd

from helpers.timeline import event_rows, money_points_from_reported, timeline_table


def reported():
    return pd.DataFrame({
        "figure_id": ["f1", "f2"], "candidate": ["Testa Uno"] * 2, "spender": ["SYNTHETIC PAC"] * 2,
        "amount": [10.0, 20.0], "qualifier": ["more_than", "about"],
        "as_of": pd.to_datetime(["2024-02-23", "2024-03-04"]), "source_url": ["https://a", "https://b"],
    })


def events():
    return pd.DataFrame({
        "date": pd.to_datetime(["2022-10-01", "2024-02-22", "2024-03-04", "2024-02-27"]),
        "label": ["old post", "suspended", "rescinded", "meeting (scheduled)"],
        "status": ["confirmed", "confirmed", "confirmed", "scheduled"],
        "source_url": ["https://x"] * 4, "event_id": ["e0", "e1", "e2", "e3"],
    })


def test_events_outside_the_period_are_left_off_and_the_rest_numbered_by_date():
    rows = event_rows(events(), start="2024-01-01", end="2024-03-10")
    assert rows["label"].tolist() == ["suspended", "meeting (scheduled)", "rescinded"]
    assert rows["event_number"].tolist() == [1, 2, 3]
    assert rows["status"].tolist() == ["confirmed", "scheduled", "confirmed"]


def test_events_on_one_day_share_a_label():
    same_day = events().assign(date=pd.to_datetime(["2024-02-22", "2024-02-22", "2024-03-04",
                                                    "2024-02-23"]))
    rows = event_rows(same_day)
    assert rows["day_numbers"].tolist() == ["1, 2", "1, 2", "3", "4"]


def test_timeline_table_keeps_every_row_with_its_source():
    money = money_points_from_reported(reported())
    evs = event_rows(events(), start="2024-01-01")
    table = timeline_table(money, evs)
    assert len(table) == len(money) + len(evs) == 5
    assert table["date"].is_monotonic_increasing
    assert table["source"].str.startswith("https://").all()
    assert table.loc[table["kind"] == "money", "row_id"].tolist() == ["f1", "f2"]
    assert table.loc[table["kind"] == "money", "series"].unique().tolist() == ["Testa Uno (reported)"]


def test_empty_inputs_give_an_empty_table():
    empty = pd.DataFrame(columns=["figure_id"])
    assert timeline_table(money_points_from_reported(empty), event_rows(pd.DataFrame())).empty
