"""Official outside-money totals next to the itemized independent expenditures behind them.

Reads an election saved by ``helpers.data.filings.lacity_ethics.fetch_election`` and lines up, per
candidate and side, the Ethics Commission's "outside money supporting/opposing" total with the sum
of the itemized expenditures. The official figure is the headline; a difference is something to
explain on the Methodology page, never a reason to replace it. A candidate file that was not saved
makes the itemized sum unknown (empty), never zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from helpers.data.filings.lacity_ethics import (
    IE_COLUMNS,
    SIDES,
    empty_independent_expenditures,
    parse_election_totals,
    parse_independent_expenditures,
    valid_id,
)
from helpers.data.filings.snapshots import read_manifest
from helpers.errors import DataError


@dataclass
class EthicsElection:
    """An election's official totals and itemized IEs as saved; ``missing_ie_files`` lists the
    candidate files not on disk (unknown, which is not zero)."""

    totals: pd.DataFrame
    independent_expenditures: pd.DataFrame
    missing_ie_files: list[str]


def load_election(raw_dir: str | Path, election_id: str | int) -> EthicsElection:
    """Read ``<raw>/<election_id>/`` (totals.html, ie_<cand>_<S|O>.json) into tables."""
    raw_dir, election_id = Path(raw_dir), valid_id(election_id, "election id")
    urls = {r["file"]: r["url"] for r in read_manifest(raw_dir)}
    rel = f"{election_id}/totals.html"
    if not (raw_dir / rel).exists():
        raise DataError(rel, None, None, "no saved totals page (run ethics-fetch first)")
    totals = parse_election_totals(
        (raw_dir / rel).read_bytes(), rel, election_id, urls.get(rel, "")
    )
    frames, missing = [], []
    for cand in totals["elec_seat_cand_id"]:
        for side in SIDES:
            ie_rel = f"{election_id}/ie_{cand}_{side}.json"
            if not (raw_dir / ie_rel).exists():
                missing.append(ie_rel)
                continue
            body = (raw_dir / ie_rel).read_bytes()
            frames.append(parse_independent_expenditures(body, ie_rel, cand, urls.get(ie_rel, "")))
    ies = pd.concat(frames, ignore_index=True) if frames else empty_independent_expenditures()
    return EthicsElection(totals, _one_per_expenditure(ies), missing)


def _one_per_expenditure(ies: pd.DataFrame) -> pd.DataFrame:
    """An expenditure listed in both the S and O answers (if the site ignored the flag) counts
    once; the same ie_id with different content is an error, not a choice."""
    key = ["elec_seat_cand_id", "ie_id"]
    content = [c for c in IE_COLUMNS if c not in ("source_file", "source_row", "source_url")]
    distinct = ies.drop_duplicates(subset=content)
    clash = distinct[distinct.duplicated(subset=key, keep=False)]
    if not clash.empty:
        first = clash.iloc[0]
        raise DataError(first["source_file"], int(first["source_row"]), "ie_id",
                        f"expenditure {first['ie_id']} is listed twice with different content")  # fmt: skip
    return distinct.sort_values(key + ["source_file"], ignore_index=True)


def reconcile_outside_money(election: EthicsElection) -> pd.DataFrame:
    """Per candidate and side: the Commission's official outside-money total next to the sum of
    the itemized IEs, in dollars, with the difference (official - itemized). ``itemized`` is
    empty when the candidate's file for that side was not saved."""
    ies, rows = election.independent_expenditures, []
    for _, cand in election.totals.iterrows():
        for flag, side in SIDES.items():
            mine = ies[(ies["elec_seat_cand_id"] == cand["elec_seat_cand_id"])
                       & (ies["support_oppose"] == side)]  # fmt: skip
            file = f"{cand['election_id']}/ie_{cand['elec_seat_cand_id']}_{flag}.json"
            official_cents = round(cand[f"outside_{side}"] * 100)
            itemized_cents = None
            if file not in election.missing_ie_files:
                itemized_cents = sum(round(a * 100) for a in mine["amount"])
            rows.append({
                "election_id": cand["election_id"], "office": cand["office"],
                "candidate": cand["candidate"], "elec_seat_cand_id": cand["elec_seat_cand_id"],
                "side": side, "official": official_cents / 100,
                "itemized": None if itemized_cents is None else itemized_cents / 100,
                "difference": None if itemized_cents is None
                else (official_cents - itemized_cents) / 100,
                "itemized_rows": len(mine),
            })  # fmt: skip
    columns = ["election_id", "office", "candidate", "elec_seat_cand_id", "side", "official",
               "itemized", "difference", "itemized_rows"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns).astype(
        {"official": "float64", "itemized": "float64", "difference": "float64"}
    )
