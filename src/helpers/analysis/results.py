"""Questions asked of the tidy results table (see helpers.data.lavote for how it is built).

Notebook 05 asks them; its charts are drawn by helpers.analysis.chart_builders, its fact keys made by
helpers.analysis.fact_keys, its words chosen by helpers.analysis.election_words.
"""

from __future__ import annotations

import pandas as pd

from helpers.analysis import fact_keys
from helpers.analysis.election_words import (
    Contest,
    Outcome,
    number_word,
    pct,
    stage_phrase,
)
from helpers.analysis.facts import format_value
from helpers.apstyle import ap_date, as_of_text
from helpers.data.lavote import PACIFIC
from helpers.tables import markdown_escape


def latest_snapshot(results: pd.DataFrame) -> pd.DataFrame:
    """The rows of the most recent snapshot, leader first."""
    last = results["snapshot_time"].max()
    latest = results[results["snapshot_time"] == last]
    return latest.sort_values(["votes", "candidate_id"], ascending=[False, True]).reset_index(drop=True)


def count_over_time(results: pd.DataFrame) -> pd.DataFrame:
    """Votes per candidate per snapshot, in time order: what a count-over-time chart draws."""
    name = "candidate" if "candidate" in results else "candidate_name"
    cols = ["snapshot_time", name, "votes", "share"]
    return results[cols].sort_values(["snapshot_time", name]).reset_index(drop=True)


def with_display_names(results: pd.DataFrame, registrar_names: dict[int, str]) -> pd.DataFrame:
    """Add ``candidate``: the race config's display name for each registrar candidate id.

    The feed spells names in capitals with initials ("KAHLLID A. AL-ALIM"); the story uses the
    reviewed display name from config/races.yml. Ids missing from the config keep the feed's
    spelling, title-cased, so nothing is dropped.
    """
    fallback = results["candidate_name"].str.title()
    mapped = results["candidate_id"].map(lambda i: registrar_names.get(int(i)))
    return results.assign(candidate=mapped.where(mapped.notna(), fallback).astype("str"))


# --- What notebook 05 shows: each function returns a chart with its words, or the facts. ---

REGISTRAR = "LA County Registrar-Recorder/County Clerk results feed (results.lavote.gov)"
REGISTRAR_SHORT = "LA County Registrar results feed"
NO_RESULTS = "There are no registrar results for this race in the repository, so this notebook "\
    "draws no results chart."


def race_results(results: pd.DataFrame, race) -> pd.DataFrame:
    """One race's rows of the tidy results table, with the reviewed display names."""
    rows = results[results["race_id"] == race.id]
    names = {c.registrar_id: c.name for c in race.candidates if c.registrar_id}
    return with_display_names(rows, names).reset_index(drop=True)


def when_text(value) -> str:
    """A feed time stamp in Pacific time, AP style: '4:29 p.m. Nov. 21, 2024', '8 p.m. Nov. 5, 2024'."""
    when = pd.Timestamp(value)
    when = when.tz_convert(PACIFIC) if when.tzinfo else when
    return as_of_text(when.isoformat())


def status_line(latest: pd.DataFrame, contest: Contest, stage: str) -> str:
    """The sentence under the section head: what the latest snapshot is and how final."""
    return (f"The latest registrar snapshot here is from {when_text(latest['as_of'].iloc[0])} "
            f"(Pacific time): {stage_phrase(stage, contest)}.")


def result_facts(latest: pd.DataFrame, contest: Contest, stage: str, outcome: Outcome
                 ) -> list[dict]:
    """Every number and sentence the pages may quote about the latest snapshot, as keyword
    arguments for ``FactBook.add``; keys start with the contest's kind ('runoff_votes_...')."""
    lead = latest.iloc[0]

    def fact(what, value, unit, label, rows, row=lead, candidate=None):
        return dict(key=fact_keys.result_key(contest, what, candidate), value=value, unit=unit, label=label,
                    dataset="results", rows=rows, source=REGISTRAR_SHORT,
                    source_url=row.source_url, as_of=row.as_of)

    name = contest.name.capitalize()
    contest_row = f"{lead.source_file}#CBLT:{lead.contest_id}"
    out = []
    for r in latest.itertuples():
        rows = [f"{r.source_file}#CAND:{r.candidate_id}"]
        out.append(fact("votes", int(r.votes), "votes", f"{name} votes for {r.candidate}", rows,
                        r, r.candidate))
        if pd.notna(r.share):
            out.append(fact("share", round(float(r.share) * 100, 1), "percent",
                            f"{name} share for {r.candidate}", rows, r, r.candidate))
    out.append(fact("ballots", int(lead.ballots), "ballots",
                    f"Ballots cast in the contest ({contest.name})", [contest_row]))
    if pd.notna(lead.write_in_votes):
        out.append(fact("write_in_votes", int(lead.write_in_votes), "votes",
                        f"Write-in votes ({contest.name})",
                        [f"{lead.source_file}#WRTN:{lead.contest_id}"]))
    if outcome.kind in ("majority", "runoff", "leader"):
        out.append(fact("leader", str(lead.candidate), "text",
                        "Leading candidate in the latest snapshot",
                        [f"{lead.source_file}#CAND:{lead.candidate_id}"]))
    all_rows = [f"{r.source_file}#CAND:{r.candidate_id}" for r in latest.itertuples()]
    out.append(fact("outcome", outcome.sentence, "text",
                    f"How the {contest.name} stands ({outcome.kind})", all_rows))
    out.append(fact("count_stage", stage_phrase(stage, contest), "text",
                    f"Stage of the {contest.name} count ({stage})", [contest_row]))
    return out


def reported_primary(reported: pd.DataFrame, race) -> pd.DataFrame:
    """The race's reported primary vote shares (the reported-figures ledger), drawing order."""
    rows = reported[(reported["race_id"] == race.id) & (reported["metric"] == "vote_share")]
    drawn = rows.assign(
        stage=[f"{s.replace('_', ' ').capitalize()}, as of {ap_date(d, precision=p)}"
               for s, d, p in zip(rows["count_stage"], rows["as_of"], rows["as_of_precision"],
                                  strict=True)],
        shown=[format_value(a, "percent", q) for a, q in zip(rows["amount"], rows["qualifier"],
                                                             strict=True)],
    )
    drawn = drawn.sort_values(["count_stage", "amount"], ascending=[True, False], kind="stable")
    return drawn.reset_index(drop=True)


def reported_primary_facts(reported: pd.DataFrame, race) -> list[tuple[str, dict, str]]:
    """(key, ledger row, label) for each reported primary share and vote count of the race,
    for ``helpers.analysis.notebook.reported_fact``."""
    rows = reported[(reported["race_id"] == race.id)
                    & reported["metric"].isin(["vote_share", "votes"])]
    out = []
    for r in rows.to_dict("records"):
        what = "share" if r["metric"] == "vote_share" else "votes"
        stage = r["count_stage"]
        out.append((fact_keys.reported_result_key(stage, r["metric"], r["candidate"]), r,
                    f"Primary {what} for {r['candidate']}, {stage.replace('_', ' ')} (reported)"))
    return out


LONE_CANDIDATE = ("One candidate is on the ballot, so there is no bar chart: the sentence above "
                  "gives the count.")
NO_COUNT_OVER_TIME = ("Fewer than two registrar snapshots exist for this race, so there is no "
                      "count over time to show.")
NO_REPORTED_PRIMARY = "No reported primary figures for this race are in the repository."


def feed_summary(results: pd.DataFrame, race) -> str:
    """The notebook's first line: which race, how many rows and snapshots (Markdown)."""
    title = f"**{markdown_escape(race.title)}**"
    if results.empty:
        return f"{title}: the registrar's results feed has no rows for this race here."
    election = (f"“{results['election_title'].iloc[0]}” of "
                f"{ap_date(results['election_date'].iloc[0])}")
    return (f"{title}: {len(results):,} result rows from "
            f"{number_word(results['source_file'].nunique())} registrar snapshots of the "
            f"election {markdown_escape(election)}.")


def headline(outcome: Outcome, latest: pd.DataFrame, contest: Contest, stage: str) -> str:
    """The result in one bold sentence, then what the count is (Markdown)."""
    return (f"**{markdown_escape(outcome.sentence)}** "
            f"{markdown_escape(status_line(latest, contest, stage))}")


def votes_table(latest: pd.DataFrame) -> pd.DataFrame:
    """The latest snapshot as a reader's table: candidate, votes, share."""
    return pd.DataFrame({
        "Candidate": latest["candidate"],
        "Votes": [f"{int(v):,}" for v in latest["votes"]],
        "Share": [pct(s) if pd.notna(s) else "" for s in latest["share"]],
    })
