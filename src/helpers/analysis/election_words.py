"""What a registrar feed holds (which kind of contest, how far its count has gone) and the words.

Nothing here is typed per race. The kind of contest comes from the feed's own election title
and date, checked against the race's dates in config/races.yml and the election calendar
(data/reference/election_calendar.csv); the stage of the count from the snapshot's time stamp
against election day and the calendar's certification date; the outcome from the counts. The
notebooks call these so that a primary is never described as a runoff, nor an election-night
count as a certified result.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from helpers import paths
from helpers.apstyle import ap_date
from helpers.data.lavote import PACIFIC
from helpers.errors import DataError

# Words a registrar election title may carry, in the order they are tried.
TITLE_WORDS = (("runoff", "runoff"), ("primary", "primary"), ("general", "general"))
CALENDAR_DAYS = {"primary_election_day": "primary", "general_election_day": "general",
                 "special_election_day": "special"}
CERTIFIED_EVENTS = {"primary": "primary_certified", "runoff": "general_certified",
                    "general": "general_certified", "special": "special_certified"}
# The project's own line between election night and the canvass: the registrar posts its last
# election-night update in the small hours; anything from 6 a.m. the next day on is an update.
ELECTION_NIGHT_ENDS = dt.time(6, 0)
STAGES = ("election_night", "semi_official", "certified")
NUMBER_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


@dataclass(frozen=True)
class Contest:
    """The contest a feed holds: its kind, its election and when (if known) it was certified."""

    kind: str  # primary | runoff | general | special
    special: bool
    election_title: str
    election_date: dt.date
    certified_on: dt.date | None = None

    @property
    def name(self) -> str:
        """'primary', 'runoff', 'general election', 'special election', 'special primary'."""
        base = {"general": "general election", "special": "election"}.get(self.kind, self.kind)
        return f"special {base}" if self.special and self.kind != "special" else (
            "special election" if self.kind == "special" else base)

    @property
    def key(self) -> str:
        """The prefix of this contest's fact keys and chart names ('runoff_votes_...')."""
        return self.kind

    def dated(self) -> str:
        """'the Nov. 5, 2024 runoff'."""
        return f"the {ap_date(self.election_date)} {self.name}"


def _title_kind(title: str) -> str | None:
    low = title.lower()
    return next((kind for word, kind in TITLE_WORDS if word in low), None)


def contest_of(results: pd.DataFrame, race, calendar: pd.DataFrame | None = None,
               calendar_path: str | Path | None = None) -> Contest:
    """The contest in a race's feed rows (helpers.data.lavote's tidy table, one race).

    The titles (the contest's own, as in 'INGLEWOOD CITY PRIMARY NOMINATING ELECTION City
    Clerk' inside a general election's feed, else the election's, '... Primary Election'), the
    race's primary_date/general_date and the calendar's election-day rows must agree where they
    speak; a conflict stops the build naming the file and column. A general election after the
    race's primary is its runoff.
    """
    titles = results["election_title"].dropna().unique()
    dates = results["election_date"].dropna().unique()
    if len(titles) != 1 or len(dates) != 1:
        raise DataError(paths.RACES_CONFIG, None, "results",
                        f"race {race.id}: feed rows from {len(titles)} elections; expected one")
    title, day = str(titles[0]), dt.date.fromisoformat(str(dates[0])[:10])
    contest_title = str(results["contest_title"].iloc[0]) if "contest_title" in results else ""
    special = "special" in f"{title} {contest_title}".lower()
    said = {"feed title": _title_kind(contest_title) or _title_kind(title)}
    config_kind = ("primary" if day == race.primary_date
                   else "general" if day == race.general_date else None)
    said["config/races.yml"] = config_kind
    calendar_path = Path(calendar_path or paths.REFERENCE / "election_calendar.csv")
    rows = _calendar_rows(calendar, race.id)
    on_day = rows[(rows["date"] == day) & rows["event"].isin(list(CALENDAR_DAYS))]
    said["election calendar"] = CALENDAR_DAYS[on_day["event"].iloc[0]] if len(on_day) else None
    spoken = {k: ("general" if v == "runoff" else v) for k, v in said.items() if v}
    if len(set(spoken.values()) - {"special"}) > 1:
        blame = calendar_path if "election calendar" in spoken else paths.RACES_CONFIG
        raise DataError(blame, None, "event" if blame == calendar_path else "primary_date",
                        f"race {race.id}: election {title!r} of {day} is called "
                        + ", ".join(f"{v} by the {k}" for k, v in said.items() if v))
    kind = said["feed title"] or said["election calendar"] or config_kind
    if kind is None and special:
        kind = "special"
    if kind is None:
        raise DataError(calendar_path, None, "event",
                        f"race {race.id}: cannot tell whether {title!r} ({day}) is a primary, a "
                        "general or a special election: add its election-day row to the "
                        "calendar or set the race's primary_date/general_date")
    if kind == "general" and race.primary_date < day:
        kind = "runoff"
    return Contest(kind, special, title, day, certified_on(rows, kind))


def _calendar_rows(calendar: pd.DataFrame | None, race_id: str) -> pd.DataFrame:
    if calendar is None or calendar.empty:
        return pd.DataFrame({"event": [], "date": [], "status": []})
    rows = calendar[calendar["race_id"] == race_id].copy()
    rows["date"] = pd.to_datetime(rows["date"]).dt.date
    return rows


def certified_on(rows: pd.DataFrame, kind: str) -> dt.date | None:
    """The confirmed certification date of this kind of contest in the calendar, if any."""
    hit = rows[(rows["event"] == CERTIFIED_EVENTS[kind]) & (rows["status"] == "confirmed")]
    return hit["date"].iloc[0] if len(hit) else None


def stage_of_count(snapshot_time: str, contest: Contest) -> str:
    """'election_night', 'semi_official' or 'certified' for a snapshot's time stamp."""
    when = pd.Timestamp(snapshot_time)
    when = (when.tz_localize(PACIFIC) if when.tzinfo is None else when.tz_convert(PACIFIC))
    if when.date() < contest.election_date:
        raise DataError(paths.RACES_CONFIG, None, "results",
                        f"snapshot {snapshot_time} is before election day {contest.election_date}")
    if contest.certified_on is not None and when.date() >= contest.certified_on:
        return "certified"
    night_ends = dt.datetime.combine(contest.election_date + dt.timedelta(days=1),
                                     ELECTION_NIGHT_ENDS, tzinfo=PACIFIC)
    return "election_night" if when.to_pydatetime() < night_ends else "semi_official"


def stage_phrase(stage: str, contest: Contest) -> str:
    """What a reader must know about a count: 'the election-night count, not the final result'."""
    if stage == "election_night":
        return "the election-night count, not the final result"
    if stage == "certified":
        return f"the certified result (certified {ap_date(contest.certified_on)})"
    if stage == "semi_official":
        if contest.certified_on is None:
            return ("a semi-official update of the count after election night; the certified "
                    "result is not in this project's data")
        return (f"a semi-official update of the count, before the result was certified on "
                f"{ap_date(contest.certified_on)}")
    raise ValueError(f"unknown count stage {stage!r}: expected one of {STAGES}")


def stage_label(stage: str) -> str:
    """A chart subtitle's word for the stage: 'Election-night count', 'Certified result'."""
    return {"election_night": "Election-night count", "semi_official": "Semi-official count",
            "certified": "Certified result"}[stage]


def pct(share: float) -> str:
    """A share of 0-1 as the story writes it: '71.1%'."""
    return f"{share * 100:.1f}%"


def number_word(n: int) -> str:
    """AP style: one through nine spelled out, 10 and up in figures."""
    return NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else f"{n:,}"


@dataclass(frozen=True)
class Outcome:
    """How the contest stands: what, in words a reader can take at face value."""

    kind: str  # unopposed | majority | runoff | leader | tie | no_votes
    sentence: str


def outcome_of(latest: pd.DataFrame, contest: Contest, stage: str) -> Outcome:
    """The result in words, from the latest snapshot (leader first, as results.latest_snapshot).

    A primary leader with a majority (more than half the votes for candidates) wins outright;
    under it, the contest goes to a runoff. A contest with one candidate is unopposed. Until the
    count is certified, the words say 'leads', never 'won'.
    """
    final = stage == "certified"
    when = "" if final else f", in the count as of {ap_date(latest['as_of'].iloc[0])}"
    if len(latest) == 1:
        only = latest.iloc[0]
        extra = (f", with {int(only.write_in_votes):,} write-in votes cast"
                 if pd.notna(only.write_in_votes) and only.write_in_votes > 0 else "")
        return Outcome("unopposed", f"{only.candidate} ran unopposed in {contest.dated()}: "
                       f"{int(only.votes):,} votes{when}{extra}.")
    lead, second = latest.iloc[0], latest.iloc[1]
    if int(lead.votes) == 0:
        return Outcome("no_votes", f"No votes had been counted in {contest.dated()}{when}.")
    if lead.votes == second.votes:
        return Outcome("tie", f"{lead.candidate} and {second.candidate} were tied in "
                       f"{contest.dated()} with {int(lead.votes):,} votes each{when}.")
    shares = f"{pct(lead.share)} of the votes to {possessive(second.candidate)} {pct(second.share)}"
    if contest.kind == "primary" and lead.share > 0.5:
        if final:
            return Outcome("majority", f"{lead.candidate} won {contest.dated()} outright with a "
                           f"majority, {shares}.")
        return Outcome("majority", f"{lead.candidate} leads {contest.dated()} with a majority, "
                       f"{shares}{when}: enough to win outright if it holds.")
    if contest.kind == "primary" and final:
        return Outcome("runoff", f"No candidate won a majority in {contest.dated()}: "
                       f"{lead.candidate} placed first with {shares}, so the contest goes to a "
                       "runoff.")
    if contest.kind == "primary":
        return Outcome("runoff", f"No candidate has a majority in {contest.dated()}: "
                       f"{lead.candidate} leads with {shares}{when}. A leader short of a "
                       "majority goes to a runoff.")
    verb = "won" if final else "leads"
    return Outcome("leader", f"{lead.candidate} {verb} {contest.dated()} with {shares}{when}.")


def possessive(name: str) -> str:
    """AP possessive of a proper name: "Al-Alim's", "Davis'"."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"
