"""Post-render fixes to the HTML Quarto writes, and the scan the site check uses to verify them.

Quarto's own markup fails a few checks the site holds itself to; ``scripts/render.sh`` runs
``python -m helpers.site.site_post _site`` right after ``quarto render`` and the site check (static
half, no browser) fails the build if any page still needs one of these fixes:

* Quarto 1.5 to 1.7 put ``role="menu"`` on the navbar's collapse button
  (``button.navbar-toggler``); a button may not have that role (axe ``aria-allowed-role``), so
  the attribute is removed (quarto-dev/quarto-cli#14615, fixed upstream after 1.7).
* ``site_libs/bootstrap/bootstrap-icons.css`` (98 KB, plus its font) is linked from every page;
  the site uses no icon class (``bi-*``), so the link is dropped, and the files with it when no
  page links them any more. The code-copy button's icon is a CSS background (assets/site.scss).
* Notebook outputs and code that can scroll sideways (``div.cell-output`` holding ``<pre>`` or
  ``<svg>``, ``div.sourceCode``) get ``tabindex="0"``, ``role="region"`` and a label, so a
  keyboard can scroll them (axe ``scrollable-region-focusable``).
* Every ``<table>`` not already inside a ``.table-scroll`` region is wrapped in one: a wide
  table scrolls inside a focusable, labelled region instead of widening the page.

The edits are made in place on the text (attributes inserted, a tag removed, a wrapper added),
so everything else Quarto wrote stays byte for byte. Running the step twice changes nothing.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

ICONS_CSS = "bootstrap-icons.css"
SCROLL_CONTENT = {"pre", "svg"}  # what makes a notebook output wide enough to scroll
TRACKED = {"div", "table", "details", "figure", "section", "main", "header", "nav"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


@dataclass
class _Open:
    tag: str
    classes: set[str]
    start: int
    end: int  # offset just after the start tag
    attrs: dict[str, str]
    contains: set[str] = field(default_factory=set)
    caption: str = ""


@dataclass
class Region:
    """A block that may scroll sideways and must then be focusable and named."""

    kind: str  # "output", "code" or "table"
    start: int  # offset of its start tag
    tag_end: int  # offset just after its start tag
    close: int  # offset just after its end tag (tables only; -1 otherwise)
    focusable: bool  # already has tabindex
    label: str  # the label the fix gives it
    wrapped: bool = False  # a table inside a .table-scroll region already


@dataclass
class PageScan:
    """What the post-render step would change on one page."""

    toggler_roles: list[tuple[int, int]] = field(default_factory=list)  # attribute spans
    icon_links: list[tuple[int, int]] = field(default_factory=list)  # whole <link> tags
    uses_icons: bool = False  # an element with a bi-* class needs the icon font
    regions: list[Region] = field(default_factory=list)
    labels: set[str] = field(default_factory=set)

    def needed(self) -> list[str]:
        """The fixes this page still needs, in words (empty when none)."""
        out = []
        if self.toggler_roles:
            out.append('the navbar toggler button has role="menu" (axe aria-allowed-role)')
        if self.icon_links and not self.uses_icons:
            out.append("links bootstrap-icons.css though no element uses an icon class")
        for r in self.regions:
            if r.kind == "table" and not r.wrapped:
                out.append(f"a table ({r.label}) is not inside a scrolling region: a wide "
                           "table would widen the page")
            elif r.kind != "table" and not r.focusable:
                out.append(f"{r.label} can scroll sideways but is not keyboard-focusable "
                           "(axe scrollable-region-focusable)")
        return out


def _classes(attrs: dict[str, str]) -> set[str]:
    return set(attrs.get("class", "").split())


class _Scanner(HTMLParser):
    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.text = text
        self.line_starts = [0] + [m.end() for m in re.finditer(r"\n", text)]
        self.scan = PageScan()
        self.stack: list[_Open] = []
        self.cell_no = 0
        self.outputs_in_cell = 0
        self.heading = ""
        self._heading_buf: list[str] | None = None
        self._caption_buf: list[str] | None = None
        self.tables = 0

    def _pos(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def handle_starttag(self, tag, attrs):
        a = {k.lower(): (v or "") for k, v in attrs}
        start = self._pos()
        raw = self.get_starttag_text() or ""
        end = start + len(raw)
        classes = _classes(a)
        for opened in self.stack:
            opened.contains.add(tag)
        if any(c.startswith("bi-") for c in classes):
            self.scan.uses_icons = True
        if a.get("role") == "region" and a.get("aria-label"):
            self.scan.labels.add(a["aria-label"])
        if tag == "button" and "navbar-toggler" in classes and "role" in a:
            m = re.search(r"""\s+role\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)""", raw, re.I)
            if m and a["role"] == "menu":
                self.scan.toggler_roles.append((start + m.start(), start + m.end()))
        if tag == "link" and a.get("href", "").split("?")[0].endswith(ICONS_CSS):
            self.scan.icon_links.append((start, end))
        if tag in HEADINGS:
            self._heading_buf = []
        if tag == "caption":
            self._caption_buf = []
        if tag in TRACKED:
            if tag == "div" and "cell" in classes:
                self.cell_no += 1
                self.outputs_in_cell = 0
            self.stack.append(_Open(tag, classes, start, end, a))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if self.stack and self.stack[-1].start == self._pos() and tag in TRACKED:
            self.stack.pop()

    def handle_data(self, data):
        if self._heading_buf is not None:
            self._heading_buf.append(data)
        if self._caption_buf is not None:
            self._caption_buf.append(data)

    def handle_endtag(self, tag):
        if tag in HEADINGS and self._heading_buf is not None:
            self.heading = " ".join("".join(self._heading_buf).split())
            self._heading_buf = None
        if tag == "caption" and self._caption_buf is not None:
            caption = " ".join("".join(self._caption_buf).split())
            for opened in reversed(self.stack):
                if opened.tag == "table":
                    opened.caption = caption
                    break
            self._caption_buf = None
        if tag not in TRACKED:
            return
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i].tag == tag:
                opened = self.stack[i]
                del self.stack[i:]
                self._close(opened)
                return

    def _close(self, el: _Open) -> None:
        focusable = "tabindex" in el.attrs
        if el.tag == "div" and "cell-output" in el.classes and el.contains & SCROLL_CONTENT:
            self.outputs_in_cell += 1
            part = f", part {self.outputs_in_cell}" if self.outputs_in_cell > 1 else ""
            label = f"Output of code cell {self.cell_no}{part}" if self.cell_no else "Output"
            self.scan.regions.append(Region("output", el.start, el.end, -1, focusable, label))
        elif el.tag == "div" and "sourceCode" in el.classes:
            label = f"Code of cell {self.cell_no}" if self.cell_no else "Code"
            self.scan.regions.append(Region("code", el.start, el.end, -1, focusable, label))
        elif el.tag == "table":
            self.tables += 1
            m = re.compile(r"</\s*table\s*>", re.I).match(self.text, self._pos())
            close = self._pos() + (m.end() - m.start() if m else len("</table>"))
            wrapped = any("table-scroll" in o.classes for o in self.stack)
            name = el.caption or (f"Table under “{self.heading}”" if self.heading
                                  else f"Table {self.tables}")
            self.scan.regions.append(Region("table", el.start, el.end, close, focusable, name,
                                            wrapped=wrapped))


def scan_page(text: str) -> PageScan:
    parser = _Scanner(text)
    parser.feed(text)
    parser.close()
    parser.scan.regions.sort(key=lambda r: r.start)
    return parser.scan


def _unique(label: str, used: set[str]) -> str:
    out, n = label, 2
    while out in used:
        out, n = f"{label} ({n})", n + 1
    used.add(out)
    return out


def fix_page(text: str) -> tuple[str, list[str]]:
    """The page with every fix applied, and what was changed (empty: nothing to do)."""
    scan = scan_page(text)
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement), non-overlapping
    done = []
    for start, end in scan.toggler_roles:
        edits.append((start, end, ""))
        done.append('removed role="menu" from the navbar toggler')
    if scan.icon_links and not scan.uses_icons:
        for start, end in scan.icon_links:
            stop = end + 1 if text[end:end + 1] == "\n" else end
            edits.append((start, stop, ""))
        done.append("dropped the unused bootstrap-icons.css")
    used = set(scan.labels)
    for r in scan.regions:
        if r.kind == "table":
            if r.wrapped:
                continue
            label = html.escape(_unique(r.label, used), quote=True)
            edits.append((r.start, r.start, f'<div class="table-scroll" role="region" '
                                            f'tabindex="0" aria-label="{label}">'))
            edits.append((r.close, r.close, "</div>"))
            done.append(f"wrapped a table in a scrolling region ({r.label})")
        elif not r.focusable:
            label = html.escape(_unique(r.label, used), quote=True)
            tag_close = r.tag_end - (2 if text[r.tag_end - 2:r.tag_end] == "/>" else 1)
            edits.append((tag_close, tag_close,
                          f' tabindex="0" role="region" aria-label="{label}"'))
            done.append(f"made {r.label.lower()} focusable")
    for start, end, new in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        text = text[:start] + new + text[end:]
    return text, done


def fix_site(root: str | Path) -> dict[str, list[str]]:
    """Fix every HTML page under ``root`` in place; remove the icon files no page links."""
    root = Path(root)
    changes: dict[str, list[str]] = {}
    still_linked = False
    for page in sorted(root.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        new, done = fix_page(text)
        if new != text:
            page.write_text(new, encoding="utf-8")
            changes[page.relative_to(root).as_posix()] = done
        if scan_page(new).icon_links:
            still_linked = True
    if not still_linked:
        for css in root.glob(f"site_libs/bootstrap/{ICONS_CSS}"):
            for font in css.parent.glob("bootstrap-icons.woff*"):
                font.unlink()
            css.unlink()
    return changes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers.site.site_post",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="the rendered site, e.g. _site")
    args = parser.parse_args(argv)
    if not args.site.is_dir():
        print(f"error: {args.site} is not a folder", file=sys.stderr)
        return 2
    changes = fix_site(args.site)
    fixes = sum(len(v) for v in changes.values())
    print(f"post-render: {fixes} fixes on {len(changes)} pages")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

