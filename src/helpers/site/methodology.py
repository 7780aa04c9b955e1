"""Generated parts of the Methodology page: reconciliation and the filings row accounting.

Reconciliation puts the project's own totals beside every reported figure, with the
difference; where no itemized filings exist the row says "not computed" rather than
pretending to agree.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from helpers.analysis.facts import format_value
from helpers.apstyle import ap_date
from helpers.tables import markdown_table

METRIC_WORDS = {
    "ie_support": "outside spending for", "ie_oppose": "outside spending against",
    "candidate_raised": "raised by", "race_ie_total": "independent expenditures, all races",
    "race_contributions_total": "contributions, all races",
    "race_expenditures_total": "expenditures, all races",
    "race_outside_spending_total": "outside spending, all races",
}


def reconciliation_markdown(records: list[dict]) -> str:
    """The reconciliation the analysis stage computed (helpers.analysis.reconciliation), as a table.

    Nothing is computed here: each row is one record with its reported figure, the project's
    total of itemized rows dated through the figure's as-of date, and the gap.
    """
    if not records:
        return "The reconciliation step has not run.\n"
    rows = []
    for rec in records:
        rep, comp = rec["reported"], rec["computed"]
        who = " / ".join(x for x in (rec["spender"], rec["candidate"]) if x)
        consistent = {True: "yes", False: "no", None: ""}[rec["consistent"]]
        rows.append({
            "Race": rec["race_id"],
            "Figure": f"{METRIC_WORDS.get(rec['metric'], rec['metric'])}: {who}".rstrip(": "),
            "Reported": format_value(rep["amount"], rep["unit"], rep["qualifier"]),
            "As of": ap_date(rep["as_of"], precision=rep["as_of_precision"]),
            "Source": rep["source_publisher"],
            "Project total": rec["why_not_computed"] if comp is None else
            f"{format_value(comp['amount'], 'usd')} ({len(comp['rows']):,} rows)",
            "Difference": "" if comp is None else format_value(rec["difference"], "usd"),
            "Fits the wording": consistent,
        })
    intro = ("Each reported money figure beside the project's own total: every counted itemized "
             "independent expenditure for that candidate and side, from any committee, dated on "
             "or before the figure's as-of date. \"Fits the wording\" says whether the total "
             "agrees with how the source put it (\"more than\", \"about\": within 5%, or "
             "exact to the cent).\n\n")
    return intro + markdown_table(pd.DataFrame(rows)) + "\n"


def accounting_markdown(accounting_path: Path) -> str:
    """The filings step's row accounting, as a sentence and a table."""
    if not accounting_path.exists():
        return "The filings step has not run.\n"
    acc = json.loads(accounting_path.read_text(encoding="utf-8"))
    t = acc["totals"]
    table = pd.DataFrame([
        {"Rows": "read from raw files", "Count": t["raw"]},
        {"Rows": "kept", "Count": t["kept"]},
        {"Rows": "superseded by a later amendment of the same filing", "Count": t["superseded"]},
        {"Rows": "24-hour reports covered by a later Form 460 of the same filer", "Count": t["covered_by_460"]},
        {"Rows": "rejected to quarantine (file, row, column, reason)", "Count": t["rejected"]},
    ])
    intro = (f"{len(acc.get('files', []))} raw filing files were read. "
             "The accounting must hold on every build: read = kept + superseded + covered + "
             "rejected; the build stops if it does not.\n\n")
    if t["raw"] == 0:
        intro = ("**No itemized filings are in the repository yet** (the build machines have no "
                 "network to download them), so every money figure on this site is a reported "
                 "figure. " + intro)
    return intro + markdown_table(table) + "\n"


# ---- Data this build used (added for the source layer, helpers.data.sources; issue 12) -----------
# Integration (site_build is another owner's): in write_generated_fragments,
#   write_text_if_changed(out / "sources.md", sources_manifest_markdown(root / "build" / "data"))
# and in methodology.qmd, under "## Sources":  {{< include _generated/sources.md >}}

def sources_manifest_rows(build_data: Path) -> list[dict]:
    """The registrar files this build read: dataset, file, origin, publisher time, sha256."""
    from helpers.data.sources import read_manifest

    manifest = read_manifest(build_data) or {}
    return [{"Dataset": r["dataset"], "File": r["file"], "Kind": r["kind"], "From": r["origin"],
             "Publisher time stamp": r["publisher_timestamp"], "sha256": r["sha256"]}
            for r in manifest.get("files", [])]


# Where a file of each manifest origin (helpers.data.sources ORIGIN_*) came from, in a reader's words.
# Only the mirror's registrar drops were captured by bckohan/lavote_scrape (its README says so).
ORIGIN_WORDS = {
    "download cache": "downloaded by this project from the registrar's results API (`make "
                      "fetch`), one file per drop, named by the drop's own time stamp",
    "mirror": "read from a local mirror of the publisher's files; its registrar drops were "
              "captured during the count by the public bckohan/lavote_scrape repository, which "
              "polled the same API",
}


def sources_manifest_markdown(build_data: Path) -> str:
    """The manifest as a table, then what is missing with the command that gets each dataset."""
    from helpers.data.sources import missing_lines, read_manifest

    manifest = read_manifest(build_data)
    if manifest is None:
        return "The data step has not run.\n"
    rows = sources_manifest_rows(build_data)
    text = ("Every publisher file this build read, with the publisher's own time stamp and its "
            "SHA-256; no file is committed.\n\n")
    text += (markdown_table(pd.DataFrame(rows)) + "\n") if rows else "No publisher file was read.\n"
    origins = sorted({r["From"] for r in rows})
    text += "".join(f"\n- **{o}**: {ORIGIN_WORDS.get(o, o)}." for o in origins)
    text += "\n" if origins else ""
    if manifest.get("missing"):
        text += "\n**Missing from this build:**\n\n" + "".join(
            f"- {markdown_escape_line(line)}\n" for line in missing_lines(manifest["missing"]))
    return text


def markdown_escape_line(line: str) -> str:
    """Escape Markdown in a line but keep its `code` spans (the commands) as code."""
    from helpers.tables import markdown_escape

    parts = line.split("`")
    return "`".join(p if i % 2 else markdown_escape(p) for i, p in enumerate(parts))


# ---- Filings: the files read, the statements-filed index, the Commission's official totals --

def filings_inputs_markdown(accounting_path: Path) -> str:
    """Every filings file the build read, with its size and SHA-256 (from accounting.json)."""
    if not accounting_path.exists():
        return "The filings step has not run.\n"
    inputs = json.loads(accounting_path.read_text(encoding="utf-8")).get("inputs", [])
    if not inputs:
        return "No itemized filings file was read.\n"
    table = pd.DataFrame([{"File": i["file"], "Bytes": f"{i['bytes']:,}", "sha256": i["sha256"]}
                          for i in inputs])  # fmt: skip
    return markdown_table(table) + "\n"


def statements_coverage_markdown(statements: pd.DataFrame, committees_by_race: dict) -> str:
    """Per race and committee: the periods its filed statements cover and the gaps, from the
    statements-filed index (br3a-db9a); says so plainly when the index was not read."""
    from helpers.data.filings.statements import statement_coverage

    if statements.empty:
        return ("No statements-filed index (data.lacity.org `br3a-db9a`) was read, so the pages "
                "cannot say which periods each committee's statements cover. Get it with "
                "`.venv/bin/python -m helpers.data.filings fetch --dataset br3a-db9a`.\n")  # fmt: skip
    rows = []
    for race_id, (committees, begin, end) in sorted(committees_by_race.items()):
        for committee_id, name in sorted(committees.items()):
            cov = statement_coverage(statements, committee_id, begin, end)
            rows.append({"Race": race_id, "Committee": f"{name} ({committee_id})",
                         "Statements filed": cov.sentence()})  # fmt: skip
    if not rows:
        return "No race's committee is known by its id in the filings read.\n"
    return markdown_table(pd.DataFrame(rows)) + "\n"


def official_totals_markdown(raw_dir: Path, elections: dict[str, int | None]) -> str:
    """The Ethics Commission's official outside-money totals beside the itemized independent
    expenditures behind them, per race whose Commission election id is configured; otherwise
    the command that gets them. The official figure is the headline, the difference is shown."""
    from helpers.data.filings.lacity_ethics_reconcile import load_election, reconcile_outside_money

    parts = []
    for race_id, election_id in sorted(elections.items()):
        if election_id is None:
            parts.append(f"- {race_id}: the Commission's election id is not set "
                         "(`filings.ethics_election_id` in config/races.yml; list the ids with "
                         "`.venv/bin/python -m helpers.data.filings ethics-fetch --index`).")  # fmt: skip
            continue
        if not (Path(raw_dir) / str(election_id) / "totals.html").exists():
            parts.append(f"- {race_id}: not downloaded. Get it with `.venv/bin/python -m "
                         f"helpers.data.filings ethics-fetch --election-id {election_id}`.")  # fmt: skip
            continue
        recon = reconcile_outside_money(load_election(raw_dir, election_id))
        shown = pd.DataFrame({
            "Race": race_id, "Candidate": recon["candidate"], "Side": recon["side"],
            "Official (Commission)": [format_value(v, "usd") for v in recon["official"]],
            "Itemized IEs": ["unknown: file not saved" if pd.isna(v) else format_value(v, "usd")
                             for v in recon["itemized"]],
            "Difference": ["" if pd.isna(v) else format_value(v, "usd")
                           for v in recon["difference"]],
        })  # fmt: skip
        parts.append(markdown_table(shown))
    return "\n".join(parts) + "\n"
