"""A transaction id names one line of one filing version: a repeat is a defect of the export.

CAL exports (NetFile, CAL-ACCESS) give every itemised line a ``Tran_ID``. The same id comes back
legitimately, and these are never flagged:
- across amendments: an amendment restates the filing under the same ids (the older version is
  superseded whole, ``amendments.py``);
- across schedules of one filing: NetFile files a contribution to a candidate on Schedule D
  and again on Schedule E under one id (real Berkeley and Oakland exports do);
- on the Summary sheet, whose ``Line_Item`` is a line number of each ``Form_Type`` (line 1 of
  the 460 summary, line 1 of Schedule A...): the key takes the form as filed, not only the
  schedule.

So the key is (filing, amendment, schedule, form as filed, transaction id); the filing key holds
the committee. Within one key:
- identical copies (every cell the engine reads is the same, whichever file holds them) are one
  line listed twice: a sheet saved twice into the raw folder, or NetFile repeating the Part 3
  contributions of a Form 496 once per 496 the committee filed that day, without the report
  number that would tell them apart (Berkeley 2017). The first in file order is kept and each
  repeat is quarantined naming it: counting it again would double the money.
- different lines under one id cannot both be the filer's, and nothing in the export says which
  one is: every one of them is quarantined, each naming the others, and none is counted.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.data.filings.canonical import distinct, group_codes, take

# Cells that say which line it is, not what it says (compared for identity: everything else).
_WHERE = ("source_format", "source_file", "source_row", "filing_key", "amendment_raw",
          "schedule", "form", "tran_id")  # fmt: skip


def _has_repeated_id(tran_id: pd.Series, eligible: np.ndarray) -> np.ndarray:
    """Eligible rows with a non-empty id that another eligible row also has (any filing): a
    cheap first pass, so the full key is built only for the few rows that can be repeats."""
    codes, uniques = distinct(tran_id)
    empty = np.append(np.asarray(uniques == "", dtype=bool), True)  # code -1 (missing) last
    codes = np.where(codes < 0, len(uniques), codes)
    idx = np.flatnonzero(eligible & ~empty[codes])
    if len(idx) == 0:
        return idx
    counts = np.bincount(codes[idx], minlength=len(uniques) + 1)
    return idx[counts[codes[idx]] > 1]


def _where(files: list[str], file: str, row: int) -> str:
    """``row 3`` when every copy is in one file, else ``name.csv row 3``."""
    return f"row {row}" if files == [file] else f"{file} row {row}"


def repeated_transactions(
    rows: pd.DataFrame, amendment: np.ndarray, eligible: np.ndarray
) -> tuple[np.ndarray, list[str]]:
    """Positions of the rows to quarantine and the reason for each (see the module docstring).

    ``eligible`` marks the rows still kept; ids are compared among those only, so a row already
    quarantined for another fault is not counted as a copy."""
    idx = _has_repeated_id(rows["tran_id"], eligible)
    if len(idx) == 0:
        return idx, []
    key = [take(rows[c], idx) for c in ("filing_key", "schedule", "form", "tran_id")]
    groups = group_codes([*key, pd.Series(amendment[idx])])
    sizes = np.bincount(groups)
    keep = sizes[groups] > 1
    idx, groups = idx[keep], groups[keep]
    if len(idx) == 0:
        return idx, []
    content = [take(rows[c], idx) for c in rows.columns if c not in _WHERE]
    sub = pd.DataFrame({
        "pos": idx, "group": groups, "content": group_codes(content),
        "file": take(rows["source_file"], idx).astype("str").to_numpy(),
        "row": rows["source_row"].to_numpy()[idx],
        "filing": take(rows["filing_key"], idx).astype("str").to_numpy(),
        "schedule": take(rows["schedule"], idx).astype("str").to_numpy(),
        "tran_id": take(rows["tran_id"], idx).astype("str").to_numpy(),
        "amendment": amendment[idx],
    }).sort_values("pos")  # fmt: skip
    out_pos, reasons = [], []
    for _, g in sub.groupby("group", sort=False):
        first = g.iloc[0]
        files = sorted(set(g["file"]))
        version = (f"transaction id {first['tran_id']!r}; filing {first['filing']}, amendment "
                   f"{first['amendment']}, schedule {first['schedule']}")  # fmt: skip
        if g["content"].nunique() == 1:
            here = _where(files, first["file"], first["row"])
            for pos in g["pos"].iloc[1:]:
                out_pos.append(pos)
                reasons.append(
                    "repeats an earlier line of the same filing version, the same in every "
                    f"column: counted once, from the earlier line ({here}; {version})"
                )
            continue
        if len(files) == 1:
            numbers = [str(n) for n in g["row"]]
            lines = "rows " + ", ".join(numbers[:-1]) + " and " + numbers[-1]
        else:
            lines = ", ".join(_where(files, r["file"], r["row"]) for _, r in g.iterrows())
        for pos in g["pos"]:
            out_pos.append(pos)
            reasons.append(
                "one transaction id on different lines of the same filing version: the export "
                "does not say which one the filer meant, so none is counted; check the filing "
                f"at its source ({lines}; {version})"
            )
    return np.asarray(out_pos, dtype=np.int64), reasons
