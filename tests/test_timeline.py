"""Timeline table: money and events share one frame, numbered and kept within the period."""

import pandas as pd

from helpers.analysis.timeline import event_rows, money_points_from_reported, timeline_table


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


# ---- events in words (issue 11: the real render's timeline showed "1", "2", "9, 10, 11") ----

def test_events_are_said_in_a_few_words():
    from helpers.analysis.timeline import short_event_label

    assert short_event_label("UTLA Board of Directors suspends campaign for Kahllid Al-Alim") \
        == "UTLA board suspends campaign"
    assert short_event_label("Political Action Council of Educators (PACE) to take up "
                             "endorsement of Kahllid Al-Alim (scheduled)") \
        == "PACE to take up endorsement"
    assert short_event_label("United Teachers Los Angeles (UTLA) announces decision on "
                             "Kahllid Al-Alim") == "UTLA announces decision"
    assert short_event_label("Los Angeles County Federation of Labor suspends campaign for "
                             "Kahllid Al-Alim") == "County labor federation suspends campaign"
    assert short_event_label("UTLA House of Representatives rescinds endorsement of "
                             "Kahllid Al-Alim") == "UTLA House rescinds endorsement"
    assert short_event_label("Primary election day") == "Primary election"
    # names that are not abbreviations stay whole (no guessed surnames)
    assert short_event_label("Statement by Sherlett Hendy Newbill") \
        == "Statement by Sherlett Hendy Newbill"


def test_annotations_are_words_stacked_without_overlap_and_kept_inside_the_chart():
    from helpers.analysis.timeline import AXIS_PX, CHAR_PX, LINE_PX, PLOT_PX, annotate_events

    evs = event_rows(events().assign(date=pd.to_datetime(
        ["2024-02-20", "2024-02-22", "2024-03-04", "2024-03-04"])), start="2024-02-13")
    out = annotate_events(evs, "2024-02-13", "2024-03-06")
    notes = out[out["annotation"] != ""]
    assert len(notes) == 3  # one per day: the two Mar. 4 events share one block
    assert not any(ch.isdigit() for text in notes["annotation"] for ch in text)
    assert notes["annotation"].tolist()[-1] == "Rescinded\nMeeting (scheduled)"
    tops = notes["label_y"].tolist()
    heights = [len(text.split("\n")) * LINE_PX for text in notes["annotation"]]
    assert all(y < 0 for y in tops)  # above the plot
    assert all(tops[i] + heights[i] <= tops[i + 1] for i in range(len(tops) - 1))
    assert tops[-1] + heights[-1] <= 0
    assert notes["align"].tolist() == ["left", "right", "right"]  # the side with more room
    t0, span = pd.Timestamp("2024-02-13"), (pd.Timestamp("2024-03-06") - pd.Timestamp(
        "2024-02-13")).total_seconds()
    for r in notes.itertuples():  # every line fits on its side of the line, on a phone
        frac = (pd.Timestamp(r.date) - t0).total_seconds() / span
        room = (1 - frac) * PLOT_PX - 6 if r.align == "left" else frac * PLOT_PX + AXIS_PX - 6
        assert max(len(line) for line in r.annotation.split("\n")) * CHAR_PX <= room
    assert out["label_y"].notna().all() and len(out) == len(evs)


def test_long_event_labels_wrap_to_the_room_they_have():
    from helpers.analysis.timeline import CHAR_PX, annotate_events

    evs = event_rows(pd.DataFrame({
        "date": pd.to_datetime(["2024-02-23"]), "status": ["confirmed"],
        "label": ["Los Angeles County Federation of Labor suspends campaign for Someone"],
        "source_url": ["https://x"], "event_id": ["e"]}))
    out = annotate_events(evs, "2024-02-13", "2024-03-06")
    lines = out["annotation"][0].split("\n")
    assert len(lines) >= 2
    assert not any(line.endswith("-") for line in lines)  # never "Al-" / "Alim"
    assert max(len(line) for line in lines) * CHAR_PX <= 250 * 0.55 + 55


def test_each_money_line_is_named_at_its_end():
    from helpers.analysis.timeline import label_series_ends

    money = label_series_ends(money_points_from_reported(reported()))
    assert money["end_label"].tolist() == ["", "Testa Uno: about $20"]
