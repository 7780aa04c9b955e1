"""TEST DATA: a small synthetic registrar feed in the shape of results.lavote.gov's API.

Written by the project for its tests (no file here comes from the publisher or the mirror):
an election's definitions (``GetElectionData``) and results drops (``GetCounterData``) with
made-up ids, names and counts. Shapes follow ../shared/data/lavote/README.md: definitions are
``{"Data": {"ID", "Title", "Date", "ContestGroups": [...]}, "TimeStamp"}``, a drop is
``{"Data": [{"Number", "ReferenceID", "ReferenceType", "Value"}], "TimeStamp"}``.
"""

from __future__ import annotations

import json
from pathlib import Path

TEST_ELECTION = 9001
# contest id -> (title, {candidate id: name})
TEST_CONTESTS = {
    701: ("TEST DATA Board of Education District 9", {7011: "TEST CANDIDATE ALPHA",
                                                     7012: "TEST CANDIDATE BETA"}),
    702: ("TEST DATA Measure Z", {7021: "YES", 7022: "NO"}),
}


def definitions_doc(election: int = TEST_ELECTION, contests: dict | None = None,
                    timestamp: str = "11/5/2024 8:00:00 PM") -> dict:
    contests = TEST_CONTESTS if contests is None else contests
    return {
        "Data": {
            "ID": election,
            "Title": f"TEST DATA synthetic election {election}",
            "Date": "2024-11-05T00:00:00",
            "ContestGroups": [{
                "Name": "TEST DATA contests",
                "Order": 1,
                "Contests": [
                    {"ID": cid, "Title": title, "Type": "Candidate", "VoteFor": 1,
                     "Candidates": [{"ID": k, "Name": n, "Party": "", "Winner": False, "Votes": 0}
                                    for k, n in cands.items()]}
                    for cid, (title, cands) in contests.items()
                ],
            }],
        },
        "TimeStamp": timestamp,
    }


def drop_doc(timestamp: str, votes: dict[int, int], contests: dict | None = None,
             undervotes: int = 5, overvotes: int = 1, write_ins: dict[int, int] | None = None) -> dict:
    """A drop: CAND rows from ``votes`` and per-contest CBLT/CFV/CUV/COV consistent with them
    (CFV = candidate votes + write-ins, CBLT = CFV + CUV + COV)."""
    contests = TEST_CONTESTS if contests is None else contests
    write_ins = write_ins or {}
    records = []

    def add(ref, kind, value):
        records.append({"Number": len(records) + 1, "ReferenceID": ref, "ReferenceType": kind,
                        "Value": value})

    for cid, (_, cands) in contests.items():
        cfv = sum(votes[k] for k in cands) + write_ins.get(cid, 0)
        add(cid, "CBLT", cfv + undervotes + overvotes)
        add(cid, "CFV", cfv)
        add(cid, "CUV", undervotes)
        add(cid, "COV", overvotes)
        if cid in write_ins:
            add(cid, "WRTN-01", write_ins[cid])
        for k in cands:
            add(k, "CAND", votes[k])
    add(0, "MBLT", 999)  # an election-wide code the adapter ignores
    return {"Data": records, "TimeStamp": timestamp}


FIRST = drop_doc("11/5/2024 8:36:34 PM", {7011: 100, 7012: 50, 7021: 80, 7022: 60})
SECOND = drop_doc("11/6/2024 5:10:00 PM", {7011: 150, 7012: 90, 7021: 120, 7022: 100},
                  write_ins={701: 4})


def to_bytes(doc: dict) -> bytes:
    return json.dumps(doc, indent=1).encode("utf-8")


def write(path: Path, doc: dict) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(to_bytes(doc))
    return path


def raised_drop(doc: dict, extra: dict[int, int], contest: int, timestamp: str) -> dict:
    """TEST DATA variant of a drop: the given candidates' counts raised, their contest's
    CFV and CBLT raised by the same total (so the feed's arithmetic still holds), a new
    TimeStamp. Written to temporary folders only, never into the repository."""
    out = json.loads(json.dumps(doc))
    out["TimeStamp"] = timestamp
    for rec in out["Data"]:
        if rec["ReferenceType"] == "CAND" and rec["ReferenceID"] in extra:
            rec["Value"] += extra[rec["ReferenceID"]]
    bump = sum(extra.values())
    for rec in out["Data"]:
        if rec["ReferenceID"] == contest and rec["ReferenceType"] in ("CFV", "CBLT"):
            rec["Value"] += bump
    return out


def contests_of_races(races_yml: Path, election: int) -> dict:
    """TEST DATA contests for an election from config/races.yml: each configured contest id
    with its candidates' registrar ids (names upper-cased, as the feed spells them)."""
    from helpers.data.races import load_races

    contests = {}
    for race in load_races(races_yml).races:
        if race.results and race.results.election_id == election:
            contests[race.results.contest_id] = (
                f"TEST DATA {race.title}",
                {c.registrar_id: c.name.upper() for c in race.candidates if c.registrar_id})
    return contests
