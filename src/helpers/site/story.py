"""Turn a journalist's story text into a Quarto page whose every number is a linked fact.

The story lives in ``story/<race_id>.md`` and never contains a typed figure: it says
``{{fact:KEY}}`` where a number goes (``{{fact:reported:FIGURE_ID}}`` for a row of
data/reference/reported_figures.csv; docs/facts.md), ``{{as_of:KEY}}`` for its as-of date in AP
style and ``{{chart:NAME}}`` where a chart goes. Building the
page replaces each fact with its display text linked to its receipt on the race page, and each
chart with the accessible chart block. An unknown key stops the build, naming file and line.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from helpers.analysis.facts import as_of_words
from helpers.analysis.reported_facts import race_facts
from helpers.errors import DataError
from helpers.paths import Layout
from helpers.site.race_page import chart_block, chart_entries, receipt_anchor, scripts_block

# Keys may hold ':' so a ledger row is quoted by its own id: {{fact:reported:FIGURE_ID}}.
PLACEHOLDER = re.compile(r"\{\{\s*(fact|chart|label|source|as_of):([A-Za-z0-9_.:\-]+)\s*\}\}")
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


MISSING_FIGURE = "*(figure not in this build)*"
MISSING_CHART = "*(Chart not in this build: the data it draws is missing; see the note above.)*"


def missing_data(story_path: Path) -> list[dict]:
    """Datasets the build could not find (helpers.data.sources' manifest), for <root>/story/*.md.

    Only when data is missing does an unknown fact or chart become a visible "not in this
    build" marker (with a note listing what is missing and the command that gets it) instead
    of stopping the build: a fresh clone without the data still gets its other pages.
    """
    story_path = Path(story_path).resolve()
    if story_path.parent.name != "story":
        return []
    from helpers.data.sources import read_manifest

    manifest = read_manifest(Layout(story_path.parent.parent).build_data)
    return (manifest or {}).get("missing") or []


def missing_note(missing: list[dict]) -> str:
    from helpers.data.sources import missing_lines

    items = "\n".join(f"- {_escape_keep_code(line)}" for line in missing_lines(missing))
    return ("::: {.callout-warning}\n## Data missing from this build\n\n"
            "Figures and charts marked *not in this build* need data this copy of the project "
            f"does not have:\n\n{items}\n:::\n")


def render_story(
    path: Path, facts: dict[str, dict], charts: dict[str, dict], race_href: str, up: str = ""
) -> str:
    """The .qmd text for a story; ``race_href`` is the race page the receipts live on."""
    text = path.read_text(encoding="utf-8")
    missing = missing_data(path)
    unavailable: list[str] = []
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
                if key not in charts and missing:
                    unavailable.append(key)
                    return MISSING_CHART
                if key not in charts:
                    raise DataError(path, number, None, f"unknown chart {key!r}; known: {sorted(charts)}")
                used_chart = True
                return chart_block(charts[key], f"{race_href}/charts")
            if key not in facts and missing:
                unavailable.append(key)
                return MISSING_FIGURE
            if key not in facts:
                raise DataError(path, number, None, f"unknown fact {key!r}; run the notebooks or "
                                f"check the key (known: {len(facts)} facts)")
            fact = facts[key]
            if kind == "label":
                return markdown_text(fact["label"])
            if kind == "source":
                return f"[{markdown_text(fact['source'])}]({fact['source_url']})"
            if kind == "as_of":  # AP style at the row's precision: "about Feb. 28, 2024"
                return markdown_text(as_of_words(fact))
            anchor = receipt_anchor(key)
            return f"[{markdown_text(fact['display'])}]({race_href}/index.qmd#{anchor}){{.fact}}"

        out.append(PLACEHOLDER.sub(replace, line))
    if unavailable:
        out = _insert_after_front_matter(out, missing_note(missing))
        print(f"{path.name}: {len(set(unavailable))} figure(s)/chart(s) not in this build (missing "
              f"data): {', '.join(sorted(set(unavailable)))}", file=sys.stderr)
    page = "\n".join(out) + "\n"
    if used_chart:
        page += "\n" + scripts_block(up)
    return page


def _insert_after_front_matter(lines: list[str], block: str) -> list[str]:
    if lines and lines[0].strip() == "---":
        closing = [i for i, line in enumerate(lines[1:], start=1) if line.strip() == "---"]
        if closing:
            end = closing[0] + 1
            return [*lines[:end], "", *block.rstrip("\n").split("\n"), *lines[end:]]
    return [*block.rstrip("\n").split("\n"), "", *lines]


def _escape_keep_code(line: str) -> str:
    """Markdown-escape a line except its `code` spans (the commands stay copyable)."""
    from helpers.tables import markdown_escape

    parts = line.split("`")
    return "`".join(p if i % 2 else markdown_escape(p) for i, p in enumerate(parts))


SITE_TITLE = "Follow the money: L.A. school board races"


def story_race(root: Path, races: list) -> object | None:
    """The race whose story is the site's front page: the featured race when it is built and
    has a story, else the first built race with one; None when no built race has a story."""
    with_story = [r for r in races if (Path(root) / "story" / f"{r.id}.md").exists()]
    return next((r for r in with_story if r.featured), with_story[0] if with_story else None)


def explainer_page(root: Path, races: list) -> str:
    """index.qmd: a story when a built race has one, else a front page leading to each race.

    ``make site RACES=...`` may leave out the story's race; the home page then still leads
    readers somewhere useful (each race, its result in one sentence, its page), never to a
    placeholder, and says which stories the build left out.
    """
    root = Path(root)
    race = story_race(root, races)
    if race is not None:
        layout = Layout(root)
        build = layout.race_build(race.id)
        return render_story(layout.stories / f"{race.id}.md", race_facts(build, race.id),
                            chart_entries(build),
                            f"races/{race.id}")
    return front_page(root, races)


def front_page(root: Path, races: list) -> str:
    """The home page of a build without any of its races' stories: every built race, with the
    result sentences notebook 05 recorded (linked to their receipts) and a link to its page."""
    from helpers.tables import markdown_escape

    root = Path(root)
    lines = ["---", f'title: "{SITE_TITLE}"', "---", "",
             "Money, endorsements and votes in each race below: every chart, figure and receipt "
             "is on the race's page.", ""]
    for race in races:
        facts = race_facts(Layout(root).race_build(race.id), race.id)
        lines += [f"## {markdown_escape(race.title)}", ""]
        for key in sorted(k for k in facts if k.endswith("_outcome")):
            href = f"races/{race.id}/index.qmd#{receipt_anchor(key)}"
            lines += [f"[{markdown_text(facts[key]['display'])}]({href}){{.fact}}", ""]
        lines += [f"[Every chart, figure and receipt for {markdown_escape(race.short_title)}]"
                  f"(races/{race.id}/index.qmd)", ""]
    built = {r.id for r in races}
    left_out = sorted(p.stem for p in Layout(root).stories.glob("*.md") if p.stem not in built)
    if left_out:
        lines += ["::: {.callout-note}",
                  "This build leaves out the race" + ("s" if len(left_out) > 1 else "")
                  + " of the written " + ("stories" if len(left_out) > 1 else "story") + ": "
                  + ", ".join(f"`story/{s}.md`" for s in left_out)
                  + ". `make site` builds every race and publishes the story here.",
                  ":::", ""]
    return "\n".join(lines)
