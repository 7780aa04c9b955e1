"""Tables for people: escaped HTML and Markdown, and spreadsheet-safe published CSV.

Every string from a data file is treated as hostile: a committee called ``<script>`` must show
as text, and a donor called ``=HYPERLINK(...)`` must not become a formula in a spreadsheet.
"""

from __future__ import annotations

import html
import io

import pandas as pd

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: object) -> object:
    """Prefix a text cell that a spreadsheet would run as a formula with an apostrophe (OWASP)."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def safe_for_spreadsheets(frame: pd.DataFrame) -> pd.DataFrame:
    """Apply neutralise_formula to text columns only; numbers (e.g. refunds, -500) stay numbers."""
    out = frame.copy()
    for col in out.columns:
        if pd.api.types.is_string_dtype(out[col]) or out[col].dtype == object:
            out[col] = out[col].map(neutralise_formula)
    return out


def to_csv_text(frame: pd.DataFrame) -> str:
    """Deterministic CSV text: fixed line endings, no index, formula-safe."""
    buf = io.StringIO()
    safe_for_spreadsheets(frame).to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue()


def _cell(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return f"{value:,.4g}" if abs(value) < 1 else f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def html_table(frame: pd.DataFrame, caption: str, formatters: dict | None = None) -> str:
    """An accessible HTML table (caption, column headers with scope), every cell escaped."""
    formatters = formatters or {}
    head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in frame.columns)
    body = []
    for _, row in frame.iterrows():
        cells = []
        for col in frame.columns:
            fmt = formatters.get(col, _cell)
            cells.append(f"<td>{html.escape(fmt(row[col]))}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f'<table class="data-table"><caption>{html.escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_{}[]<>()#+-.!|~$"})


def markdown_escape(text: str) -> str:
    """Escape Markdown and raw-HTML syntax so pandoc prints data strings as literal text."""
    return html.escape(text, quote=False).translate(MD_SPECIAL).replace("\n", " ")


def markdown_table(frame: pd.DataFrame, formatters: dict | None = None) -> str:
    """A pipe table for notebook output (no HTML output, so Quarto injects no CDN scripts)."""
    formatters = formatters or {}
    header = "| " + " | ".join(markdown_escape(str(c)) for c in frame.columns) + " |"
    rule = "|" + "|".join("---" for _ in frame.columns) + "|"
    lines = [header, rule]
    for _, row in frame.iterrows():
        cells = [markdown_escape(formatters.get(c, _cell)(row[c])) for c in frame.columns]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
