"""An independent reading of real CAL exports, for the conformance suite.

Written from the CAL/NetFile layouts and the rules in docs/filings.md, with the ``csv`` module,
``openpyxl`` and plain Python: it imports nothing from ``helpers``, so a mistake in the engine
cannot be copied into the expectation. Amounts are summed in integer cents.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "real-filings"
SHEETS = re.compile(r"^(A|B1|B2|C|D|E|F|G|H|I|F496P3|F461P5|F465P3)-[A-Za-z]+$")
CODES = {"A", "B1", "B2", "C", "D", "E", "F", "G", "H", "I", "F496", "F496P3", "F497P1",
         "F497P2", "F461P5", "F465P3"}  # fmt: skip
# (date column, amount column) of each NetFile sheet layout, from the sheets' own headers.
LAYOUTS = [
    ({"Line_Item", "Amount_A"}, None, "Amount_A"),
    ({"Loan_Amt1", "Lndr_NamL"}, "Loan_Date1", "Loan_Amt1"),
    ({"Amt_Incur", "Amt_Paid"}, None, "Amt_Incur"),
    ({"Exp_Date", "Sup_Opp_Cd", "Amount"}, "Exp_Date", "Amount"),
    ({"Ctrib_Date", "Enty_NamL"}, "Ctrib_Date", "Amount"),
    ({"Expn_Date", "Payee_NamL"}, "Expn_Date", "Amount"),
    ({"Tran_Amt1", "Tran_Date"}, "Tran_Date", "Tran_Amt1"),
]


@dataclass
class Row:
    file: str
    row: int
    rec: dict[str, str]
    schedule: str = ""
    table: str = ""  # contributions | independent_expenditures | expenditures | other_records
    date: str = ""
    cents: int | None = None
    status: str = "kept"  # kept | superseded | covered | rejected
    reason: str = ""


@dataclass
class Reading:
    rows: list[Row] = field(default_factory=list)

    def by_status(self, file: str | None = None) -> dict[str, int]:
        out: dict[str, int] = defaultdict(int)
        for r in self.rows:
            if file is None or r.file == file:
                out[r.status] += 1
        return dict(out)

    def kept(self, table: str) -> list[Row]:
        return [r for r in self.rows if r.status == "kept" and r.table == table]

    def cents(self, table: str, counted_only: bool = True) -> int:
        rows = self.kept(table)
        if counted_only:
            rows = [r for r in rows if r.rec.get("Memo_Code", "").upper() != "X"]
        return sum(r.cents or 0 for r in rows)


def cell(value) -> str:
    """A workbook cell as the text a person reads (dates ISO, whole floats without .0)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, float):
        return repr(value)[:-2] if value.is_integer() else repr(value)
    return str(value).strip()


def to_cents(text: str) -> int | None:
    text = text.strip().replace("$", "").replace(",", "")
    return None if text == "" else int((Decimal(text) * 100).to_integral_value())


def read_csv_folder(folder: Path) -> list[tuple[str, int, dict[str, str]]]:
    out = []
    for path in sorted(folder.glob("*.csv")):
        with open(path, newline="", encoding="utf-8") as fh:
            for i, rec in enumerate(csv.DictReader(fh), start=2):
                out.append((path.name, i, {k: (v or "").strip() for k, v in rec.items()}))
    return out


def read_workbook(path: Path) -> list[tuple[str, int, dict[str, str]]]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    out = []
    for sheet in book.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        header = [cell(h) for h in rows[0]]
        for i, values in enumerate(rows[1:], start=2):
            rec = dict(zip(header, (cell(v) for v in values), strict=False))
            out.append((f"{path.name} (sheet {sheet.title})", i, rec))
    book.close()
    return out


def _sheet(file: str) -> str:
    m = re.search(r"\(sheet (.+)\)$", file)
    name = m.group(1) if m else file.rsplit(".", 1)[0]
    if name in ("496", "497"):
        return "F" + name
    if name == "Summary":
        return "SMRY"
    hit = SHEETS.match(name)
    return hit.group(1) if hit else ""


def _table(schedule: str, expn_code: str) -> str:
    if schedule in ("A", "C", "F496P3", "F497P1", "B1"):
        return "contributions"
    if schedule in ("D", "F461P5"):
        return "expenditures" if expn_code in ("MON", "IKD") else "independent_expenditures"
    if schedule in ("F496", "F465P3"):
        return "independent_expenditures"
    if schedule in ("E", "F497P2"):
        return "expenditures"
    return "other_records"  # I, F, G, H, B2, summary lines


def _family(schedule: str) -> str:
    if schedule.startswith("F496"):
        return "496"
    if schedule.startswith("F497"):
        return "497"
    if schedule in CODES - {"F461P5", "F465P3"} or schedule == "SMRY":
        return "460"
    return ""


def _who(rec: dict[str, str]) -> str:
    fid = rec.get("Filer_ID", "")
    if fid and fid.upper() != "PENDING":
        return fid
    name = re.sub(r"[^A-Z0-9]+", " ", rec.get("Filer_NamL", "").upper()).strip()
    return f"name:{name}" if name else ""


def read_cal(records: list[tuple[str, int, dict[str, str]]]) -> Reading:
    """Every row's fate under the documented rules, computed from the raw cells alone."""
    reading = Reading()
    for file, i, rec in records:
        r = Row(file, i, rec)
        columns = set(rec)
        date_col, amount_col = next((d, a) for sig, d, a in LAYOUTS if sig <= columns)
        form = rec.get("Form_Type", "").upper()
        sheet = _sheet(file)
        if sheet == "SMRY":
            r.schedule = "SMRY"
        elif form in CODES:
            r.schedule = form
        else:
            r.schedule = sheet
        r.table = _table(r.schedule, rec.get("Expn_Code", "").upper())
        r.date = rec.get(date_col, "") if date_col else ""
        r.cents = to_cents(rec.get(amount_col, ""))
        if r.schedule == "B1":  # loans count net of what was repaid or forgiven
            r.cents = (
                (r.cents or 0)
                - (to_cents(rec.get("Loan_Amt5", "")) or 0)
                - (to_cents(rec.get("Loan_Amt6", "")) or 0)
            )
        reading.rows.append(r)

    # Amendments: the latest Report_Num of each filing wins, for every row of the filing.
    def key(r: Row):
        rec = r.rec
        period = (rec.get("From_Date", ""), rec.get("Thru_Date", ""))
        if period == ("", ""):
            period = ("id", rec.get("Rpt_ID_Num", "")) if rec.get("Rpt_ID_Num") else (
                "rpt", rec.get("Rpt_Date", ""))  # fmt: skip
        return (_who(rec), _family(r.schedule), *period)

    for r in reading.rows:
        if not _who(r.rec):
            r.status, r.reason = "rejected", "no committee"
    latest: dict[tuple, int] = {}
    for r in reading.rows:
        if r.status == "kept":
            k = key(r)
            latest[k] = max(latest.get(k, -1), int(r.rec["Report_Num"]))
    for r in reading.rows:
        if r.status == "kept" and int(r.rec["Report_Num"]) < latest[key(r)]:
            r.status = "superseded"
    transaction = {"contributions", "independent_expenditures", "expenditures"}
    for r in reading.rows:
        if r.status != "kept":
            continue
        memo = r.rec.get("Memo_Code", "").upper()
        so = r.rec.get("Sup_Opp_Cd", "").upper()
        if r.table in transaction and not r.date:
            r.status, r.reason = "rejected", "missing transaction date"
        elif r.table in transaction and r.cents is None:
            r.status, r.reason = "rejected", "missing amount"
        elif memo not in ("", "X"):
            r.status, r.reason = "rejected", "unrecognised memo code"
        elif r.table == "independent_expenditures" and so not in ("S", "O"):
            r.status, r.reason = "rejected", "support/oppose"
    # Dates no statement can carry: after the period's end + 366 days, or (no period) after
    # the day the reading runs. ISO text compares as dates.
    today = dt.date.today().isoformat()
    for r in reading.rows:
        end = r.rec.get("Thru_Date", "")
        limit = (dt.date.fromisoformat(end) + dt.timedelta(days=366)).isoformat() if end else today
        if r.status == "kept" and r.date and r.table in transaction and r.date > limit:
            r.status, r.reason = "rejected", "transaction date too late"
    # One line per transaction id in a filing version: (filing, Report_Num, schedule, Form_Type,
    # Tran_ID). Identical copies (every cell the same) count once, the first in reading order;
    # different lines under one id are all rejected.
    versions = defaultdict(list)
    for r in reading.rows:
        if r.status == "kept" and r.rec.get("Tran_ID", ""):
            k = (key(r), int(r.rec["Report_Num"]), r.schedule, r.rec.get("Form_Type", ""),
                 r.rec["Tran_ID"])  # fmt: skip
            versions[k].append(r)
    for copies in versions.values():
        if len(copies) < 2:
            continue
        same = all(c.rec == copies[0].rec for c in copies)
        for c in copies[1:] if same else copies:
            c.status, c.reason = "rejected", "repeated transaction id"
    # 24-hour reports repeated by a (latest) Form 460 of the same committee.
    periods = defaultdict(list)
    for r in reading.rows:
        dated = r.rec.get("From_Date") and r.rec.get("Thru_Date")
        if r.status != "superseded" and _family(r.schedule) == "460" and dated:
            periods[_who(r.rec)].append((r.rec["From_Date"], r.rec["Thru_Date"]))
    for r in reading.rows:
        late = _family(r.schedule) in ("496", "497")
        receipt_or_ie = r.table in ("contributions", "independent_expenditures")
        if r.status == "kept" and late and receipt_or_ie:
            r.status = (
                "covered" if any(b <= r.date <= e for b, e in periods[_who(r.rec)]) else r.status
            )
    for r in reading.rows:
        named = r.rec.get("Cand_NamL", "") or r.rec.get("Bal_Name", "")
        if r.status == "kept" and r.table == "independent_expenditures" and not named:
            r.status, r.reason = "rejected", "names neither a candidate nor a measure"
    return reading


def candidate(rec: dict[str, str]) -> str:
    last, first = rec.get("Cand_NamL", ""), rec.get("Cand_NamF", "")
    return f"{last}, {first}" if first else last
