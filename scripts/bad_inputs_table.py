"""Run every bad-input case through the real entry points and print how each one ended.

The cases are the synthetic files under tests/fixtures/bad_inputs/ (see its README). Each runs
through the code a user runs: the filings build (``build_filings``, or the ``python -m
helpers.data.filings build`` command for a few cases, to show a data error is one line and no
traceback), the registrar adapter, the reference loaders and the races configuration. The
printed Markdown table is docs/bad-inputs.md; tests/test_bad_inputs.py checks every ending
against the documented rules and that the committed table equals this script's output.

    .venv/bin/python scripts/bad_inputs_table.py > docs/bad-inputs.md
"""

from __future__ import annotations

import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "bad_inputs"
ONE_MB = "{{ONE_MB}}"
ONE_MB_TEXT = "SYNTHETIC-" * 100_000  # 1,000,000 characters
TRANSACTION_TABLES = ("contributions", "independent_expenditures", "expenditures", "other_records")
SCRIPT = "<script>alert(1)</script>"


@dataclass(frozen=True)
class Case:
    """One bad input. ``entry``: build (build_filings), cli (the filings command in a
    subprocess), lavote, reference or races. Filings cases read the folder filings/<id>/."""

    id: str
    entry: str
    input: str
    files: tuple[str, ...] = ()
    show: tuple[tuple[str, str], ...] = ()  # (table, column) values to list for kept rows


def _f(id: str, input: str, *show: tuple[str, str], cli: bool = False) -> Case:
    return Case(id, "cli" if cli else "build", input, show=show)


AMOUNT = ("contributions", "amount")
CASES: list[Case] = [
    # File structure
    _f("empty_file", "a 0-byte CSV", cli=True),
    _f("header_only", "L.A. City contributions CSV with the header and no records"),
    _f("header_only_cal", "CAL CSV with the header and no records"),
    _f("truncated_last_line", "CAL CSV whose last line is cut off mid-field (no newline)"),
    _f("wrong_delimiter", "L.A. City contributions CSV separated by semicolons"),
    _f("utf8_bom", "L.A. City contributions CSV starting with a UTF-8 byte-order mark",
       ("contributions", "filer_id"), AMOUNT),
    _f("latin1_data_row", "CAL CSV whose row 3 has `Muñoz` encoded as Latin-1", cli=True),
    _f("latin1_header", "CAL CSV whose header has a Latin-1 byte"),
    _f("missing_required_column", "L.A. City contributions CSV without `cmt_nm`"),
    _f("missing_cal_column", "CAL CSV without `Report_Num`"),
    _f("duplicated_header_column", "CAL CSV with `Tran_Amt1` twice (once as ` Tran_Amt1 `)"),
    _f("extra_unknown_columns", "CAL CSV with two columns no adapter knows", AMOUNT),
    _f("record_wider_than_header", "CAL CSV whose row 3 has one field too many"),
    _f("unbalanced_quote_mid_file",
       "CAL CSV whose row 2 opens a quote (`\"big mailer`) that is never closed"),
    _f("blank_line_mid_file", "CAL CSV with an empty line between two records",
       ("contributions", "source_row")),
    _f("one_mb_field", "CAL CSV with a 1,000,000-character description",
       ("contributions", "description")),
    _f("one_mb_field_then_short_record",
       "CAL CSV with a 1,000,000-character description, then a 2-field record", cli=True),
    # Amounts
    _f("amount_dollar_comma", "amount `$1,234.56`", AMOUNT),
    _f("amount_parentheses", "amount `(500.00)`", AMOUNT),
    _f("amount_two_decimal_points", "amount `1.2.3`"),
    _f("amount_blank", "amount left blank"),
    _f("amount_too_large", "amount `100000000000000000000` (21 digits)"),
    # Dates
    _f("date_february_30", "transaction date `02/30/24`"),
    _f("date_far_future", "transaction date `2099-01-15` on a statement for Jan. 1-Feb. 17, 2024"),
    _f("date_a_year_after_period_end",
       "period ending `2024-02-17`; transactions dated `2025-02-17` (366 days later) and "
       "`2025-02-18`", ("contributions", "contribution_date")),
    _f("date_future_without_period", "Form 496 without a period; expenditures dated "
       "`2024-02-20` and `2099-02-20`", ("independent_expenditures", "expenditure_date")),
    _f("date_two_digit_years", "dates `02/05/24`, `12/31/68`, `01/01/69`",
       ("contributions", "contribution_date")),
    # Independent expenditures
    _f("negative_independent_expenditure", "Form 496 amount `-2500.00`",
       ("independent_expenditures", "amount")),
    _f("unknown_support_oppose_code", "Form 496 support/oppose codes `X`, `SO` and blank"),
    _f("cal_lowercase_and_stray_sup_opp", "CAL Form 496 `Sup_Opp_Cd` `s`, `o` and `Q`",
       ("independent_expenditures", "support_oppose")),
    _f("ie_without_candidate", "Form 496 row naming no candidate"),
    # Amendments and 24-hour reports
    _f("amendment_before_original_in_file",
       "amendment 001 listed before the rows of the original 000, same file", AMOUNT),
    _f("amendment_file_before_original_file",
       "amendment 001 in a file read before the file holding the original 000", AMOUNT),
    _f("amendment_without_original", "only amendment 002 of a filing, no original",
       ("contributions", "amendment")),
    _f("unreadable_amendment_number", "`Report_Num` `1a`"),
    _f("f496_without_later_460", "Form 496 rows and no Form 460 of that filer",
       ("independent_expenditures", "amount")),
    _f("duplicate_transaction_ids",
       "two identical rows of one filing version with the same `Tran_ID`",
       ("contributions", "source_row")),
    _f("duplicate_transaction_ids_conflicting",
       "one filing version with two different lines under `Tran_ID` `A1` (100.00 and 250.00)",
       ("contributions", "tran_id")),
    _f("duplicate_sheet_saved_twice", "the same Schedule A sheet saved twice under two names",
       ("contributions", "source_file")),
    _f("transaction_ids_repeated_legitimately", "`Tran_ID` `X1` on amendments 000 and 001, on "
       "Schedules A and C, and in the next period", ("contributions", "amount")),
    _f("unknown_memo_code", "`Memo_Code` `Q`"),
    # Hostile text
    _f("script_in_committee_name", f"committee name `{SCRIPT} SYNTHETIC COMMITTEE`",
       ("contributions", "committee_name")),
    _f("formula_in_donor_name", 'donor name `=HYPERLINK("https://example.invalid",...)`',
       ("contributions", "contributor_name")),
    # Other inputs
    Case("lavote_unknown_election", "lavote", "registrar drop whose candidate ids belong to "
         "another election", ("lavote/election_synthetic.json", "lavote/results_other_election.json")),
    Case("lavote_missing_key", "lavote", "registrar drop whose record 2 has no `Value`",
         ("lavote/election_synthetic.json", "lavote/results_missing_key.json")),
    Case("lavote_text_vote_count", "lavote", "registrar drop with the vote count `\"10\"` (text)",
         ("lavote/election_synthetic.json", "lavote/results_text_vote_count.json")),
    Case("lavote_nan_vote_count", "lavote", "registrar drop with the vote count `NaN`",
         ("lavote/election_synthetic.json", "lavote/results_nan_vote_count.json")),
    Case("reference_bad_date", "reference", "election calendar with the date `2024-02-30`",
         ("reference/election_calendar_bad_date.csv",)),
    Case("reference_empty_source_url", "reference", "election calendar row with no `source_url`",
         ("reference/election_calendar_empty_source_url.csv",)),
    Case("reference_latin1", "reference", "election calendar whose row 2 note has `Muñoz` "
         "encoded as Latin-1", ("reference/election_calendar_latin1.csv",)),
    Case("races_unknown_field", "races", "races.yml entry with a field `colour`",
         ("races/races_unknown_field.yml",)),
]


@dataclass
class Outcome:
    case: Case
    ending: str  # error | quarantined | accepted (crash: an exception other than DataError)
    message: str = ""  # the error as the user sees it (paths under the repository made relative)
    file: str | None = None
    row: int | None = None
    column: str | None = None
    returncode: int | None = None
    stderr: str = ""
    build: object = None  # FilingsBuild for filings cases that built
    raw_dir: Path | None = None
    out_dir: Path | None = None


def _relative(text: str, *dirs: Path) -> str:
    for d in (*dirs, ROOT):
        text = text.replace(f"{d}/", "")
    return text


def _copy_case(case: Case, work: Path) -> Path:
    """The case's raw folder, copied so the build reads it like data/raw/filings."""
    raw = work / case.id / "raw"
    shutil.copytree(FIXTURES / "filings" / case.id, raw)
    for path in raw.rglob("*"):
        if path.is_file() and ONE_MB.encode() in path.read_bytes():
            path.write_bytes(path.read_bytes().replace(ONE_MB.encode(), ONE_MB_TEXT.encode()))
    return raw


def _filings_outcome(case: Case, raw: Path, out: Path, build) -> Outcome:
    """Quarantined when any row was rejected, else accepted (the build itself succeeded)."""
    rejected = build.accounting["totals"]["rejected"]
    ending = "quarantined" if rejected else "accepted"
    return Outcome(case, ending, build=build, raw_dir=raw, out_dir=out)


_CLI_LINE = re.compile(r"^error: (?P<file>[^,:]+)(?:, row (?P<row>\d+))?(?:, column '(?P<col>[^']*)')?: ")


def _reference(work: Path) -> Path:
    reference = work / "empty-reference"  # no crosswalks: ids stay empty
    reference.mkdir(parents=True, exist_ok=True)
    return reference


def start_cli(case: Case, work: Path) -> tuple[subprocess.Popen, Path, Path]:
    """Start ``python -m helpers.data.filings build`` on the case's raw folder (not waited for)."""
    raw, out = _copy_case(case, work), work / case.id / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "helpers.data.filings", "build", "--raw", str(raw),
         "--out", str(out), "--reference", str(_reference(work))],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
    )  # fmt: skip
    return proc, raw, out


def finish_cli(case: Case, work: Path, started: tuple[subprocess.Popen, Path, Path]) -> Outcome:
    proc, raw, out = started
    _stdout, stderr = proc.communicate(timeout=300)
    if proc.returncode == 0:  # describe the build: same input, same code, in memory
        from helpers.data.filings.pipeline import build_tables

        outcome = _filings_outcome(case, raw, out, build_tables(raw, _reference(work)))
        outcome.returncode = 0
        return outcome
    m = _CLI_LINE.match(stderr)
    return Outcome(
        case, "error", message=_relative(stderr.strip(), raw).removeprefix("error: "),
        file=m["file"] if m else None, row=int(m["row"]) if m and m["row"] else None,
        column=m["col"] if m else None, returncode=proc.returncode, stderr=stderr,
        raw_dir=raw, out_dir=out,
    )  # fmt: skip


def run_case(case: Case, work: Path) -> Outcome:
    """Run one case; a DataError (or the CLI's exit 2) is an ending, anything else propagates."""
    from helpers.errors import DataError

    if case.entry == "cli":
        return finish_cli(case, work, start_cli(case, work))
    raw = work / case.id / "raw"
    try:
        if case.entry == "build":
            from helpers.data.filings.pipeline import build_filings

            raw, out = _copy_case(case, work), work / case.id / "out"
            return _filings_outcome(case, raw, out, build_filings(raw, out, _reference(work)))
        paths = [FIXTURES / f for f in case.files]
        if case.entry == "lavote":
            from helpers.data.lavote import tidy_contest_results

            tidy_contest_results(paths[0], paths[1:])
        elif case.entry == "reference":
            from helpers.data.reference import load_election_calendar

            load_election_calendar(paths[0])
        elif case.entry == "races":
            from helpers.data.races import load_races

            load_races(paths[0])
        else:
            raise ValueError(f"unknown entry point {case.entry!r}")
        return Outcome(case, "accepted")
    except DataError as exc:
        return Outcome(
            case, "error", message=_relative(str(exc), raw), file=_relative(exc.file, raw),
            row=exc.row, column=exc.column, raw_dir=raw if case.entry == "build" else None,
            out_dir=work / case.id / "out" if case.entry == "build" else None,
        )  # fmt: skip
    except Exception as exc:  # a bug, not a data error: shown per case instead of stopping all
        return Outcome(case, "crash", message=_relative(f"{type(exc).__name__}: {exc}", raw))


def run_all(work: Path, workers: int | None = None) -> dict[str, Outcome]:
    """Every case. The command-line cases run in subprocesses; the others in a small process
    pool (each case has its own folders, so they are independent), which keeps this fast."""
    started = {c.id: start_cli(c, work) for c in CASES if c.entry == "cli"}
    others = [c for c in CASES if c.entry != "cli"]
    workers = workers if workers is not None else min(2, os.cpu_count() or 1)
    if workers > 1:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["helpers.data.filings.pipeline", "pandera.pandas"])
        with ProcessPoolExecutor(workers, mp_context=ctx) as pool:
            results = pool.map(run_case, others, [work] * len(others))
            done = {c.id: o for c, o in zip(others, results, strict=True)}
    else:
        done = {c.id: run_case(c, work) for c in others}
    for c in CASES:
        if c.entry == "cli":
            done[c.id] = finish_cli(c, work, started[c.id])
    return {c.id: done[c.id] for c in CASES}


# ---------------------------------------------------------------------------------------------
# What reached people: HTML/Markdown escaping and the spreadsheet-safe CSV


def markup_report(name: str) -> dict[str, str]:
    """A hostile name through every HTML path a reader sees: the output of each."""
    from dataclasses import asdict

    from helpers.analysis.charts import ChartMeta, json_for_script, standalone_page
    from helpers.tables import html_table, markdown_table

    frame = pd.DataFrame({"committee": [name], "amount": [100.0]})
    table = html_table(frame, caption=f"Money raised by {name}")
    meta = ChartMeta("bad-input-chart", title=name, description=f"Bars for {name}",
                     source=name, as_of="2024-03-05")  # fmt: skip
    spec = {"data": [{"name": "table", "values": [{"committee": name}]}],
            "title": {"text": name}, "description": name}  # fmt: skip
    files = {k: f"x.{k}.svg" for k in ("svg", "phone", "wide")} | {"csv": "x.csv", "png": "x.png"}
    entry = {**asdict(meta), "files": files, "sizes": {"phone": (320, 200), "wide": (720, 300)}}
    return {
        "html_table": table,
        "markdown_table": markdown_table(frame),
        "standalone_page": standalone_page(spec, entry, table),
        "json_for_script": json_for_script(spec),
    }


def markup_escaped(reports: dict[str, str]) -> dict[str, bool]:
    """True where the markup came out as text: no live tag, and (pages) only the page's scripts."""
    out = {}
    for where, text in reports.items():
        ok = "<script>alert" not in text and "</script> SYNTHETIC" not in text
        if where == "standalone_page":
            ok = ok and text.count("<script") == 2 and text.count("</script>") == 2
        out[where] = ok
    return out


def csv_cell(frame: pd.DataFrame, column: str) -> str:
    """The first data cell of ``column`` in the published (tables.to_csv_text) CSV."""
    import csv
    import io

    from helpers.tables import to_csv_text

    rows = list(csv.DictReader(io.StringIO(to_csv_text(frame))))
    return rows[0][column]


# ---------------------------------------------------------------------------------------------
# The table


def _value(v: object) -> str:
    if isinstance(v, pd.Timestamp):
        return v.date().isoformat()
    if isinstance(v, float | np.floating):
        return f"{v:.2f}"
    if isinstance(v, str) and len(v) > 60:
        return f"({len(v):,} characters)"
    return str(v)


def _accounting(build) -> str:
    t = build.accounting["totals"]
    return (f"raw {t['raw']} = kept {t['kept']} + superseded {t['superseded']}"
            f" + covered by a 460 {t['covered_by_460']} + rejected {t['rejected']}")  # fmt: skip


def _names(o: Outcome) -> str:
    """Which of file, row and column the error names; a missing one is said so, not hidden."""
    parts = [
        "file" if o.file else "no file",
        f"row {o.row}" if o.row is not None else "no single row",
        f"column {o.column!r}" if o.column else "no single column",
    ]
    return ", ".join(parts)


def ending_text(o: Outcome) -> str:
    if o.ending == "crash":
        return f"CRASH (a traceback, not a data error): `{o.message}`"
    if o.ending == "error":
        how = "error"
        if o.returncode is not None:
            one_line = o.stderr.count("\n") == 1 and "Traceback" not in o.stderr
            how += f" (CLI exit {o.returncode}, {'one line, no traceback' if one_line else 'NOT one line'})"
        return f"{how}, names {_names(o)}: `{o.message}`"
    if o.build is None:
        return "accepted"
    parts = []
    q = o.build.tables["quarantine"]
    for r in q.itertuples():
        parts.append(f"row {r.row}, column {r.column!r}: `{r.reason}`")
    detail = "; ".join(parts)
    text = f"quarantined: {detail}" if parts else "accepted"
    extra = []
    for table, column in o.case.show:
        values = o.build.tables[table][column].tolist()
        if values:
            extra.append(f"{table}.{column} " + ", ".join(f"`{_value(v)}`" for v in values))
    ex = o.build.tables["excluded"]
    for r in ex.itertuples():
        extra.append(f"{r.source_file} row {r.row} excluded ({r.reason})")
    contributions = o.build.tables["contributions"]
    if o.case.id == "script_in_committee_name" and len(contributions):
        ok = markup_escaped(markup_report(contributions["committee_name"].iloc[0]))
        extra.append("escaped in " + ", ".join(k for k, v in ok.items() if v)
                     + ("" if all(ok.values()) else "; NOT escaped in "
                        + ", ".join(k for k, v in ok.items() if not v)))  # fmt: skip
    if o.case.id == "formula_in_donor_name" and len(contributions):
        cell = csv_cell(contributions, "contributor_name")
        extra.append(f"published CSV (tables.to_csv_text) cell starts `{cell[:12]}`")
    for f in o.build.accounting["files"]:
        if f["raw"] == 0:
            extra.append(f"{f['source_file']} listed in the accounting with raw 0")
    if not o.build.accounting["files"]:
        extra.append("no source file listed in the accounting")
    extra.append(_accounting(o.build))
    return f"{text}; " + "; ".join(extra) if extra else text


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown(outcomes: dict[str, Outcome]) -> str:
    counts = {e: sum(o.ending == e for o in outcomes.values())
              for e in ("error", "quarantined", "accepted")}  # fmt: skip
    lines = [
        "# Bad inputs: how each one ends",
        "",
        "Generated by `scripts/bad_inputs_table.py` from the synthetic files in",
        "`tests/fixtures/bad_inputs/`; `tests/test_bad_inputs.py` checks each ending against the",
        "documented rules (docs/filings.md, the module docstrings) and that this file is current.",
        "Do not edit by hand: run `.venv/bin/python scripts/bad_inputs_table.py > docs/bad-inputs.md`.",
        "",
        "Entry points: `build` is `helpers.data.filings.pipeline.build_filings`; `cli` is",
        "`python -m helpers.data.filings build` in a subprocess; `lavote` is",
        "`helpers.data.lavote.tidy_contest_results`; `reference` is",
        "`helpers.data.reference.load_election_calendar`; `races` is `helpers.data.races.load_races`.",
        "Rows are spreadsheet rows (header = row 1); for registrar drops, the record's position.",
        "Every filings case that builds satisfies raw = kept + superseded + covered by a 460 +",
        "rejected, and every input row is found exactly once in a table, the quarantine or the",
        "excluded list.",
        "",
        f"{len(outcomes)} cases: {counts['error']} end in an error, {counts['quarantined']} with",
        f"quarantined rows, {counts['accepted']} accepted.",
        "",
        "| case | input | entry point | how it ended |",
        "|---|---|---|---|",
    ]
    for case in CASES:
        o = outcomes[case.id]
        lines.append(f"| `{case.id}` | {_cell(case.input)} | {case.entry} | {_cell(ending_text(o))} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    with tempfile.TemporaryDirectory(prefix="bad_inputs_") as tmp:
        sys.stdout.write(markdown(run_all(Path(tmp))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

