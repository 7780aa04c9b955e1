"""Honest peers of the filings engine, for ``bench_filings.py``: the same rules written by hand
with vectorised pandas and with DuckDB SQL, and the floor (Arrow reading the CSV as text).

Each peer reads one L.A. City contributions CSV (the m6g2-gc6c schema the benchmark generates) and
applies the cleaning rules of docs/filings.md that this schema can trigger, in the engine's order:

1. identity: a row needs a committee (its ``cmt_id``, or its normalised name when the id is empty,
   ``Pending``, ``N/A`` or ``None``); a filing is ``LAC|committee|form|period begin|period end``,
   amendment 0 (the portal publishes current versions);
2. amendments: per filing, rows of a version older than the latest are superseded (a window
   maximum in SQL, a group-wise maximum in pandas);
3. strict parsing of every money and date cell the tables use (the regular expressions of
   ``helpers.data.filings.money`` and ``helpers.data.filings.dates``, February 30 and bad thousands
   grouping rejected), the first failing cell of a row is quarantined with its column;
4. Form 496/497 rows dated inside a Form 460 period of the same committee are covered;
5. loans count net of the amount paid or forgiven; the m6g2 ``memo`` column is free text
   (``memo_text``), never a memo code, so no row is a memo line;
6. every kept row lands in one table by its form and schedule (contributions and loans,
   independent expenditures, payments, other records such as Schedule I), with the published
   columns the m6g2 file fills, normalised committee and candidate names included; the
   quarantine and excluded lists and the accounting (raw = kept + superseded + covered +
   rejected) are built too.

What the engine does on top (and the peers do not): the filings, committees and candidates
tables, crosswalk look-ups, every other source format, and error messages naming the offending
cell's text. The peers are therefore given the easier job.

``summarise_*`` reduce each result to what the benchmark compares: rows per bucket, rows and
money (integer cents) per table, a checksum of the kept rows' spreadsheet row numbers per table,
and quarantined rows per source column. The benchmark fails if a peer's summary differs from the
engine's on the same file.
"""

# ruff: noqa: S608  (SQL text is built from this module's own constants and a file path)
from __future__ import annotations

from pathlib import Path

import numpy as np

from helpers.data.filings.dates import EXCEL_EPOCH, ISO, MIN_YEAR, PIVOT, SERIAL, US
from helpers.data.filings.money import MAX_WHOLE_DIGITS, NEGATIVE_MINUS, NEGATIVE_PAREN, POSITIVE

CONTRIBUTION, LOAN, IE, EXPENDITURE, OTHER = range(5)
TABLES = ["contributions", "independent_expenditures", "expenditures", "other_records"]
NO_ID = ["", "PENDING", "N/A", "NONE"]
F460_SCHEDULES = ["A", "B1", "B2", "B3", "C", "D", "E", "F", "G", "H", "H1", "H2", "H3", "I",
                  "SMRY", "SUMMARY", "F460"]  # fmt: skip
NOT_USED = ["G", "H", "B2", "B3"]
# m6g2 column -> the name the published tables use (columns the file does not have are empty).
M6G2 = {
    "cmt_id": "filer_id", "cmt_nm": "committee_name", "form": "form", "schedule": "schedule",
    "per_beg_date": "period_begin", "per_end_date": "period_end",
    "election_date": "election_date", "con_type": "contributor_type",
    "con_name": "contributor_name", "con_city_nm": "contributor_city",
    "con_state_nm": "contributor_state", "con_zip_cd": "contributor_zip",
    "con_occp": "contributor_occupation", "con_empr": "contributor_employer",
    "con_date": "tran_date", "con_amount": "amount", "con_amount_pd_forgiven": "paid_forgiven",
    "con_desc": "description", "cand_name": "candidate_name", "seat_desc": "office",
    "dist_num": "district", "memo": "memo_text", "int_name": "intermediary_name",
    "int_city_nm": "intermediary_city", "int_state_nm": "intermediary_state",
}  # fmt: skip
SOURCE_COLUMN = {v: k for k, v in M6G2.items()}
SOURCE_COLUMN["sup_opp"] = "sup_opp"  # m6g2 has no support/oppose column
# Published columns per table (those the m6g2 file can fill; ids from crosswalks excluded).
BASE = ["source_format", "source_file", "source_row", "filing_id", "amendment", "form",
        "schedule", "filer_id", "committee_name", "committee_name_norm"]  # fmt: skip
COLUMNS = {
    "contributions": BASE + [
        "candidate_name", "candidate_name_norm", "office", "district", "contributor_name",
        "contributor_type", "contributor_city", "contributor_state", "contributor_zip",
        "contributor_occupation", "contributor_employer", "intermediary_name",
        "intermediary_city", "intermediary_state", "contribution_date", "amount",
        "amount_reported", "amount_paid_forgiven", "is_loan", "memo", "counts_in_totals",
        "description", "memo_text", "period_begin", "period_end", "election_date"],
    "independent_expenditures": BASE + [
        "candidate_name", "candidate_name_norm", "office", "district", "support_oppose",
        "amount", "expenditure_date", "payee_name", "description", "memo_text", "memo",
        "counts_in_totals", "period_begin", "period_end", "election_date"],
    "expenditures": BASE + [
        "payee_name", "payee_city", "payee_state", "candidate_name", "expenditure_date",
        "amount", "description", "memo_text", "memo", "counts_in_totals"],
    "other_records": BASE + ["name", "record_date", "amount", "description", "why_not_used"],
}  # fmt: skip
RENAMES = {  # table column -> working column, where they differ
    "contribution_date": "tran_date", "expenditure_date": "tran_date", "record_date": "tran_date",
    "payee_name": "contributor_name", "payee_city": "contributor_city",
    "payee_state": "contributor_state", "name": "contributor_name",
}  # fmt: skip


# ---- the floor ---------------------------------------------------------------------------------
def run_floor(path: Path, columns: list[str] | None = None) -> dict:
    """Arrow reads the CSV as text (every cell a string, nothing parsed): no engine can read less.

    ``columns`` limits it to the columns the engine uses (the stricter floor)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    with open(path, encoding="utf-8-sig") as fh:
        import csv

        names = [c.strip() for c in next(csv.reader(fh))]
    table = pacsv.read_csv(
        path,
        read_options=pacsv.ReadOptions(column_names=names, skip_rows=1),
        convert_options=pacsv.ConvertOptions(
            column_types={n: pa.string() for n in names},
            strings_can_be_null=False,
            include_columns=columns,
        ),
    )
    return {"raw": table.num_rows}


# ---- pandas ------------------------------------------------------------------------------------
def _pd_normalise(values):
    """The names rule (helpers.data.filings.names) on a text Series, computed once per distinct name."""
    import pandas as pd

    codes, uniques = pd.factorize(values)
    u = pd.Series(uniques, dtype="str")
    u = (
        u.str.normalize("NFKD").str.encode("ascii", "ignore").str.decode("ascii")
        .str.upper().str.replace("&", " AND ", regex=False)
        .str.replace(r"[^A-Z0-9]+", " ", regex=True).str.strip()
    )  # fmt: skip
    return pd.Series(u.to_numpy(dtype=object)[codes], index=values.index, dtype="str")


def _pd_money(values):
    """(cents int64, missing, invalid) for a stripped text Series; each distinct text once."""
    import pandas as pd

    codes, uniques = pd.factorize(values)
    s = pd.Series(uniques, dtype="str")
    missing = (s == "").to_numpy()
    pos = s.str.fullmatch(POSITIVE).to_numpy(dtype=bool)
    neg = (s.str.fullmatch(NEGATIVE_MINUS) | s.str.fullmatch(NEGATIVE_PAREN)).to_numpy(dtype=bool)
    digits = s.str.replace(r"[$,()\-]", "", regex=True).where(pos | neg, "0")
    whole = digits.str.replace(r"\..*$", "", regex=True).str.lstrip("0")
    frac = digits.str.replace(r"^[^.]*\.?", "", regex=True)
    too_large = (whole.str.len() > MAX_WHOLE_DIGITS).to_numpy(dtype=bool)
    whole = whole.where(~too_large & (whole != ""), "0")
    frac = frac.str.pad(2, side="right", fillchar="0").str.slice(0, 2)
    cents = whole.astype("int64").to_numpy() * 100 + frac.astype("int64").to_numpy()
    valid = (pos | neg) & ~too_large
    cents = np.where(neg, -cents, cents)
    cents[~valid] = 0
    invalid = ~valid & ~missing
    return cents[codes], missing[codes], invalid[codes]


def _pd_dates(values):
    """(datetime64[s] with NaT, missing, invalid) for a stripped text Series, per distinct text."""
    import pandas as pd

    codes, uniques = pd.factorize(values)
    s = pd.Series(uniques, dtype="str")
    missing = (s == "").to_numpy()
    iso = s.str.extract(ISO)
    us = s.str.extract(US)
    ok_iso = iso["y"].notna().to_numpy()
    ok_us = us["y"].notna().to_numpy()
    y = iso["y"].fillna(us["y"]).fillna("0")
    two = (y.str.len() == 2).to_numpy()
    year = pd.to_numeric(y).to_numpy()
    year = np.where(two, np.where(year < PIVOT, 2000 + year, 1900 + year), year)
    month = pd.to_numeric(iso["m"].fillna(us["m"]).fillna("0")).to_numpy()
    day = pd.to_numeric(iso["d"].fillna(us["d"]).fillna("0")).to_numpy()
    matched = (ok_iso | ok_us) & (year >= MIN_YEAR) & (year <= 9999)
    when = pd.to_datetime(
        pd.DataFrame({"year": np.where(matched, year, 2000), "month": month, "day": day}),
        errors="coerce",
    ).to_numpy(dtype="datetime64[s]")
    when[~matched] = np.datetime64("NaT")
    serial = s.str.extract(SERIAL)["n"]
    is_serial = serial.notna().to_numpy()
    if is_serial.any():
        days = pd.to_numeric(serial.fillna("0")).to_numpy().astype("timedelta64[D]")
        when = np.where(is_serial, np.datetime64(EXCEL_EPOCH.isoformat(), "s") + days, when)
    invalid = np.isnat(when) & ~missing
    return when[codes], missing[codes], invalid[codes]


def _pd_family(form):
    """Form family (460, 496, 497 or '') per row, from the stripped text; each distinct once."""
    import pandas as pd

    codes, uniques = pd.factorize(form)
    u = pd.Series(uniques, dtype="str").str.upper()
    found = u.str.extract(r"(4[69][067])", expand=False).fillna("")
    family = found.where(~u.isin(F460_SCHEDULES), "460").to_numpy(dtype=object)
    return pd.Series(family[codes], index=form.index, dtype="str")


def _pd_why(schedule):
    """Why a kept row is in other_records, from its schedule."""
    u = schedule.str.upper()
    out = ("Schedule " + u).where(~u.isin(["SMRY", "SUMMARY"]), "summary line, not a transaction")
    return out.where(u != "I", "Schedule I: miscellaneous increase to cash, not a contribution")


def run_pandas(path: Path, source_file: str) -> dict:
    """The rules in vectorised pandas; returns the tables, quarantine, excluded and accounting."""
    import pandas as pd

    raw = pd.read_csv(path, dtype=str, keep_default_na=False, engine="pyarrow")
    raw.columns = [c.strip() for c in raw.columns]
    n = len(raw)
    df = pd.DataFrame({M6G2[c]: raw[c].str.strip() for c in M6G2}, copy=False)
    del raw
    df["source_row"] = np.arange(2, n + 2, dtype=np.int64)
    # 1. identity
    named = _pd_normalise(df["committee_name"])
    no_id = df["filer_id"].str.upper().isin(NO_ID)
    df["filer_key"] = df["filer_id"].where(~no_id, ("name:" + named).where(named != "", ""))
    df["filing_id"] = (
        "LAC|" + df["filer_key"] + "|" + df["form"] + "|" + df["period_begin"] + "|"
        + df["period_end"]
    )  # fmt: skip
    df["amendment"] = np.zeros(n, dtype=np.int64)
    # kind of row, from form and schedule
    sched = df["schedule"].str.upper()
    form_u = df["form"].str.upper()
    fam = _pd_family(df["form"])
    fam = fam.where(fam != "", _pd_family(df["schedule"]))
    p3 = sched.str.contains("P3", regex=False) | form_u.str.contains("P3", regex=False)
    p2 = sched.str.contains("P2", regex=False) | form_u.str.contains("P2", regex=False)
    kind = np.select(
        [sched == "EXP", sched == "I", sched.isin(NOT_USED), sched.isin(["D", "F461P5"]),
         sched == "F465P3", fam == "496", fam == "497", sched.isin(["A", "C"]),
         sched.isin(["B", "B1"]), sched == "E"],
        [EXPENDITURE, OTHER, OTHER, IE, IE, np.where(p3, CONTRIBUTION, IE),
         np.where(p2, EXPENDITURE, CONTRIBUTION), CONTRIBUTION, LOAN, EXPENDITURE],
        default=OTHER,
    ).astype(np.int8)  # fmt: skip
    is_txn = kind != OTHER
    is_ie = kind == IE
    is_loan = kind == LOAN

    status = np.zeros(n, dtype=np.int8)  # 0 kept, 1 superseded, 2 covered, 3 rejected
    rej_col = np.full(n, "", dtype=object)

    def reject(mask, column):
        hit = mask & (status == 0)
        status[hit] = 3
        rej_col[hit] = SOURCE_COLUMN[column]

    reject((df["filer_key"] == "").to_numpy(), "filer_id")
    # 2. amendments: the latest version of each filing among rows that name one
    versioned = status == 0
    latest = (
        pd.Series(np.where(versioned, df["amendment"], -1))
        .groupby(df["filing_id"].to_numpy()).transform("max").to_numpy()
    )  # fmt: skip
    status[versioned & (df["amendment"].to_numpy() < latest)] = 1
    # 3. strict parsing
    tran, tran_missing, tran_bad = _pd_dates(df["tran_date"])
    reject(is_txn & tran_missing, "tran_date")
    reject(tran_bad, "tran_date")
    cents, amount_missing, amount_bad = _pd_money(df["amount"])
    reject(is_txn & amount_missing, "amount")
    reject(amount_bad, "amount")
    paid, paid_missing, paid_bad = _pd_money(df["paid_forgiven"])
    reject(is_loan & paid_bad, "paid_forgiven")
    dates = {}
    for col in ("period_begin", "period_end", "election_date"):
        dates[col], _, bad = _pd_dates(df[col])
        reject(bad, col)
    reject(is_ie, "sup_opp")  # no support/oppose code in this schema: an IE cannot be read
    # 4. 24-hour reports covered by a Form 460 of the same committee
    periods = (
        pd.DataFrame(
            {"filer": df["filer_key"], "begin": dates["period_begin"], "end": dates["period_end"]}
        )[((fam == "460").to_numpy() & (status != 1))]
        .dropna()
        .drop_duplicates()
    )
    periods = periods[periods["begin"] <= periods["end"]].sort_values(["filer", "begin"])
    periods["end"] = periods.groupby("filer")["end"].cummax()
    cand = (status == 0) & fam.isin(["496", "497"]).to_numpy() & (is_ie | (kind == CONTRIBUTION))
    cand &= ~np.isnat(tran)
    rows = pd.DataFrame(
        {"filer": df["filer_key"].to_numpy()[cand], "date": tran[cand],
         "pos": np.flatnonzero(cand)}
    ).sort_values("date")  # fmt: skip
    if len(rows) and len(periods):
        hits = pd.merge_asof(
            rows, periods.rename(columns={"begin": "date"}).sort_values("date"),
            on="date", by="filer", direction="backward",
        )  # fmt: skip
        covered = hits["end"].notna() & (hits["date"] <= hits["end"])
        status[hits["pos"].to_numpy()[covered.to_numpy()]] = 2
    # 5. an independent expenditure must name a candidate (m6g2 has no measure column)
    reject(is_ie & (df["candidate_name"] == "").to_numpy(), "candidate_name")
    # tables
    df["committee_name_norm"] = named
    df["candidate_name_norm"] = _pd_normalise(df["candidate_name"])
    df["source_format"] = "lacity_contributions"
    df["source_file"] = source_file
    net = np.where(is_loan, cents - np.where(paid_missing, 0, paid), cents)
    df["amount"] = net / 100.0
    df["amount_reported"] = cents / 100.0
    df["amount_paid_forgiven"] = np.where(paid_missing, np.nan, paid / 100.0)
    df["is_loan"] = is_loan
    df["memo"] = False
    df["counts_in_totals"] = True
    df["support_oppose"] = pd.Series(pd.NA, index=df.index, dtype="str")
    df["tran_date"] = tran
    for col, values in dates.items():
        df[col] = values
    other_amount = np.where(amount_missing, np.nan, cents / 100.0)
    tables = {}
    kept = status == 0
    for table, kinds in (("contributions", [CONTRIBUTION, LOAN]),
                         ("independent_expenditures", [IE]), ("expenditures", [EXPENDITURE]),
                         ("other_records", [OTHER])):  # fmt: skip
        mask = kept & np.isin(kind, kinds)
        cols = {c: RENAMES.get(c, c) for c in COLUMNS[table]}
        present = [c for c in dict.fromkeys(cols.values()) if c in df.columns]
        out = df.loc[mask, present].reset_index(drop=True)
        out = out.rename(columns={v: k for k, v in cols.items() if k != v})
        if table == "other_records":
            out["amount"] = other_amount[mask]
            out["why_not_used"] = _pd_why(out["schedule"])
        tables[table] = out[COLUMNS[table]]
    bad = status == 3
    tables["quarantine"] = pd.DataFrame(
        {"source_file": source_file, "row": df["source_row"].to_numpy()[bad],
         "column": rej_col[bad]}
    )  # fmt: skip
    out_rows = (status == 1) | (status == 2)
    tables["excluded"] = pd.DataFrame(
        {"source_file": source_file, "row": df["source_row"].to_numpy()[out_rows],
         "filing_id": df["filing_id"].to_numpy()[out_rows], "status": status[out_rows]}
    )  # fmt: skip
    counts = np.bincount(status, minlength=4)
    accounting = {"raw": n, "kept": int(counts[0]), "superseded": int(counts[1]),
                  "covered": int(counts[2]), "rejected": int(counts[3])}  # fmt: skip
    assert accounting["raw"] == sum(counts), "rows went missing"
    return {"tables": tables, "accounting": accounting}


def summarise_frames(tables: dict, accounting: dict) -> dict:
    """What the benchmark compares, from pandas tables with dollar amounts (engine and pandas)."""
    out = {"buckets": {k: int(accounting[k]) for k in
                       ("raw", "kept", "superseded", "covered", "rejected")}}  # fmt: skip
    per = {}
    for name in TABLES:
        t = tables[name]
        amount = t["amount"].to_numpy(dtype=np.float64)
        counts = t["counts_in_totals"].to_numpy(dtype=bool) if "counts_in_totals" in t else None
        cents = np.rint(np.nan_to_num(amount) * 100).astype(np.int64)
        entry = {
            "rows": len(t),
            "amount_cents": int(cents.sum()),
            "row_checksum": int(t["source_row"].to_numpy(dtype=np.int64).sum()),
        }
        if counts is not None:
            entry["counted_cents"] = int(cents[counts].sum())
        if name == "contributions":
            for col in ("amount_reported", "amount_paid_forgiven"):
                v = np.nan_to_num(t[col].to_numpy(dtype=np.float64))
                entry[col + "_cents"] = int(np.rint(v * 100).astype(np.int64).sum())
        per[name] = entry
    out["tables"] = per
    q = tables["quarantine"]["column"].value_counts()
    out["quarantine_by_column"] = {str(k): int(v) for k, v in sorted(q.items())}
    return out


# ---- DuckDB ------------------------------------------------------------------------------------
def _sql_money(col: str) -> str:
    """(ok, cents) SQL expressions for a stripped money text column."""
    ok = (f"(regexp_full_match({col}, '{POSITIVE}') OR regexp_full_match({col}, "
          f"'{NEGATIVE_MINUS}') OR regexp_full_match({col}, '{NEGATIVE_PAREN}'))")  # fmt: skip
    digits = f"regexp_replace({col}, '[$,()\\-]', '', 'g')"
    whole = f"ltrim(split_part({digits}, '.', 1), '0')"
    frac = f"left(rpad(split_part({digits}, '.', 2), 2, '0'), 2)"
    valid = f"({ok} AND length({whole}) <= {MAX_WHOLE_DIGITS})"
    cents = (f"CASE WHEN {valid} THEN (CASE WHEN starts_with({col}, '-') OR starts_with({col}, '(') "
             f"OR starts_with({col}, '$-') OR starts_with({col}, '$(') THEN -1 ELSE 1 END) * "
             f"(coalesce(try_cast(nullif({whole}, '') AS BIGINT), 0) * 100 + "
             f"cast({frac} AS BIGINT)) END")  # fmt: skip
    return valid, cents


def _sql_date(col: str) -> str:
    """A DATE (NULL when empty or unreadable or impossible) from a stripped text column."""
    pat = {"iso": ISO, "us": US}
    parts = {}
    for name, p in pat.items():
        groups = "['y', 'm', 'd']" if name == "iso" else "['m', 'd', 'y']"
        parts[name] = f"regexp_extract({col}, '{p}', {groups})"
    y_us = (f"(CASE WHEN length({parts['us']}.y) = 2 THEN (CASE WHEN cast({parts['us']}.y AS INT)"
            f" < {PIVOT} THEN 2000 ELSE 1900 END) + cast({parts['us']}.y AS INT) "
            f"ELSE cast({parts['us']}.y AS INT) END)")  # fmt: skip

    def made(y, m, d):
        return (f"(CASE WHEN {y} BETWEEN {MIN_YEAR} AND 9999 THEN "
                f"try(make_date({y}, cast({m} AS INT), cast({d} AS INT))) END)")  # fmt: skip

    iso, us = parts["iso"], parts["us"]
    serial = f"DATE '{EXCEL_EPOCH.isoformat()}' + cast(regexp_extract({col}, '{SERIAL}', 1) AS INT)"
    from_iso = made(f"cast({iso}.y AS INT)", f"{iso}.m", f"{iso}.d")
    from_us = made(y_us, f"{us}.m", f"{us}.d")
    return (
        f"(CASE WHEN regexp_full_match({col}, '{SERIAL}') THEN {serial} "
        f"WHEN regexp_full_match({col}, '{ISO}') THEN {from_iso} "
        f"WHEN regexp_full_match({col}, '{US}') THEN {from_us} END)"
    )


def _sql_norm(col: str) -> str:
    return (f"trim(regexp_replace(replace(upper(strip_accents({col})), '&', ' AND '), "
            f"'[^A-Z0-9]+', ' ', 'g'))")  # fmt: skip


def duckdb_sql(path: Path, source_file: str) -> list[str]:
    """The statements, in order; the last ones create the output tables.

    Parsing and name normalising run once per distinct text, in lookup tables joined back to
    the rows (what an SQL writer does with an expensive per-value function)."""
    text = ",\n".join(f"trim(coalesce(\"{src}\", '')) AS {dst}" for src, dst in M6G2.items())
    money_ok, money_cents = _sql_money("s")
    sched_list = ", ".join(f"'{s}'" for s in F460_SCHEDULES)
    fam = ("CASE WHEN upper({c}) IN (" + sched_list + ") THEN '460' ELSE "
           "regexp_extract(upper({c}), '(4[69][067])', 1) END")  # fmt: skip
    no_id = ", ".join(f"'{x}'" for x in NO_ID)
    kind = """CASE
        WHEN sched = 'EXP' THEN 'expenditure'
        WHEN sched = 'I' THEN 'other'
        WHEN sched IN ('G', 'H', 'B2', 'B3') THEN 'other'
        WHEN sched IN ('D', 'F461P5') THEN 'independent_expenditure'
        WHEN sched = 'F465P3' THEN 'independent_expenditure'
        WHEN family = '496' THEN CASE WHEN contains(sched, 'P3')
            OR contains(upper(form), 'P3') THEN 'contribution' ELSE 'independent_expenditure' END
        WHEN family = '497' THEN CASE WHEN contains(sched, 'P2')
            OR contains(upper(form), 'P2') THEN 'expenditure' ELSE 'contribution' END
        WHEN sched IN ('A', 'C') THEN 'contribution'
        WHEN sched IN ('B', 'B1') THEN 'loan'
        WHEN sched = 'E' THEN 'expenditure'
        ELSE 'other' END"""
    why = """CASE WHEN sched = 'I'
        THEN 'Schedule I: miscellaneous increase to cash, not a contribution'
        WHEN sched IN ('SMRY', 'SUMMARY') THEN 'summary line, not a transaction'
        ELSE 'Schedule ' || sched END"""
    src = str(path).replace("'", "''")
    sf = source_file.replace("'", "''")
    return [
        f"""CREATE TEMP TABLE raw AS
        SELECT row_number() OVER () + 1 AS source_row, {text}
        FROM read_csv_auto('{src}', all_varchar = true, header = true)""",
        f"""CREATE TEMP TABLE day_of AS
        SELECT s, {_sql_date("s")} AS day FROM (
          SELECT DISTINCT tran_date AS s FROM raw UNION SELECT DISTINCT period_begin FROM raw
          UNION SELECT DISTINCT period_end FROM raw UNION SELECT DISTINCT election_date FROM raw)""",
        f"""CREATE TEMP TABLE cents_of AS
        SELECT s, {money_ok} AS ok, {money_cents} AS cents FROM (
          SELECT DISTINCT amount AS s FROM raw UNION SELECT DISTINCT paid_forgiven FROM raw)""",
        f"""CREATE TEMP TABLE norm_of AS
        SELECT s, {_sql_norm("s")} AS norm FROM (
          SELECT DISTINCT committee_name AS s FROM raw
          UNION SELECT DISTINCT candidate_name FROM raw)""",
        f"""CREATE TEMP TABLE kind_of AS
        WITH f AS (SELECT DISTINCT form, schedule FROM raw),
        g AS (SELECT form, schedule, upper(schedule) AS sched,
                coalesce(nullif({fam.format(c="form")}, ''), {fam.format(c="schedule")})
                AS family FROM f)
        SELECT form, schedule, family, {kind} AS kind, {why} AS why_not_used FROM g""",
        # The rules run on a narrow table (row number, keys, parsed values); the wide text
        # columns join back once, for the output tables.
        f"""CREATE TEMP TABLE facts AS
        WITH p AS (
          SELECT r.source_row, cn.norm AS committee_name_norm, kn.norm AS candidate_name_norm,
            CASE WHEN upper(r.filer_id) NOT IN ({no_id}) THEN r.filer_id
                 WHEN cn.norm <> '' THEN 'name:' || cn.norm ELSE '' END AS filer_key,
            r.form, r.period_begin, r.period_end, r.candidate_name = '' AS no_candidate,
            k.family, k.kind, k.why_not_used,
            k.kind IN ('contribution', 'loan', 'independent_expenditure', 'expenditure')
                AS is_txn,
            r.tran_date = '' AS no_date, t.day AS tran_day,
            r.amount = '' AS no_amount, a.ok AS amount_ok, a.cents AS amount_cents,
            r.paid_forgiven = '' AS no_paid, p.ok AS paid_ok, p.cents AS paid_cents,
            r.period_begin <> '' AND b.day IS NULL AS bad_begin, b.day AS begin_day,
            r.period_end <> '' AND e.day IS NULL AS bad_end, e.day AS end_day,
            r.election_date <> '' AND el.day IS NULL AS bad_election, el.day AS election_day
          FROM raw r
          JOIN norm_of cn ON cn.s = r.committee_name
          JOIN norm_of kn ON kn.s = r.candidate_name
          JOIN kind_of k ON k.form = r.form AND k.schedule = r.schedule
          JOIN day_of t ON t.s = r.tran_date
          JOIN day_of b ON b.s = r.period_begin
          JOIN day_of e ON e.s = r.period_end
          JOIN day_of el ON el.s = r.election_date
          JOIN cents_of a ON a.s = r.amount
          JOIN cents_of p ON p.s = r.paid_forgiven),
        v AS (
          SELECT * EXCLUDE (form, period_begin, period_end),
            'LAC|' || filer_key || '|' || form || '|' || period_begin || '|' || period_end
                AS filing_id, 0::BIGINT AS amendment, filer_key <> '' AS versioned
          FROM p),
        w AS (
          SELECT *, versioned AND amendment < max(CASE WHEN versioned THEN amendment END)
              OVER (PARTITION BY filing_id) AS superseded
          FROM v)
        SELECT *,
          CASE WHEN NOT versioned THEN 'cmt_id'
               WHEN superseded THEN NULL
               WHEN is_txn AND no_date THEN 'con_date'
               WHEN NOT no_date AND tran_day IS NULL THEN 'con_date'
               WHEN is_txn AND no_amount THEN 'con_amount'
               WHEN NOT no_amount AND NOT amount_ok THEN 'con_amount'
               WHEN kind = 'loan' AND NOT no_paid AND NOT paid_ok THEN 'con_amount_pd_forgiven'
               WHEN bad_begin THEN 'per_beg_date'
               WHEN bad_end THEN 'per_end_date'
               WHEN bad_election THEN 'election_date'
               WHEN kind = 'independent_expenditure' THEN 'sup_opp'
          END AS rejected_column
        FROM w""",
        """CREATE TEMP TABLE periods AS
        SELECT DISTINCT filer_key, begin_day, end_day FROM facts
        WHERE family = '460' AND NOT superseded AND begin_day IS NOT NULL
          AND end_day IS NOT NULL AND begin_day <= end_day""",
        """CREATE TEMP TABLE covered AS
        SELECT DISTINCT f.source_row FROM facts f JOIN periods p
          ON f.filer_key = p.filer_key AND f.tran_day BETWEEN p.begin_day AND p.end_day
        WHERE f.rejected_column IS NULL AND NOT f.superseded AND f.family IN ('496', '497')
          AND f.kind IN ('independent_expenditure', 'contribution')""",
        f"""CREATE TEMP TABLE status AS
        SELECT f.* EXCLUDE (no_candidate, no_date, no_amount, no_paid, bad_begin, bad_end,
                            bad_election, amount_ok, paid_ok, versioned, is_txn),
          CASE WHEN f.rejected_column IS NOT NULL THEN 'rejected'
               WHEN f.superseded THEN 'superseded'
               WHEN c.source_row IS NOT NULL THEN 'covered'
               WHEN f.kind = 'independent_expenditure' AND f.no_candidate THEN 'rejected'
               ELSE 'kept' END AS status,
          coalesce(f.rejected_column, CASE WHEN c.source_row IS NULL
               AND f.kind = 'independent_expenditure' AND f.no_candidate
               THEN 'cand_name' END) AS quarantine_column,
          CASE WHEN f.kind = 'loan' THEN f.amount_cents - coalesce(f.paid_cents, 0)
               ELSE f.amount_cents END AS net_cents,
          'lacity_contributions' AS source_format, '{sf}' AS source_file
        FROM facts f LEFT JOIN covered c USING (source_row)""",
        # Output tables take the text columns of the rows they keep (a view: each table joins
        # only its own rows).
        """CREATE TEMP VIEW final AS
        SELECT r.*, s.* EXCLUDE (source_row) FROM status s JOIN raw r USING (source_row)""",
        """CREATE TABLE contributions AS
        SELECT source_format, source_file, source_row, filing_id, amendment, form, schedule,
          filer_id, committee_name, committee_name_norm, candidate_name, candidate_name_norm,
          office, district, contributor_name, contributor_type, contributor_city,
          contributor_state, contributor_zip, contributor_occupation, contributor_employer,
          intermediary_name, intermediary_city, intermediary_state,
          tran_day AS contribution_date, net_cents / 100.0 AS amount,
          amount_cents / 100.0 AS amount_reported,
          paid_cents / 100.0 AS amount_paid_forgiven, kind = 'loan' AS is_loan,
          false AS memo, true AS counts_in_totals, description, memo_text,
          begin_day AS period_begin, end_day AS period_end, election_day AS election_date,
          net_cents, amount_cents, paid_cents
        FROM final WHERE status = 'kept' AND kind IN ('contribution', 'loan')""",
        """CREATE TABLE independent_expenditures AS
        SELECT source_format, source_file, source_row, filing_id, amendment, form, schedule,
          filer_id, committee_name, committee_name_norm, candidate_name, candidate_name_norm,
          office, district, NULL::VARCHAR AS support_oppose, net_cents / 100.0 AS amount,
          tran_day AS expenditure_date, contributor_name AS payee_name, description,
          memo_text, false AS memo, true AS counts_in_totals, begin_day AS period_begin,
          end_day AS period_end, election_day AS election_date, net_cents
        FROM final WHERE status = 'kept' AND kind = 'independent_expenditure'""",
        """CREATE TABLE expenditures AS
        SELECT source_format, source_file, source_row, filing_id, amendment, form, schedule,
          filer_id, committee_name, committee_name_norm, contributor_name AS payee_name,
          contributor_city AS payee_city, contributor_state AS payee_state, candidate_name,
          tran_day AS expenditure_date, net_cents / 100.0 AS amount, description, memo_text,
          false AS memo, true AS counts_in_totals, net_cents
        FROM final WHERE status = 'kept' AND kind = 'expenditure'""",
        """CREATE TABLE other_records AS
        SELECT source_format, source_file, source_row, filing_id, amendment, form, schedule,
          filer_id, committee_name, committee_name_norm, contributor_name AS name,
          tran_day AS record_date, amount_cents / 100.0 AS amount, description, why_not_used,
          amount_cents AS net_cents
        FROM final WHERE status = 'kept' AND kind = 'other'""",
        """CREATE TABLE quarantine AS
        SELECT source_file, source_row AS row, quarantine_column AS "column"
        FROM status WHERE status = 'rejected'""",
        """CREATE TABLE excluded AS
        SELECT source_file, source_row AS row, filing_id, amendment, status AS reason
        FROM status WHERE status IN ('superseded', 'covered')""",
        """CREATE TABLE accounting AS
        SELECT status, count(*) AS n FROM status GROUP BY status""",
    ]


def run_duckdb(path: Path, source_file: str):
    """The rules in DuckDB SQL; returns the connection holding the output tables."""
    import duckdb

    con = duckdb.connect()
    for statement in duckdb_sql(path, source_file):
        con.execute(statement)
    con.execute("DROP VIEW final")
    for temp in (
        "status",
        "covered",
        "periods",
        "facts",
        "kind_of",
        "norm_of",
        "cents_of",
        "day_of",
        "raw",
    ):
        con.execute(f"DROP TABLE {temp}")
    return con


def summarise_duckdb(con) -> dict:
    """The same summary as ``summarise_frames``, by SQL on DuckDB's output tables."""
    counts = dict(con.execute("SELECT status, n FROM accounting").fetchall())
    bucket = {"kept": "kept", "superseded": "superseded", "covered": "covered",
              "rejected": "rejected"}  # fmt: skip
    out = {"buckets": {"raw": int(sum(counts.values()))}}
    for key, status in bucket.items():
        out["buckets"][key] = int(counts.get(status, 0))
    per = {}
    for name in TABLES:
        rows, cents, checksum, counted = con.execute(
            f"SELECT count(*), coalesce(sum(coalesce(net_cents, 0)), 0), "
            f"coalesce(sum(source_row), 0), coalesce(sum(CASE WHEN "
            f"{'counts_in_totals' if name != 'other_records' else 'true'} "
            f"THEN coalesce(net_cents, 0) END), 0) FROM {name}"
        ).fetchone()
        entry = {"rows": int(rows), "amount_cents": int(cents), "row_checksum": int(checksum)}
        if name != "other_records":
            entry["counted_cents"] = int(counted)
        if name == "contributions":
            reported, paid = con.execute(
                "SELECT coalesce(sum(amount_cents), 0), coalesce(sum(paid_cents), 0) "
                "FROM contributions"
            ).fetchone()
            entry["amount_reported_cents"] = int(reported)
            entry["amount_paid_forgiven_cents"] = int(paid)
        per[name] = entry
    out["tables"] = per
    q = con.execute('SELECT "column", count(*) FROM quarantine GROUP BY 1 ORDER BY 1').fetchall()
    out["quarantine_by_column"] = {str(k): int(v) for k, v in q}
    return out


def differences(engine: dict, peer: dict, prefix: str = "") -> list[str]:
    """Every key where two summaries differ, as 'path: engine value != peer value'."""
    out = []
    for key in sorted(set(engine) | set(peer)):
        a, b = engine.get(key), peer.get(key)
        if isinstance(a, dict) and isinstance(b, dict):
            out += differences(a, b, f"{prefix}{key}.")
        elif a != b:
            out.append(f"{prefix}{key}: engine {a!r} != peer {b!r}")
    return out
