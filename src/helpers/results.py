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
