"""TEST DATA: registrar feeds of the two shapes the results notebook must read besides a runoff.

Written by the project for its tests (nothing here comes from the publisher): a primary feed
(title "... Primary Election", three candidates, nobody past half of the votes) and, in the
same election, an unopposed contest (one candidate, write-ins reported). Shapes follow
../shared/data/lavote/README.md and tests/synthetic_feed.py. Two drops: one on election night,
one three days later.

Hand-worked values the tests check (computed here, not by the code under test):

- primary contest 801, latest drop: 4,210 + 3,105 + 1,685 = 9,000 votes for candidates, no
  write-ins. Shares: 4,210 / 9,000 = 46.78% -> "46.8%"; 3,105 / 9,000 = 34.5% -> "34.5%";
  1,685 / 9,000 = 18.72% -> "18.7%". The leader is short of a majority: a runoff.
- unopposed contest 802, latest drop: 5,432 votes for the candidate and 17 write-ins, so
  CFV = 5,449 (not the candidate's votes alone); share 5,432 / 5,449 = 99.69%.
"""

from __future__ import annotations

from pathlib import Path

from tests.synthetic_feed import drop_doc, write

ELECTION = 9101
TITLE = "TEST DATA June 2, 2026 Primary Election"
DATE = "2026-06-02T00:00:00"
CONTESTS = {
    801: ("TEST DATA Board of Education District 11", {8011: "ALPHA TESTCASE",
                                                      8012: "BETA TESTCASE",
                                                      8013: "GAMMA TESTCASE"}),
    802: ("TEST DATA Board of Education District 13", {8021: "DELTA TESTCASE"}),
}
NIGHT = drop_doc("6/2/2026 9:05:00 PM", {8011: 1200, 8012: 1150, 8013: 650, 8021: 2000},
                 contests=CONTESTS)
LATER = drop_doc("6/5/2026 4:30:00 PM", {8011: 4210, 8012: 3105, 8013: 1685, 8021: 5432},
                 contests=CONTESTS, write_ins={802: 17})

RACES_YML = """\
# TEST DATA races for the results notebook (tests/results_feeds.py)
races:
  - id: test-primary-2026
    title: "TEST DATA Board District 11 (2026)"
    short_title: "TEST DATA District 11"
    jurisdiction: lausd
    office: Board of Education
    district: 11
    primary_date: 2026-06-02
    general_date: 2026-11-03
    candidates:
      - {name: "Alpha Testcase", registrar_id: 8011, aliases: []}
      - {name: "Beta Testcase", registrar_id: 8012, aliases: []}
      - {name: "Gamma Testcase", registrar_id: 8013, aliases: []}
    results: {election_id: 9101, contest_id: 801}
  - id: test-unopposed-2026
    title: "TEST DATA Board District 13 (2026)"
    short_title: "TEST DATA District 13"
    jurisdiction: lausd
    office: Board of Education
    district: 13
    primary_date: 2026-06-02
    candidates:
      - {name: "Delta Testcase", registrar_id: 8021, aliases: []}
    results: {election_id: 9101, contest_id: 802}
"""


def definitions() -> dict:
    return {
        "Data": {
            "ID": ELECTION, "Title": TITLE, "Date": DATE,
            "ContestGroups": [{"Name": "TEST DATA contests", "Order": 1, "Contests": [
                {"ID": cid, "Title": title, "Type": "Candidate", "VoteFor": 1,
                 "Candidates": [{"ID": k, "Name": n, "Party": "", "Winner": False, "Votes": 0}
                                for k, n in cands.items()]}
                for cid, (title, cands) in CONTESTS.items()]}],
        },
        "TimeStamp": "6/2/2026 8:00:00 PM",
    }


def write_feed(folder: Path) -> tuple[Path, list[Path]]:
    """The definitions and both drops as files: (definitions, [drops])."""
    defs = write(folder / f"election_{ELECTION}.json", definitions())
    drops = [write(folder / f"results_{ELECTION}_2026-06-02T21-05-00.json", NIGHT),
             write(folder / f"results_{ELECTION}_2026-06-05T16-30-00.json", LATER)]
    return defs, drops
