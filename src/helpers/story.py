"""Turn a journalist's story text into a Quarto page whose every number is a linked fact.

The story lives in ``story/<race_id>.md`` and never contains a typed figure: it says
``{{fact:KEY}}`` where a number goes and ``{{chart:NAME}}`` where a chart goes. Building the
page replaces each fact with its display text linked to its receipt on the race page, and each
chart with the accessible chart block. An unknown key stops the build, naming file and line.
"""

from __future__ import annotations

import re
from pathlib import Path

from helpers.errors import DataError
from helpers.race_page import chart_block, scripts_block

PLACEHOLDER = re.compile(r"\{\{\s*(fact|chart|label|source|as_of):([A-Za-z0-9_.\-]+)\s*\}\}")
# A typed figure in prose: money, a percentage, or a number with thousands separators.
TYPED_FIGURE = re.compile(r"\$\s?\d|\d\s?%|\b\d{1,3}(,\d{3})+\b|\b\d{4,}\b(?<!\b20\d\d\b)")


def markdown_text(text: str) -> str:
    """Escape a fact's display text for Markdown: '$' would otherwise start TeX math."""
    return text.replace("\\", "\\\\").replace("$", "\\$").replace("[", "\\[").replace("]", "\\]")


def typed_figures(text: str) -> list[tuple[int, str]]:
    """(line, match) for every figure typed by hand outside placeholders and front matter."""
    found = []
    lines = text.splitlines()
    body_start = 0
    if lines and lines[0].strip() == "---":
        closing = [i for i, line in enumerate(lines[1:], start=1) if line.strip() == "---"]
        body_start = closing[0] + 1 if closing else 0
    for number, line in enumerate(lines, start=1):
        if number <= body_start:
            continue
        bare = PLACEHOLDER.sub("", line)
        for match in TYPED_FIGURE.finditer(bare):
            found.append((number, match.group(0)))
    return found


def render_story(
    path: Path, facts: dict[str, dict], charts: dict[str, dict], race_href: str, up: str = ""
) -> str:
    """The .qmd text for a story; ``race_href`` is the race page the receipts live on."""
    text = path.read_text(encoding="utf-8")
    typed = typed_figures(text)
    if typed:
        line, figure = typed[0]
        raise DataError(path, line, None,
                        f"figure {figure!r} typed by hand: use {{{{fact:KEY}}}} from the facts file")
    lines = text.splitlines()
    used_chart = False
    out = []
    for number, line in enumerate(lines, start=1):
        def replace(match: re.Match, number=number) -> str:
            nonlocal used_chart
            kind, key = match.group(1), match.group(2)
            if kind == "chart":
                if key not in charts:
                    raise DataError(path, number, None, f"unknown chart {key!r}; known: {sorted(charts)}")
                used_chart = True
                return chart_block(charts[key], f"{race_href}/charts")
            if key not in facts:
                raise DataError(path, number, None, f"unknown fact {key!r}; run the notebooks or "
                                f"check the key (known: {len(facts)} facts)")
            fact = facts[key]
            if kind == "label":
                return markdown_text(fact["label"])
            if kind == "source":
                return f"[{markdown_text(fact['source'])}]({fact['source_url']})"
            if kind == "as_of":
                return markdown_text(fact["as_of"])
            return f"[{markdown_text(fact['display'])}]({race_href}/index.qmd#receipt-{key}){{.fact}}"

        out.append(PLACEHOLDER.sub(replace, line))
    page = "\n".join(out) + "\n"
    if used_chart:
        page += "\n" + scripts_block(up)
    return page
