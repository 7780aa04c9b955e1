"""Questions asked of the tidy results table."""

import pandas as pd

from helpers.results import candidate_key, count_over_time, latest_snapshot, with_display_names


def table():
    return pd.DataFrame({
        "snapshot_time": ["2024-11-05T20:36:34-08:00"] * 2 + ["2024-11-21T16:29:49-08:00"] * 2,
        "candidate_id": [1, 2, 1, 2],
        "candidate_name": ["TESTA A. UNO", "TESTB DOS"] * 2,
        "votes": [10, 30, 40, 35],
        "share": [0.25, 0.75, 40 / 75, 35 / 75],
    })


def test_latest_snapshot_puts_the_leader_first():
    latest = latest_snapshot(table())
    assert latest["votes"].tolist() == [40, 35]
    assert set(latest["snapshot_time"]) == {"2024-11-21T16:29:49-08:00"}


def test_display_names_come_from_the_config_and_unknown_ids_keep_the_feed_spelling():
    named = with_display_names(table(), {1: "Testa Uno"})
    assert named["candidate"].tolist() == ["Testa Uno", "Testb Dos", "Testa Uno", "Testb Dos"]
    assert named["candidate_name"].tolist()[0] == "TESTA A. UNO"


def test_count_over_time_is_in_time_order():
    moved = count_over_time(with_display_names(table(), {}))
    assert moved["snapshot_time"].is_monotonic_increasing and len(moved) == 4


def test_candidate_key_is_ascii_and_stable():
    assert candidate_key("Graciela \"Grace\" Ortiz") == "graciela-grace-ortiz"
    assert candidate_key("Kahllid Al-Alim") == "kahllid-al-alim"
    assert candidate_key("José Núñez") == "jose-nunez"
