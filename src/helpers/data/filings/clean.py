"""Decide the fate of every raw row: kept, superseded, covered by a later 460, or rejected.

Rules run in a fixed order and the first one that claims a row wins, so each row lands in
exactly one bucket and the accounting can prove ``raw = kept + superseded + covered + rejected``.
Parsing happens once per distinct cell value (see money/dates), which is what makes the full L.A.
City history fast.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers.data.filings import dates as dates_mod
from helpers.data.filings import money as money_mod
from helpers.data.filings.cal_format import NO_SCHEDULE
from helpers.data.filings.canonical import SourceFrame, concat, distinct, is_in, take
from helpers.data.filings.dates import CodedDates
from helpers.data.filings.money import CodedMoney
from helpers.data.filings.rules import (
    amendments,
    coverage,
    duplicates,
    future_dates,
    loans,
    memo,
    support_oppose,
)
from helpers.data.filings.rules.schedules import CONTRIBUTION, EXPENDITURE, IE, LOAN, classify_frame

KEPT, SUPERSEDED, COVERED, REJECTED = 0, 1, 2, 3
SIDES = ["support", "oppose"]
TRANSACTION_KINDS = [CONTRIBUTION, LOAN, IE, EXPENDITURE]


@dataclass
class Cleaned:
    """The canonical rows with every parsed value and each row's fate."""

    rows: pd.DataFrame  # canonical text columns
    kind: pd.DataFrame  # form_family, kind, kind_note
    status: np.ndarray  # KEPT / SUPERSEDED / COVERED / REJECTED
    amendment: np.ndarray
    versioned: np.ndarray  # the row names a committee, a filing and a readable amendment
    tran_date: CodedDates
    period_begin: CodedDates
    period_end: CodedDates
    report_date: CodedDates
    election_date: CodedDates
    amount_cents: np.ndarray  # net of loan repayments
    reported_cents: np.ndarray
    paid_forgiven_cents: np.ndarray
    paid_forgiven_missing: np.ndarray
    amount_missing: np.ndarray
    is_memo: np.ndarray
    support_oppose: pd.Categorical
    quarantine: pd.DataFrame
    columns_by_file: dict[str, dict[str, str]]


class _Rejections:
    """First failing check per row wins; keeps (column, reason) for the quarantine table."""

    def __init__(self, rows: pd.DataFrame, status: np.ndarray, colmap: dict[str, dict[str, str]]):
        self.rows, self.status, self.colmap = rows, status, colmap
        self.records: list[dict] = []

    def reject(self, mask: np.ndarray, column: str, reason) -> None:
        """Mark still-kept rows in ``mask`` rejected; ``reason`` is text or f(raw) -> text."""
        if not mask.any():
            return
        idx = np.flatnonzero(mask & (self.status == KEPT))
        self._record(idx, column, lambda _, raw: reason(raw) if callable(reason) else reason)

    def reject_each(self, positions: np.ndarray, column: str, reasons: list[str]) -> None:
        """Reject the still-kept rows at ``positions``, each with its own reason."""
        texts = dict(zip(positions.tolist(), reasons, strict=True))
        idx = np.sort(positions[self.status[positions] == KEPT])
        self._record(idx, column, lambda pos, _: texts[pos])

    def _record(self, idx: np.ndarray, column: str, reason_at) -> None:
        if len(idx) == 0:
            return
        self.status[idx] = REJECTED
        sub = self.rows.iloc[idx]
        files = sub["source_file"].astype("str").to_numpy()
        raws = sub[column].astype("str").fillna("").to_numpy()
        for pos, f, r, raw in zip(
            idx.tolist(), files, sub["source_row"].to_numpy(), raws, strict=True
        ):
            src_col = self.colmap.get(f, {}).get(column, column)
            self.records.append(
                {"source_file": f, "row": int(r), "column": src_col,
                 "reason": reason_at(pos, raw), "raw": raw}
            )  # fmt: skip


def _why(parser, label: str):
    def reason(raw: str) -> str:
        try:
            parser(raw)
        except ValueError as exc:
            return str(exc)
        return f"missing {label}" if not raw.strip() else f"unreadable {label} {raw!r}"

    return reason


def _superseded(filing: pd.Series, amendment: np.ndarray, eligible: np.ndarray) -> np.ndarray:
    """``amendments.superseded``; when every eligible row has the same amendment number (the
    L.A. City datasets hold current versions only) no row can be older than its filing's latest."""
    numbers = amendment[eligible]
    if len(numbers) == 0 or numbers.min() == numbers.max():
        return np.zeros(len(amendment), dtype=bool)
    return amendments.superseded(filing, amendment, eligible)


def _support_oppose(codes: pd.Series) -> tuple[pd.Categorical, np.ndarray]:
    """``support_oppose.normalise_series`` as a categorical, built from codes (no per-row text)."""
    ids, uniques = distinct(codes)
    values = [support_oppose.normalise_code(str(u)) for u in uniques] + [None]
    lookup = np.asarray([SIDES.index(v) if v else -1 for v in values], dtype=np.int8)
    ids = np.where(ids < 0, len(values) - 1, ids)
    out = lookup[ids]
    return pd.Categorical.from_codes(out, categories=SIDES), out < 0


def _periods(filers: np.ndarray, begin: CodedDates, end: CodedDates, rows: np.ndarray):
    """Distinct (filer, begin, end) of the Form 460 rows, found on codes: a row's filer code and
    the codes of its two period cells (millions of rows, a few thousand periods)."""
    nb, ne = len(begin.values), len(end.values)
    space = (int(filers.max()) + 2) * nb * ne if len(filers) else 0
    if space == 0 or space > 4 * len(filers) + (1 << 20):
        frame = pd.DataFrame({"filer": filers, "begin": begin.at(rows), "end": end.at(rows)})
        return frame.drop_duplicates()
    key = filers.astype(np.int32 if space < 2**31 else np.int64)
    key += 1
    key *= nb
    key += begin.codes[rows]
    key *= ne
    key += end.codes[rows]
    present = np.zeros(space, dtype=bool)
    present[key] = True
    combos = np.flatnonzero(present)
    rest, e = np.divmod(combos, ne)
    f, b = np.divmod(rest, nb)
    filer = (f - 1).astype(filers.dtype)
    frame = pd.DataFrame({"filer": filer, "begin": begin.values[b], "end": end.values[e]})
    return frame.drop_duplicates()


def clean(frames: list[SourceFrame], today: dt.date | None = None) -> Cleaned:
    """Apply the rules to all canonical rows together (amendments may span files).

    ``today`` is the build date that dates without a period are held to (default: today, UTC).
    """
    rows = concat([f.frame for f in frames])
    colmap = {f.source_file: f.columns for f in frames}
    n = len(rows)
    status = np.full(n, KEPT, dtype=np.int8)
    rej = _Rejections(rows, status, colmap)
    kind = classify_frame(rows["form"], rows["schedule"], rows["rec_type"], rows["expn_code"])
    is_txn = is_in(kind["kind"], TRANSACTION_KINDS)
    is_ie = is_in(kind["kind"], [IE])
    is_loan = is_in(kind["kind"], [LOAN])

    # 1. Identity: a row must belong to a committee (by id, or by name when filed without an
    # id), a readable schedule and a filing version.
    rej.reject(
        (rows["filer_key"] == "").to_numpy(dtype=bool), "filer_id",
        "no committee: both the committee id and the committee name are empty",
    )  # fmt: skip
    rej.reject(
        ((rows["source_format"] == "cal") & (rows["schedule"] == NO_SCHEDULE)).to_numpy(bool),
        "form", lambda raw: (
            f"Form_Type {raw!r} is not a CAL schedule code and the sheet's name does not say "
            "which schedule it is (a spreadsheet program can turn the letter A into a time); "
            "name the file after its NetFile sheet, e.g. A-Contributions.csv"
        ),
    )  # fmt: skip
    rej.reject((rows["filing_key"] == "").to_numpy(dtype=bool), "filing_key", "missing filing id")
    amendment, bad_amend = amendments.parse_amendment(rows["amendment_raw"])  # int32
    rej.reject(bad_amend, "amendment_raw", "unreadable amendment number")
    versioned = status == KEPT

    # 2. Amendments: whole filings are superseded, before any cell of theirs is judged.
    status[_superseded(rows["filing_key"], amendment, status == KEPT)] = SUPERSEDED

    # 3. Strict parsing of the cells the tables use.
    tran_date = CodedDates(rows["tran_date"])
    date_reason = _why(dates_mod.parse_date, "date")
    rej.reject(is_txn & tran_date.missing, "tran_date", "missing transaction date")
    rej.reject(tran_date.invalid, "tran_date", date_reason)
    amount = CodedMoney(rows["amount"])
    cents, amount_missing = amount.cents, amount.missing
    money_reason = _why(money_mod.parse_money, "amount")
    rej.reject(is_txn & amount_missing, "amount", "missing amount")
    rej.reject(amount.invalid, "amount", money_reason)
    repaid = [CodedMoney(rows[col]) for col in ("amount_paid_forgiven", "amount_forgiven")]
    for col, part in zip(("amount_paid_forgiven", "amount_forgiven"), repaid, strict=True):
        rej.reject(is_loan & part.invalid, col, money_reason)
    paid, paid_missing = money_mod.sum_present(repaid)
    parsed = {}
    for col in ("period_begin", "period_end", "report_date", "election_date"):
        parsed[col] = CodedDates(rows[col])
        rej.reject(parsed[col].invalid, col, date_reason)
    is_memo, memo_bad = memo.parse_memo(rows["memo"])
    rej.reject(memo_bad, "memo", lambda raw: f"unrecognised memo code {raw!r}")
    sup_opp, so_bad = _support_oppose(rows["sup_opp"])
    rej.reject(
        is_ie & so_bad, "sup_opp",
        lambda raw: f"support/oppose code {raw!r} is neither support nor oppose",
    )  # fmt: skip

    # 3b. Dates no filing can carry, then lines the export lists twice (rules/future_dates.py,
    # rules/duplicates.py). Before step 4, so a repeated 24-hour line is named as a repeat.
    day = future_dates.build_day(today)
    for col, label in (("period_end", "period end"), ("report_date", "report date")):
        late = future_dates.after(parsed[col], day)
        rej.reject(late, col, future_dates.why_after_build(label))
    late = future_dates.late_transactions(tran_date, parsed["period_end"], day)
    late = np.flatnonzero(late & (status == KEPT))
    if len(late):
        raws = take(rows["tran_date"], late).astype("str").tolist()
        dated, ends = tran_date.at(late), parsed["period_end"].at(late)
        why = [future_dates.why_late(*x) for x in zip(raws, dated, ends, strict=True)]
        rej.reject_each(late, "tran_date", why)
    repeats, why = duplicates.repeated_transactions(rows, amendment, status == KEPT)
    rej.reject_each(repeats, "tran_id", why)

    # 4. 24-hour reports repeated by a later Form 460 of the same filer.
    fam = kind["form_family"]
    in_460 = np.flatnonzero(is_in(fam, ["460"]) & (status != SUPERSEDED))
    filer_codes = pd.Series(distinct(rows["filer_key"])[0])
    periods = _periods(
        filer_codes.to_numpy()[in_460], parsed["period_begin"], parsed["period_end"], in_460
    )
    candidates = (
        (status == KEPT) & is_in(fam, ["496", "497"]) & (is_ie | is_in(kind["kind"], [CONTRIBUTION]))
    )
    cand_idx = np.flatnonzero(candidates)
    covered = coverage.covered_by_460(
        filer_codes.iloc[cand_idx], tran_date.at(cand_idx), np.ones(len(cand_idx), bool), periods
    )
    status[cand_idx[covered]] = COVERED

    # 5. An independent expenditure must say whom it was for. Checked after step 4, so a 496
    # that a 460 repeats is counted once, as covered, and only the 460's row is quarantined.
    no_target = (rows["candidate_name"] == "").to_numpy(bool) & (
        rows["measure_name"] == ""
    ).to_numpy(bool)
    rej.reject(
        is_ie & no_target, "candidate_name",
        "independent expenditure names neither a candidate nor a ballot measure: the filing "
        "does not say whom the money was spent for",
    )  # fmt: skip

    # The raw text of parsed cells is no longer needed; dropping it lets the memory go.
    rows = rows.drop(columns=["amendment_raw", "tran_date", "amount", "amount_paid_forgiven",
                              "amount_forgiven", "period_begin", "period_end", "report_date",
                              "election_date", "sup_opp", "memo", "rec_type"])  # fmt: skip
    net = loans.net_loan_cents(cents, paid, is_loan)
    quarantine = pd.DataFrame(
        rej.records, columns=["source_file", "row", "column", "reason", "raw"]
    )
    return Cleaned(
        rows=rows, kind=kind, status=status, amendment=amendment,
        versioned=versioned,
        tran_date=tran_date,
        period_begin=parsed["period_begin"], period_end=parsed["period_end"],
        report_date=parsed["report_date"], election_date=parsed["election_date"],
        amount_cents=net, reported_cents=cents, paid_forgiven_cents=paid,
        paid_forgiven_missing=paid_missing, amount_missing=amount_missing, is_memo=is_memo,
        support_oppose=sup_opp, quarantine=quarantine, columns_by_file=colmap,
    )  # fmt: skip
