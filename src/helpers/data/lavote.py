"""Adapter for the LA County Registrar-Recorder results feed (results.lavote.gov).

The feed comes in two parts: a definitions file (contests and candidates of one election) and
results drops (a flat list of ``{Number, ReferenceID, ReferenceType, Value}`` records). This
module joins them into one tidy table that works for any election id and any contest without
code changes, and keeps every drop so the count can be followed over time.
"""

from __future__ import annotations

import json
from datetime import datetime
from math import isfinite
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd

from helpers.errors import DataError

PACIFIC = ZoneInfo("America/Los_Angeles")
FEED_URL = "https://results.lavote.gov/"
RESULT_KEYS = ("Number", "ReferenceID", "ReferenceType", "Value")
# Per-contest codes read off the feed (see data/README.md): ballots cast, undervotes,
# overvotes and votes for candidates. Meanings are inferred from the numbers, not documented.
CONTEST_CODES = {"CBLT": "ballots", "CUV": "undervotes", "COV": "overvotes", "CFV": "candidate_votes"}

TIDY_COLUMNS = [
    "election_id",
    "election_title",
    "election_date",
    "contest_id",
    "contest_title",
    "candidate_id",
    "candidate_name",
    "votes",
    "share",
    "snapshot_time",
    "ballots",
    "undervotes",
    "overvotes",
    "candidate_votes",
    "write_in_votes",
    "source_file",
    "source_url",
    "as_of",
]


def parse_feed_timestamp(text: str, file: str | Path, column: str = "TimeStamp") -> datetime:
    """The feed's ``11/21/2024 4:29:49 PM`` is Pacific local time; return it timezone-aware."""
    try:
        naive = datetime.strptime(text.strip(), "%m/%d/%Y %I:%M:%S %p")
    except (ValueError, AttributeError) as exc:
        raise DataError(file, None, column, f"unreadable feed timestamp {text!r}") from exc
    return naive.replace(tzinfo=PACIFIC)


def parse_json_bytes(data: bytes, source: str | Path) -> dict:
    """A feed document from bytes (a file or an HTTP response); errors name ``source``."""
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise DataError(source, None, None, "not UTF-8 text") from exc
    except json.JSONDecodeError as exc:
        raise DataError(source, exc.lineno, None, f"not valid JSON ({exc.msg})") from exc
    if not isinstance(doc, dict) or "Data" not in doc or "TimeStamp" not in doc:
        raise DataError(source, None, "Data", "expected an object with 'Data' and 'TimeStamp'")
    return doc


def _read_json(path: Path) -> dict:
    return parse_json_bytes(Path(path).read_bytes(), path)


def load_definitions(path: str | Path) -> tuple[dict, pd.DataFrame]:
    """Read an election definitions file: (election facts, one row per contest candidate)."""
    path = Path(path)
    return parse_definitions(_read_json(path), path)


def parse_definitions(doc: dict, source: str | Path) -> tuple[dict, pd.DataFrame]:
    """Election definitions already read as JSON; errors name ``source`` (a file or a URL)."""
    data = doc["Data"]
    if not isinstance(data, dict):
        raise DataError(source, None, "Data", "expected the election definitions object")
    for key in ("ID", "Title", "Date", "ContestGroups"):
        if key not in data:
            raise DataError(source, None, key, "missing from the election definitions")
    election = {
        "election_id": int(data["ID"]),
        "election_title": str(data["Title"]),
        "election_date": str(data["Date"])[:10],
    }
    rows = []
    for group in data["ContestGroups"]:
        for contest in group.get("Contests", []):
            for cand in contest.get("Candidates", []) or []:
                rows.append(
                    {
                        "contest_id": int(contest["ID"]),
                        "contest_title": str(contest["Title"]),
                        "contest_type": str(contest.get("Type", "")),
                        "contest_group": str(group.get("Name", "")),
                        "candidate_id": int(cand["ID"]),
                        "candidate_name": str(cand["Name"]),
                    }
                )
    candidates = pd.DataFrame(rows)
    if candidates.empty:
        raise DataError(source, None, "ContestGroups", "no contests with candidates defined")
    return election, candidates


def load_snapshot(path: str | Path) -> tuple[datetime, pd.DataFrame]:
    """Read one results drop, checking every record has the four keys and a numeric value."""
    path = Path(path)
    return parse_snapshot(_read_json(path), path)


def parse_snapshot(doc: dict, source: str | Path) -> tuple[datetime, pd.DataFrame]:
    """One results drop already read as JSON; errors name ``source``, the record and the key."""
    stamp = parse_feed_timestamp(doc["TimeStamp"], source)
    records = doc["Data"]
    if not isinstance(records, list) or not records:
        raise DataError(source, None, "Data", "expected a non-empty list of result records")
    for i, rec in enumerate(records, start=1):
        for key in RESULT_KEYS:
            if not isinstance(rec, dict) or key not in rec:
                raise DataError(source, i, key, "result record is missing this key")
        value = rec["Value"]
        # json.load accepts NaN and Infinity, which no vote count can be
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not isfinite(value):
            raise DataError(source, i, "Value", f"not a number: {value!r}")
        if rec["Value"] < 0 or rec["Value"] != int(rec["Value"]):
            raise DataError(source, i, "Value", f"vote counts are whole and >= 0, got {rec['Value']}")
    frame = pd.DataFrame.from_records(records, columns=list(RESULT_KEYS))
    frame["row"] = range(1, len(frame) + 1)
    return stamp, frame


def candidate_rows(doc: dict) -> list[tuple]:
    """The drop's candidate rows (ReferenceType CAND) as sorted (ReferenceID, Value) pairs.

    The new-drop rule compares these: a later TimeStamp with the same candidate rows is not a
    new drop (the rule of the public poller bckohan/lavote_scrape).
    """
    return sorted(
        (rec.get("ReferenceID"), rec.get("Value"))
        for rec in doc.get("Data", [])
        if isinstance(rec, dict) and rec.get("ReferenceType") == "CAND"
    )


def check_drop_matches(path: str | Path, snapshot: pd.DataFrame, candidates: pd.DataFrame) -> None:
    """A drop from another election shares no candidate ids with the definitions: refuse it."""
    cand_ids = set(snapshot.loc[snapshot["ReferenceType"] == "CAND", "ReferenceID"])
    known = set(candidates["candidate_id"])
    if cand_ids and not cand_ids & known:
        raise DataError(
            path, None, "ReferenceID",
            "none of this drop's candidate ids appear in the election definitions: "
            "it belongs to another election",
        )


def tidy_contest_results(
    definitions_path: str | Path,
    snapshot_paths: list[str | Path],
    contest_ids: list[int] | None = None,
    source_url: str = FEED_URL,
) -> pd.DataFrame:
    """One row per (snapshot, contest, candidate) with votes, share and contest-level counts.

    ``share`` is the candidate's votes over all votes for candidates in the contest (write-ins
    included in the denominator when the feed reports them), as the Registrar reports shares.
    ``source_url`` is the publisher's address recorded on every row (helpers.data.sources gives the
    counts endpoint of the election).
    """
    definitions_path = Path(definitions_path)
    election, candidates = load_definitions(definitions_path)
    if contest_ids is not None:
        unknown = sorted(set(contest_ids) - set(candidates["contest_id"]))
        if unknown:
            raise DataError(
                definitions_path, None, "ContestGroups",
                f"contest id(s) {unknown} not defined for election {election['election_id']}",
            )
        candidates = candidates[candidates["contest_id"].isin(contest_ids)]
    frames = []
    for snap_path in snapshot_paths:
        snap_path = Path(snap_path)
        stamp, snap = load_snapshot(snap_path)
        check_drop_matches(snap_path, snap, candidates)
        frames.append(_tidy_one(election, candidates, snap, stamp, snap_path, source_url))
    if not frames:
        return pd.DataFrame(columns=TIDY_COLUMNS)
    tidy = pd.concat(frames, ignore_index=True)
    return tidy.sort_values(
        ["snapshot_time", "contest_id", "votes", "candidate_id"],
        ascending=[True, True, False, True],
    ).reset_index(drop=True)[TIDY_COLUMNS]


def _tidy_one(election, candidates, snap, stamp, path, source_url) -> pd.DataFrame:
    cand_votes = (
        snap[snap["ReferenceType"] == "CAND"][["ReferenceID", "Value"]]
        .rename(columns={"ReferenceID": "candidate_id", "Value": "votes"})
    )
    dupes = cand_votes[cand_votes["candidate_id"].duplicated()]
    if not dupes.empty:
        raise DataError(path, None, "ReferenceID", f"candidate id {dupes.iloc[0, 0]} appears twice")
    out = candidates.merge(cand_votes, on="candidate_id", how="left")
    missing = out[out["votes"].isna()]
    if not missing.empty:
        first = missing.iloc[0]
        raise DataError(
            path, None, "ReferenceID",
            f"no CAND record for candidate {first['candidate_id']} ({first['candidate_name']}) "
            f"of contest {first['contest_id']}",
        )
    per_contest = snap[snap["ReferenceType"].isin(CONTEST_CODES)].pivot_table(
        index="ReferenceID", columns="ReferenceType", values="Value", aggfunc="sum"
    ).rename(columns=CONTEST_CODES)
    write_ins = (
        snap[snap["ReferenceType"].str.startswith("WRTN")].groupby("ReferenceID")["Value"].sum()
    )
    per_contest = per_contest.reindex(columns=list(CONTEST_CODES.values()))
    per_contest["write_in_votes"] = write_ins
    out = out.merge(per_contest, left_on="contest_id", right_index=True, how="left")
    denominator = out.groupby("contest_id")["votes"].transform("sum") + out["write_in_votes"].fillna(0)
    out["share"] = (out["votes"] / denominator).where(denominator > 0)
    for col in ["votes", "ballots", "undervotes", "overvotes", "candidate_votes", "write_in_votes"]:
        out[col] = out[col].astype("Int64")
    out = out.assign(**election)
    out["snapshot_time"] = stamp.isoformat()
    out["as_of"] = stamp.isoformat()
    out["source_file"] = path.name
    out["source_url"] = source_url
    return out
