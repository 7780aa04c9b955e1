"""The committed reference CSVs: they load, every row carries its source, and the figures
match the research file (expected values typed from /work/shared/research, not from the CSVs)."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pandas as pd
import pytest

from helpers.data.reference import (
    load_election_calendar,
    load_endorsement_events,
    load_reported_figures,
)

UTLA = "United Teachers Los Angeles (UTLA)"
FED = "Los Angeles County Federation of Labor"
AL_ALIM = "Kahllid Al-Alim"
HENDY_NEWBILL = "Sherlett Hendy Newbill"

# Every host the research file names as a source. A URL on any other host was not in the
# research and so must not be in the data.
RESEARCH_HOSTS = {
    "www.latimes.com",
    "jewishjournal.com",
    "utla.net",
    "ethics.lacity.org",
    "laist.com",
    "westsidevoicela.com",
    "results.lavote.gov",
}

LOADERS = {
    "endorsement_events": load_endorsement_events,
    "reported_figures": load_reported_figures,
    "election_calendar": load_election_calendar,
}


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    return load_endorsement_events()


@pytest.fixture(scope="module")
def figures() -> pd.DataFrame:
    return load_reported_figures()


@pytest.mark.parametrize("name", LOADERS)
def test_every_row_carries_a_source(name):
    table = LOADERS[name]()
    assert len(table) > 0
    for column in ("source_url", "source_publisher"):
        blank = table[table[column].str.strip() == ""]
        assert blank.empty, f"{name}: rows without {column}: {blank.index.tolist()}"


@pytest.mark.parametrize("name", LOADERS)
def test_source_urls_point_only_at_hosts_the_research_names(name):
    hosts = set(LOADERS[name]()["source_url"].map(lambda u: urlparse(u).netloc))
    assert hosts <= RESEARCH_HOSTS, hosts - RESEARCH_HOSTS


def test_loaded_types(events, figures):
    assert str(events["date"].dtype) == "datetime64[ns]"
    assert figures["amount"].dtype == "float64"
    assert str(figures["as_of"].dtype) == "datetime64[ns]"
    assert events["note"].map(lambda v: isinstance(v, str)).all()  # empty notes are "", not NaN


def test_ids_named_in_notes_exist(events):
    ids = set(events["event_id"])
    named = {
        m for note in events["note"] for m in re.findall(r"\bd1-2024-[a-z0-9-]*[a-z0-9]", note)
    }
    assert named, "expected notes to cross-reference other events"
    assert named <= ids, named - ids


def test_unverified_facts_are_marked_not_asserted(events):
    withdraw = events[(events["endorser"] == FED) & (events["action"] == "rescinded")]
    assert withdraw["status"].tolist() == ["unverified"]
    original = events[(events["endorser"] == UTLA) & (events["action"] == "endorsed")]
    assert original["date"].isna().all() and (original["date_precision"] == "unknown").all()
    runoff = events[events["action"] == "no_endorsement"]
    assert runoff["status"].tolist() == ["inferred"]


def test_scheduled_steps_of_the_rescind_process(events):
    steps = events[events["action"] == "meeting_scheduled"].sort_values("date", kind="stable")
    assert steps["status"].eq("scheduled").all()
    assert steps["date"].dt.strftime("%m-%d").tolist() == [
        "02-27",
        "02-28",
        "02-29",
        "03-04",
        "03-04",
    ]


def test_confirmed_utla_actions_match_the_research(events):
    utla = events[(events["endorser"] == UTLA) & (events["status"] == "confirmed")]
    got = {
        (a, b, d.strftime("%Y-%m-%d"))
        for a, b, d in utla[utla["date"].notna()][["action", "acting_body", "date"]].itertuples(
            index=False
        )
    }
    assert got == {
        ("campaign_suspended", "UTLA Board of Directors", "2024-02-22"),
        ("announced", "", "2024-02-23"),
        ("rescinded", "UTLA House of Representatives", "2024-03-04"),
    }


def _amounts(figures, **where) -> set[tuple[float, str, str]]:
    rows = figures
    for column, value in where.items():
        rows = rows[rows[column] == value]
    return {
        (a, q, d.strftime("%Y-%m-%d"))
        for a, q, d in rows[["amount", "qualifier", "as_of"]].itertuples(index=False)
    }


def test_money_figures_match_the_research(figures):
    d1 = "lausd-d1-2024"
    assert _amounts(figures, race_id=d1, metric="ie_support", spender="UTLA") == {
        (650000, "more_than", "2024-02-23"),
        (661000, "about", "2024-02-28"),
        (690000, "more_than", "2024-03-04"),
    }
    assert _amounts(figures, race_id=d1, metric="ie_support", candidate="Didi Watts") == {
        (280515, "exact", "2024-02-23"),
        (486866, "exact", "2024-02-28"),
        (520493, "exact", "2024-03-04"),
    }
    assert _amounts(figures, metric="candidate_raised", candidate=AL_ALIM) == {
        (24302, "exact", "2024-02-23"),
        (31736, "exact", "2024-03-04"),
    }
    assert _amounts(figures, race_id="lausd-d3-2024") == {(870080, "exact", "2024-02-28")}
    ethics = figures[figures["source_url"].str.contains("ethics.lacity.org")]
    assert dict(zip(ethics["metric"], ethics["amount"], strict=True)) == {
        "race_contributions_total": 828757.64,
        "race_expenditures_total": 399498.18,
        "race_ie_total": 525420.98,
    }
    assert (ethics["race_id"] == "lausd-all-2024").all()
    assert _amounts(figures, metric="race_outside_spending_total") == {
        (5100000, "more_than", "2024-02-28")
    }


def test_primary_results_are_only_approximations(figures):
    results = figures[figures["metric"].isin(["votes", "vote_share"])]
    night = results[results["count_stage"] == "election_night"]
    assert _amounts(night, candidate=AL_ALIM) == {
        (9103, "exact", "2024-03-06"),
        (22.29, "exact", "2024-03-06"),
    }
    assert _amounts(night, candidate=HENDY_NEWBILL) == {
        (9101, "exact", "2024-03-06"),
        (22.28, "exact", "2024-03-06"),
    }
    final = results[results["count_stage"] == "final"]
    # No certified count is in the research: every "final" figure must be hedged.
    assert (final["qualifier"] == "about").all()
    assert set(zip(final["candidate"], final["amount"], strict=True)) == {
        (HENDY_NEWBILL, 25),
        (AL_ALIM, 20),
    }
    assert not ((results["metric"] == "votes") & (results["count_stage"] == "final")).any()
