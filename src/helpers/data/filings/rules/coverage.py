"""Drop Form 496/497 rows that a later Form 460 of the same filer reports again.

24-hour reports (496 independent expenditures, 497 late contributions) are filed before the
election and the filer's next Form 460 itemises the same transactions again. Counting both double
counts the money, the most common bug in campaign-finance pipelines. A 496/497 row is *covered*
when its transaction date falls inside the period of a (latest-amendment) Form 460 of the same
filer; covered rows are counted in the accounting, not kept in the tables.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def covered_by_460(
    filer: pd.Series, date: np.ndarray, candidates: np.ndarray, periods: pd.DataFrame
) -> np.ndarray:
    """``candidates`` marks 496/497 rows; ``periods`` has filer, begin, end of the 460s.

    ``filer`` and ``periods.filer`` must use the same coding (text, or shared integer codes).
    """
    out = np.zeros(len(filer), dtype=bool)
    idx = np.flatnonzero(candidates & ~np.isnat(date))
    if len(idx) == 0 or periods.empty:
        return out
    p = periods.dropna(subset=["begin", "end"])
    p = p[p["begin"] <= p["end"]].sort_values(["filer", "begin"])
    if p.empty:
        return out
    # Union of overlapping periods per filer: running max of end dates.
    p = p.assign(end=p.groupby("filer")["end"].cummax())
    rows = pd.DataFrame(
        {"filer": filer.to_numpy()[idx], "date": date[idx], "pos": idx}
    ).sort_values("date")
    merged = pd.merge_asof(
        rows,
        p.rename(columns={"begin": "date"}).sort_values("date"),
        on="date",
        by="filer",
        direction="backward",
    )
    hit = merged["end"].notna().to_numpy() & (merged["date"] <= merged["end"]).to_numpy()
    out[merged["pos"].to_numpy()[hit]] = True
    return out
