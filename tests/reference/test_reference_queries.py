"""stance_on, timeline_events, reported_figures_for and latest_reported.

The expectations on the committed data come from the research file
(/work/shared/research/lausd-d1-2024-facts.md), not from the code: UTLA endorsed Al-Alim early,
its Board suspended the campaign on Feb. 22, its House of Representatives rescinded on March 4;
the County Federation of Labor suspended on Feb. 23 and a formal withdrawal is unverified.
"""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.data.reference import (
    latest_reported,
    load_election_calendar,
    load_endorsement_events,
    load_reported_figures,
    reported_figures_for,
    stance_on,
    timeline_events,
)

UTLA = "United Teachers Los Angeles (UTLA)"
FED = "Los Angeles County Federation of Labor"
DSA = "DSA-LA (Democratic Socialists of America, Los Angeles)"
AL_ALIM = "Kahllid Al-Alim"
D1 = "lausd-d1-2024"


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    return load_endorsement_events()


@pytest.fixture(scope="module")
def figures() -> pd.DataFrame:
    return load_reported_figures()


@pytest.mark.parametrize(
    ("on_date", "expected"),
    [
        ("2024-02-01", "endorsed"),
        ("2024-02-21", "endorsed"),
        ("2024-02-22", "suspended"),  # the Board voted that night
        ("2024-02-25", "suspended"),
        ("2024-03-03", "suspended"),
        ("2024-03-04", "rescinded"),  # the House voted that night
        ("2024-03-05", "rescinded"),
        ("2024-11-05", "rescinded"),
    ],
)
def test_utla_stance_on_al_alim(events, on_date, expected):
    assert stance_on(events, UTLA, AL_ALIM, on_date) == expected


@pytest.mark.parametrize(
    ("endorser", "on_date", "expected"),
    [
        (FED, "2024-02-22", "endorsed"),
        (FED, "2024-02-23", "suspended"),
        (FED, "2024-03-05", "suspended"),  # the formal withdrawal is unverified
        (DSA, "2024-03-05", "endorsed"),
        ("Nobody", "2024-03-05", "none"),
    ],
)
def test_other_endorsers_stance_on_al_alim(events, endorser, on_date, expected):
    assert stance_on(events, endorser, AL_ALIM, on_date) == expected


def test_stance_accepts_date_types(events):
    assert stance_on(events, UTLA, AL_ALIM, pd.Timestamp("2024-02-25 23:00")) == "suspended"
    assert stance_on(events, UTLA, AL_ALIM, pd.Timestamp("2024-02-25").date()) == "suspended"


def test_stance_on_a_candidate_the_endorser_never_touched(events):
    assert stance_on(events, UTLA, "Sherlett Hendy Newbill", "2024-03-05") == "none"


def _events(*rows: tuple[str, str, str, str]) -> pd.DataFrame:
    """(action, date or "", date_precision, status) rows for one endorser and candidate."""
    frame = pd.DataFrame(rows, columns=["action", "date", "date_precision", "status"])
    return frame.assign(
        endorser="E",
        candidate="C",
        date=pd.to_datetime(frame["date"].replace("", None)).astype("datetime64[ns]"),
    )


def test_undated_actions_other_than_endorsement_are_ignored():
    events = _events(
        ("endorsed", "", "unknown", "confirmed"),
        ("rescinded", "", "unknown", "confirmed"),
    )
    assert stance_on(events, "E", "C", "2024-03-01") == "endorsed"


def test_unverified_events_count_only_when_asked():
    events = _events(
        ("endorsed", "2024-01-10", "day", "confirmed"),
        ("rescinded", "2024-02-10", "day", "unverified"),
    )
    assert stance_on(events, "E", "C", "2024-03-01") == "endorsed"
    assert stance_on(events, "E", "C", "2024-03-01", statuses=("confirmed", "unverified")) == (
        "rescinded"
    )


def test_month_precision_counts_from_the_next_month():
    events = _events(("endorsed", "2024-02-01", "month", "confirmed"))
    assert stance_on(events, "E", "C", "2024-02-29") == "none"
    assert stance_on(events, "E", "C", "2024-03-01") == "endorsed"


def test_same_day_actions_apply_in_order_whatever_the_file_order():
    events = _events(
        ("rescinded", "2024-02-10", "day", "confirmed"),
        ("endorsed", "2024-02-10", "day", "confirmed"),
    )
    assert stance_on(events, "E", "C", "2024-02-09") == "none"
    assert stance_on(events, "E", "C", "2024-02-10") == "rescinded"


def test_dated_endorsement_counts_only_from_its_date():
    events = _events(("endorsed", "2024-01-10", "day", "confirmed"))
    assert stance_on(events, "E", "C", "2024-01-09") == "none"
    assert stance_on(events, "E", "C", "2024-01-10") == "endorsed"


def test_d1_timeline(events):
    timeline = timeline_events(events, D1)
    assert timeline["date"].is_monotonic_increasing
    assert timeline["date"].notna().all()
    assert set(timeline["status"]) == {"confirmed", "scheduled"}
    ids = timeline["event_id"].tolist()
    # undated, unverified and inferred events stay off the timeline
    for absent in (
        "d1-2024-utla-endorse",
        "d1-2024-lafed-withdraw",
        "d1-2024-utla-runoff-no-endorsement",
    ):
        assert absent not in ids
    assert ids[:3] == ["d1-2024-alalim-x-post", "d1-2024-alalim-apology", "d1-2024-utla-suspend"]
    # on March 4 the scheduled meetings come before the House's vote
    march4 = timeline[timeline["date"] == "2024-03-04"]
    assert march4["event_id"].tolist()[-1] == "d1-2024-utla-rescind"
    labels = dict(zip(timeline["event_id"], timeline["label"], strict=True))
    assert labels["d1-2024-utla-suspend"] == (
        "UTLA Board of Directors suspends campaign for Kahllid Al-Alim"
    )
    assert labels["d1-2024-utla-rescind"] == (
        "UTLA House of Representatives rescinds endorsement of Kahllid Al-Alim"
    )
    assert labels["d1-2024-utla-sched-pace"].endswith("(scheduled)")
    assert labels["d1-2024-alalim-apology"] == "Statement by Kahllid Al-Alim"


def test_timeline_with_calendar_adds_election_days(events):
    timeline = timeline_events(events, D1, calendar=load_election_calendar())
    days = timeline[timeline["action"] == "calendar"]
    assert days["date"].dt.strftime("%Y-%m-%d").tolist() == ["2024-03-05", "2024-11-05"]
    assert days["label"].tolist() == ["Primary election day", "General election (runoff) day"]
    assert timeline["date"].is_monotonic_increasing


def test_timeline_of_a_race_without_events_is_empty(events):
    timeline = timeline_events(events, "lausd-d7-2024")
    assert timeline.empty
    assert "label" in timeline.columns


def test_reported_figures_for(figures):
    d1_ie = reported_figures_for(figures, D1, "ie_support")
    assert len(d1_ie) == 6
    assert set(d1_ie["metric"]) == {"ie_support"}
    assert d1_ie["as_of"].is_monotonic_increasing
    everything = reported_figures_for(figures, D1)
    assert set(everything["race_id"]) == {D1}
    assert {"votes", "vote_share", "candidate_raised"} <= set(everything["metric"])
    assert reported_figures_for(figures, "lausd-d7-2024").empty


def test_latest_reported(figures):
    utla = latest_reported(figures, D1, "ie_support", spender="UTLA")
    assert (utla["amount"], utla["qualifier"]) == (690000, "more_than")
    watts = latest_reported(figures, D1, "ie_support", candidate="Didi Watts")
    assert watts["amount"] == 520493
    share = latest_reported(figures, D1, "vote_share", candidate=AL_ALIM)
    assert (share["amount"], share["qualifier"], share["count_stage"]) == (20, "about", "final")
    assert latest_reported(figures, D1, "ie_oppose") is None


def test_latest_reported_refuses_an_ambiguous_question(figures):
    with pytest.raises(ValueError, match="d1-2024-kidsfirst-ie-watts-2024-03-04"):
        latest_reported(figures, D1, "ie_support")


def test_every_action_has_a_label_and_a_same_day_rank():
    from helpers.data.reference import queries, vocab

    assert set(vocab.ACTIONS) <= set(queries._LABELS)
    assert set(vocab.ACTIONS) <= set(queries._SAME_DAY_ORDER)
