"""Synthetic rows in the m6g2-gc6c (L.A. City contributions) schema, for benchmarks and tests.

Every name is obviously fake ("SYNTHETIC DONOR 0001234", committees "TEST-0001") so a generated
file can never be mistaken for real filings. The mix is shaped like the real dataset (mostly
Schedule A on Form 460, some 497s, refunds, memo rows, Schedule I, loans) and includes a small
share of malformed amounts and impossible dates so the quarantine path is exercised at scale.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from helpers.data.filings.socrata import CONTRIBUTION_COLUMNS

FIRST_DAY = np.datetime64("2001-10-01")
LAST_DAY = np.datetime64("2024-12-31")


def _pool(prefix: str, size: int, width: int) -> np.ndarray:
    return np.asarray([f"{prefix} {i:0{width}d}" for i in range(1, size + 1)], dtype=object)


def _iso(days: np.ndarray) -> np.ndarray:
    return np.char.add(np.datetime_as_string(days, unit="D").astype(str), "T00:00:00.000")


def _chunk(rng: np.random.Generator, n: int, donors: int) -> pa.Table:
    span = int((LAST_DAY - FIRST_DAY).astype(int))
    day = FIRST_DAY + rng.integers(0, span, n).astype("timedelta64[D]")
    form = np.where(rng.random(n) < 0.92, "CA460", "CA497")
    is460 = form == "CA460"
    sched = rng.choice(["A", "C", "I", "B1"], n, p=[0.90, 0.04, 0.03, 0.03])
    sched = np.where(is460, sched, "")
    # Form 460 periods: the half year that contains the transaction date.
    year = day.astype("datetime64[Y]")
    second_half = (day - year.astype("datetime64[D]")).astype(int) >= 181
    beg = np.where(second_half, year.astype("datetime64[M]") + 6, year.astype("datetime64[M]"))
    beg = beg.astype("datetime64[D]")
    end = (beg.astype("datetime64[M]") + 6).astype("datetime64[D]") - 1
    cents = (rng.choice([2500, 5000, 10000, 25000, 50000, 80000], n)).astype(np.int64)
    cents = np.where(rng.random(n) < 0.3, rng.integers(100, 150000, n), cents)
    cents = np.where(rng.random(n) < 0.02, -cents, cents)
    amount = np.char.mod("%.2f", cents / 100.0)
    dirty = rng.random(n)
    amount = np.where(dirty < 0.0005, "1,23.4", amount)
    amount = np.where((dirty >= 0.0005) & (dirty < 0.003), "$1,234.56", amount)
    con_date = _iso(day)
    con_date = np.where(rng.random(n) < 0.0005, "02/30/2019", con_date)
    cmt = rng.integers(1, 3001, n)
    blank = np.full(n, "", dtype=object)
    cols = {
        "con_date": con_date,
        "con_name": np.char.add(
            "SYNTHETIC DONOR ", np.char.zfill(rng.integers(1, donors, n).astype(str), 7)
        ),
        "con_city_nm": _pool("Testville", 400, 3)[rng.integers(0, 400, n)],
        "con_state_nm": np.where(rng.random(n) < 0.9, "CA", "ZZ"),
        "con_zip_cd": np.char.zfill(rng.integers(1, 2000, n).astype(str), 5),
        "con_occp": _pool("SYNTHETIC OCCUPATION", 300, 3)[rng.integers(0, 300, n)],
        "con_empr": _pool("SYNTHETIC EMPLOYER", 5000, 4)[rng.integers(0, 5000, n)],
        "cmt_nm": np.char.add("SYNTHETIC COMMITTEE ", np.char.zfill(cmt.astype(str), 4)),
        "cmt_id": np.char.add("TEST-", np.char.zfill(cmt.astype(str), 4)),
        "cmt_type": np.where(cmt % 3 == 0, "PAC", "CTL"),
        "cand_name": np.char.add(
            "Testfixture, Candidate ", np.char.zfill((cmt % 1500).astype(str), 4)
        ),
        "seat_desc": np.char.add("SYNTHETIC SEAT ", (cmt % 20).astype(str)),
        "dist_num": (cmt % 15).astype(str),
        "con_type": rng.choice(["IND", "COM", "OTH"], n, p=[0.85, 0.1, 0.05]),
        "con_desc": blank,
        "con_amount": amount,
        "con_amount_pd_forgiven": np.where(sched == "B1", "10.00", ""),
        "form": form,
        "schedule": sched,
        "per_beg_date": np.where(is460, _iso(beg), ""),
        "per_end_date": np.where(is460, _iso(end), ""),
        "election_date": _iso(year.astype("datetime64[D]") + 65),
        "election_desc": np.char.add("SYNTHETIC ELECTION ", year.astype(str)),
        "int_name": blank,
        "int_city_nm": blank,
        "int_state_nm": blank,
        "int_zip_cd": blank,
        "int_occp": blank,
        "int_empr": blank,
        "memo": np.where(rng.random(n) < 0.03, "X", ""),
    }
    return pa.table({c: pa.array(np.asarray(cols[c]).astype(str)) for c in CONTRIBUTION_COLUMNS})


def write_contributions(
    path: str | Path, rows: int, seed: int = 2024, chunk: int = 500_000
) -> Path:
    """Write ``rows`` synthetic m6g2-gc6c rows to a CSV (quoted like a Socrata export)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    donors = max(rows // 4, 10)
    options = pacsv.WriteOptions(quoting_style="all_valid")
    tmp = path.with_suffix(".part")
    schema = pa.schema([(c, pa.string()) for c in CONTRIBUTION_COLUMNS])
    with pacsv.CSVWriter(tmp, schema, write_options=options) as writer:
        done = 0
        while done < rows:
            n = min(chunk, rows - done)
            writer.write_table(_chunk(rng, n, donors))
            done += n
    tmp.replace(path)
    return path
