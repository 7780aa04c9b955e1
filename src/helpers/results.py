"""Questions asked of the tidy results table (see helpers.lavote for how it is built)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import altair as alt
import pandas as pd

from helpers.apstyle import MONTH_NAMES, ap_date
from helpers.chart_builders import labelled_bars, latest_precision, wrap_label
from helpers.charts import ChartMeta
from helpers.election_words import (
    Contest,
    Outcome,
    number_word,
    pct,
    stage_label,
    stage_phrase,
)
from helpers.facts import format_value
from helpers.lavote import PACIFIC
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


def candidate_key(name: str) -> str:
    """A stable ASCII key for a candidate name, used in fact keys ('sherlett-hendy-newbill')."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


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


@dataclass(frozen=True)
class ChartPiece:
    """A chart ready for ``ctx.chart``: the Altair chart, its words, its data-table columns."""

    chart: object
    meta: ChartMeta
    table_columns: dict[str, str]


def race_results(results: pd.DataFrame, race) -> pd.DataFrame:
    """One race's rows of the tidy results table, with the reviewed display names."""
    rows = results[results["race_id"] == race.id]
    names = {c.registrar_id: c.name for c in race.candidates if c.registrar_id}
    return with_display_names(rows, names).reset_index(drop=True)


def ap_time(value) -> str:
    """A feed time stamp as AP writes it, Pacific: 'Nov. 21, 2024, 4:29 p.m.', '8 p.m.'."""
    when = pd.Timestamp(value)
    when = when.tz_convert(PACIFIC) if when.tzinfo else when
    hour = when.hour % 12 or 12
    clock = f"{hour}" if when.minute == 0 else f"{hour}:{when.minute:02d}"
    return f"{ap_date(when)}, {clock} {'a.m.' if when.hour < 12 else 'p.m.'}"


def status_line(latest: pd.DataFrame, contest: Contest, stage: str) -> str:
    """The sentence under the section head: what the latest snapshot is and how final."""
    return (f"The latest registrar snapshot here is from {ap_time(latest['as_of'].iloc[0])} "
            f"(Pacific time): {stage_phrase(stage, contest)}.")


def votes_chart(latest: pd.DataFrame, contest: Contest, stage: str, race) -> ChartPiece | None:
    """Votes and shares by candidate in the latest snapshot; none for a lone candidate (one bar
    says nothing the sentence does not)."""
    if len(latest) < 2:
        return None
    drawn = latest[["candidate", "votes", "share"]].assign(
        share_pct=lambda d: (d["share"] * 100).round(1))
    drawn["shown"] = [f"{v:,} ({pct(s)})" for v, s in zip(drawn["votes"], drawn["share"],
                                                            strict=True)]
    as_of = str(latest["as_of"].iloc[0])
    tooltip = [alt.Tooltip("candidate:N", title="Candidate"),
               alt.Tooltip("votes:Q", title="Votes", format=","),
               alt.Tooltip("share_pct:Q", title="Share (%)")]
    bars = labelled_bars(drawn, value="votes", label="candidate", value_label="shown",
                         tooltip=tooltip)
    meta = ChartMeta(
        name=f"{contest.key}-results",
        title=f"{contest.name[0].upper()}{contest.name[1:]} votes by candidate",
        subtitle=f"{stage_label(stage)} as of {ap_date(as_of)}: votes and each candidate's share",
        description=(f"Bar chart of votes counted in the {race.short_title} {contest.name} as of "
                     f"{ap_time(as_of)}: " + "; ".join(
                         f"{r.candidate} {r.votes:,} votes ({pct(r.share)})"
                         for r in drawn.itertuples())
                     + f". This snapshot is {stage_phrase(stage, contest)}."),
        source=f"{REGISTRAR}, snapshot file {latest['source_file'].iloc[0]}",
        as_of=as_of,
    )
    return ChartPiece(bars, meta, {"candidate": "Candidate", "votes": "Votes", "share": "Share",
                                   "share_pct": "Share (%)"})


AP_MONTH_EXPR = ("['Jan.','Feb.','March','April','May','June','July','Aug.','Sept.','Oct.',"
                 "'Nov.','Dec.'][month(datum.value)] + ' ' + date(datum.value)")


def count_chart(results: pd.DataFrame, contest: Contest, race) -> ChartPiece | None:
    """Votes per candidate at each snapshot, each line named at its end; none with < 2 snapshots."""
    if results.empty or results["snapshot_time"].nunique() < 2:
        return None
    moved = count_over_time(results)
    moved["when"] = moved["snapshot_time"].map(ap_time)
    x = alt.X("snapshot_time:T", title="Feed time stamp",
              axis=alt.Axis(labelExpr=AP_MONTH_EXPR, tickCount=4))
    y = alt.Y("votes:Q", title="Votes counted", axis=alt.Axis(format=",.0f", tickCount=4))
    color = alt.Color("candidate:N", legend=None)  # each line is named at its end
    lines = alt.Chart(moved).mark_line(point=True).encode(
        x=x, y=y, color=color, tooltip=[alt.Tooltip("candidate:N", title="Candidate"),
                                        alt.Tooltip("when:N", title="Time stamp (Pacific)"),
                                        alt.Tooltip("votes:Q", title="Votes", format=",")])
    ends = alt.Chart(moved).transform_window(
        rank="rank()", sort=[alt.SortField("snapshot_time", order="descending")],
        groupby=["candidate"]).transform_filter(alt.datum.rank == 1).mark_text(
        align="right", baseline="bottom", dx=-2, dy=-6).encode(x=x, y=y, color=color,
                                                                text="candidate:N")
    first, last = moved["snapshot_time"].min(), moved["snapshot_time"].max()
    meta = ChartMeta(
        name=f"{contest.key}-count-over-time",
        title="The count, snapshot by snapshot",
        description=(
            f"Line chart of votes counted for each candidate in the {race.short_title} "
            f"{contest.name} across {number_word(moved['snapshot_time'].nunique())} registrar "
            f"snapshots from {ap_time(first)} to {ap_time(last)}: " + "; ".join(
                f"{name} from {g['votes'].iloc[0]:,} to {g['votes'].iloc[-1]:,}"
                for name, g in moved.groupby("candidate", sort=True)) + "."),
        source=REGISTRAR,
        as_of=last,
    )
    return ChartPiece(alt.layer(lines, ends, data=moved).properties(height=240), meta,
                      {"candidate": "Candidate", "when": "Time stamp (Pacific)",
                       "votes": "Votes", "share": "Share"})


RESULT_FACTS = ("votes", "share", "ballots", "write_in_votes", "leader", "outcome", "count_stage")


def fact_key(contest: Contest, what: str, candidate: str | None = None) -> str:
    """A results fact key, the one place they are made: '<kind>_<what>[_<candidate>]'.

    For the District 1 runoff: runoff_votes_<candidate>, runoff_share_<candidate>,
    runoff_ballots, runoff_write_in_votes, runoff_leader, runoff_outcome, runoff_count_stage;
    a primary's feed gives primary_votes_<candidate>, ... (general_, special_ likewise).
    """
    if what not in RESULT_FACTS:
        raise ValueError(f"unknown results fact {what!r}: expected one of {RESULT_FACTS}")
    return f"{contest.key}_{what}" + (f"_{candidate_key(candidate)}" if candidate else "")


def reported_fact_key(count_stage: str, metric: str, candidate: str) -> str:
    """A reported primary figure's key: primary_<count stage>_<share|votes>_<candidate>, e.g.
    primary_election_night_votes_kahllid-al-alim, primary_final_share_kahllid-al-alim."""
    what = "share" if metric == "vote_share" else "votes"
    return f"primary_{count_stage}_{what}_{candidate_key(candidate)}"


def result_facts(latest: pd.DataFrame, contest: Contest, stage: str, outcome: Outcome
                 ) -> list[dict]:
    """Every number and sentence the pages may quote about the latest snapshot, as keyword
    arguments for ``FactBook.add``; keys start with the contest's kind ('runoff_votes_...')."""
    lead = latest.iloc[0]

    def fact(what, value, unit, label, rows, row=lead, candidate=None):
        return dict(key=fact_key(contest, what, candidate), value=value, unit=unit, label=label,
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
    drawn["bar_label"] = [wrap_label(f"{c}, {s[0].lower() + s[1:]}")
                          for c, s in zip(drawn["candidate"], drawn["stage"], strict=True)]
    return drawn.reset_index(drop=True)


def reported_primary_chart(reported: pd.DataFrame, race) -> ChartPiece | None:
    """The primary as news outlets reported it, labelled as reported; none without figures."""
    drawn = reported_primary(reported, race)
    if drawn.empty:
        return None
    others = len(race.candidates) - drawn["candidate"].nunique()
    rest = f"; the other {number_word(others)} candidates are not shown" if others > 0 else ""
    month = MONTH_NAMES[race.primary_date.month - 1]
    bars = labelled_bars(drawn, value="amount", label="bar_label", value_label="shown",
                         tooltip=["candidate:N", "stage:N", "shown:N", "source_publisher:N"])
    meta = ChartMeta(
        name="primary-as-reported", title=f"The {month} primary, as reported",
        subtitle=f"Reported shares, not certified counts{rest}",
        description=(f"Bar chart of reported vote shares in the {race.short_title} primary of "
                     f"{ap_date(race.primary_date)}: " + "; ".join(
                         f"{r.candidate} {r.shown}, {r.stage[0].lower() + r.stage[1:]} "
                         f"({r.source_publisher})" for r in drawn.itertuples())
                     + ". These are news reports, not certified results."),
        source="reported figures: " + ", ".join(sorted(set(drawn["source_publisher"]))),
        as_of=pd.Timestamp(drawn["as_of"].max()).date().isoformat(),
        as_of_precision=latest_precision(drawn["as_of"], drawn["as_of_precision"]),
    )
    return ChartPiece(bars, meta, {"candidate": "Candidate", "stage": "Stage of the count",
                                   "amount": "Share (%)", "qualifier": "Qualifier",
                                   "shown": "As reported", "source_publisher": "Source",
                                   "figure_id": "Row id", "bar_label": "Label"})


def reported_primary_facts(reported: pd.DataFrame, race) -> list[tuple[str, dict, str]]:
    """(key, ledger row, label) for each reported primary share and vote count of the race,
    for ``helpers.notebook.reported_fact``."""
    rows = reported[(reported["race_id"] == race.id)
                    & reported["metric"].isin(["vote_share", "votes"])]
    out = []
    for r in rows.to_dict("records"):
        what = "share" if r["metric"] == "vote_share" else "votes"
        stage = r["count_stage"]
        out.append((reported_fact_key(stage, r["metric"], r["candidate"]), r,
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
