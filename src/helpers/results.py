"""Questions asked of the tidy results table (see helpers.lavote for how it is built)."""

from __future__ import annotations

import re
import unicodedata

import pandas as pd


def latest_snapshot(results: pd.DataFrame) -> pd.DataFrame:
    """The rows of the most recent snapshot, leader first."""
    last = results["snapshot_time"].max()
    latest = results[results["snapshot_time"] == last]
    return latest.sort_values(["votes", "candidate_id"], ascending=[False, True]).reset_index(drop=True)


def count_over_time(results: pd.DataFrame) -> pd.DataFrame:
    """Votes per candidate per snapshot, in time order: what a count-over-time chart draws."""
    cols = ["snapshot_time", "candidate_name", "votes", "share"]
    return results[cols].sort_values(["snapshot_time", "candidate_name"]).reset_index(drop=True)


def candidate_key(name: str) -> str:
    """A stable ASCII key for a candidate name, used in fact keys ('sherlett-hendy-newbill')."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")
