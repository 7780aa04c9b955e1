"""Check a built static site: what it holds, links, weight, accessibility, legible charts.

Two halves:

* static checks, no browser, a few seconds (``make site`` runs them): the site folder holds
  only the site (an allow-list of top-level entries; nothing copied from .venv, build, src,
  tests), the project's ``_quarto.yml`` anchors every render/resources glob, every HTML file
  is a complete page (lang, title, main, h1), the post-render fixes are in (helpers.site.site_post),
  every internal ``href``/``src`` (HTML and CSS) resolves to a file inside the site, no
  resource the browser would *load* points outside it, and each page's first load stays
  within its budget, raw and compressed (gzip) bytes, reported for every page.
  Links in ``<a href>`` to external sources are allowed: they are citations, not loads.
* browser checks (Debian chromium through Playwright; ``make check-site``, in parallel): each
  page is served from a 127.0.0.1 HTTP server and opened at 375 px; every request is recorded
  and any that would leave 127.0.0.1 is blocked and reported; console errors, failed
  requests, axe-core violations, a missing or generic ``<title>`` and horizontal scrolling
  are reported. Every chart's smallest text is measured as displayed, on its static image
  and, once the page's charts are touched and drawn by Vega, on the live chart, at 375 px
  and at 1280 px: below ``MIN_FONT_PX`` it fails, and so does a chart that does not fit its
  column. The weight of what the browser fetched before anything was touched is budgeted.

``scripts/check_site.py`` is the command line; ``tests/browser/`` reuses the server and the
page check for the standalone chart pages.
"""

from __future__ import annotations

import contextlib
import fnmatch
import functools
import gzip
import http.server
import importlib.util
import os
import queue
import re
import shutil
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

MB = 1_000_000  # budgets use decimal units, as browser dev tools do
KB = 1_000


@dataclass(frozen=True)
class Budget:
    """The most a page's first load may weigh: raw bytes and gzip-compressed bytes."""

    raw: int | None = None
    gz: int | None = None


# Everything a reader's browser fetches for the explainer before they touch anything (HTML,
# CSS, scripts, the first chart), counted raw and as a server would send it compressed.
DEFAULT_BUDGETS = {"index.html": Budget(raw=1 * MB, gz=200 * KB)}
GZIP_LEVEL = 6  # what web servers use by default
# The explainer must show its first chart within this many ms of navigation (charts.js
# records performance.now() when the first chart's image is on screen).
FIRST_CHART_BUDGETS_MS = {"index.html": 1500}
MIN_FONT_PX = 11  # no chart text smaller than this, in CSS px, as displayed
DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
    "--disable-dev-shm-usage",
]
MOBILE_WIDTH = 375
WIDE_WIDTH = 1280
# The standalone chart pages (src/helpers/analysis/charts.py writes them): each must draw its
# chart by itself, named by its description (``wait_for_chart``).
STANDALONE_CHART_PAGES = "races/*/charts/*.html"

# <link rel=...> values that make the browser fetch (or connect to) the target.
LOADING_RELS = {
    "stylesheet", "icon", "shortcut", "apple-touch-icon", "mask-icon", "manifest", "preload",
    "modulepreload", "prefetch", "preconnect", "dns-prefetch", "prerender",
}
# (tag, attribute) pairs whose URL the browser loads while showing the page.
LOADED_ATTRS = {
    ("script", "src"), ("img", "src"), ("img", "srcset"), ("source", "src"),
    ("source", "srcset"), ("video", "src"), ("video", "poster"), ("audio", "src"),
    ("track", "src"), ("iframe", "src"), ("frame", "src"), ("embed", "src"),
    ("object", "data"), ("input", "src"), ("image", "href"), ("image", "xlink:href"),
    ("use", "href"), ("use", "xlink:href"), ("body", "background"),
}
LINK_ATTRS = {("a", "href"), ("area", "href"), ("link", "href"), ("form", "action"),
              # fetched by assets/charts.js only when a reader reaches or touches a chart
              ("div", "data-spec-src"), ("script", "data-vega")}
IGNORED_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "blob:", "about:", "sms:")
CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)""", re.I)
CSS_IMPORT = re.compile(r"""@import\s+(?:"([^"]*)"|'([^']*)')""", re.I)
CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
GENERIC_TITLES = {"", "document", "untitled", "index", "home", "page", "chart", "html"}


# ---- references ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Ref:
    """One URL found in a file: where, in which tag/attribute, and whether it is loaded."""

    source: str  # path of the file, relative to the site root, with forward slashes
    line: int
    where: str  # e.g. "script src", "css url()", "a href"
    url: str
    loaded: bool
    lazy: bool = False  # an image with loading="lazy": not part of the first load

    def at(self) -> str:
        return f"{self.source}:{self.line}"


@dataclass(frozen=True)
class Problem:
    page: str
    kind: str  # "broken link", "external resource", "budget", "axe", ...
    detail: str

    def __str__(self) -> str:
        return f"[{self.kind}] {self.page}: {self.detail}"


def is_external(url: str) -> bool:
    low = url.strip().lower()
    return low.startswith(("http://", "https://", "//", "ws://", "wss://", "ftp://"))


def is_ignored(url: str) -> bool:
    low = url.strip().lower()
    return not low or low.startswith("#") or low.startswith(IGNORED_SCHEMES)


def _srcset_urls(value: str) -> list[str]:
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


def css_urls(text: str) -> list[tuple[int, str]]:
    """(line, url) of every ``url()`` and ``@import`` in CSS text (comments skipped)."""
    text = CSS_COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    found = []
    for pattern in (CSS_URL, CSS_IMPORT):
        for m in pattern.finditer(text):
            url = next(g for g in m.groups() if g is not None)
            found.append((text.count("\n", 0, m.start()) + 1, url.strip()))
    return sorted(found)


class _RefParser(HTMLParser):
    def __init__(self, source: str):
        super().__init__(convert_charrefs=True)
        self.source = source
        self.refs: list[Ref] = []
        self._in_style = False
        self._picture: list[Ref] | None = None  # <source> refs of an open <picture>

    def _add(self, where: str, url: str, loaded: bool, line: int | None = None,
             lazy: bool = False) -> None:
        ref = Ref(self.source, line or self.getpos()[0], where, url.strip(), loaded, lazy)
        if self._picture is not None and where.startswith("source "):
            self._picture.append(ref)  # lazy or not as the picture's <img> says
        else:
            self.refs.append(ref)

    def handle_starttag(self, tag, attrs):
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "picture":
            self._picture = []
        if tag == "img" and self._picture is not None:
            lazy = a.get("loading", "").lower() == "lazy"
            self.refs += [Ref(r.source, r.line, r.where, r.url, r.loaded, lazy)
                          for r in self._picture]
            self._picture = None
        if tag == "style":
            self._in_style = True
        if "style" in a:
            for _, url in css_urls(a["style"]):
                self._add(f"{tag} style url()", url, True)
        for name, value in a.items():
            if tag == "input" and a.get("type", "").lower() != "image":
                continue  # only <input type=image> loads its src
            if (tag, name) in LOADED_ATTRS:
                urls = _srcset_urls(value) if name == "srcset" else [value]
                lazy = tag == "img" and a.get("loading", "").lower() == "lazy"
                for url in urls:
                    self._add(f"{tag} {name}", url, True, lazy=lazy)
            elif (tag, name) in LINK_ATTRS:
                loaded = False
                if tag == "link":
                    rels = set(a.get("rel", "").lower().split())
                    loaded = bool(rels & LOADING_RELS)
                self._add(f"{tag} {name}", value, loaded)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "style":
            self._in_style = False

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False
        if tag == "picture" and self._picture is not None:
            self.refs += self._picture
            self._picture = None

    def handle_data(self, data):
        if self._in_style:
            start = self.getpos()[0]
            for line, url in css_urls(data):
                self._add("style url()/@import", url, True, start + line - 1)


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def html_refs(root: Path, page: Path) -> list[Ref]:
    parser = _RefParser(_rel(root, page))
    parser.feed(page.read_text(encoding="utf-8", errors="replace"))
    parser.close()
    return parser.refs


def css_refs(root: Path, css: Path) -> list[Ref]:
    text = css.read_text(encoding="utf-8", errors="replace")
    return [Ref(_rel(root, css), line, "css url()/@import", url, True)
            for line, url in css_urls(text)]


def resolve(root: Path, ref: Ref) -> Path | None:
    """The file an internal URL points to (fragment and query dropped); None if it is missing.

    A URL starting with "/" is taken from the site root. Folders resolve to their index.html.
    A target outside the root counts as missing: the published site would not have it.
    """
    parts = urlsplit(ref.url)
    path = unquote(parts.path)
    if not path:  # "?q" or "#x" alone: the page itself
        return root / ref.source
    base = root if path.startswith("/") else (root / ref.source).parent
    target = (base / path.lstrip("/")).resolve()
    root_r = root.resolve()
    if target != root_r and root_r not in target.parents:
        return None
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


# ---- static checks -------------------------------------------------------------------------

def site_files(root: Path, suffix: str) -> list[Path]:
    return sorted(p for p in root.rglob(f"*{suffix}") if p.is_file())


def is_document(path: Path) -> bool:
    """A whole HTML document (not a fragment such as a chart's .table.html include)."""
    head = path.read_bytes()[:2048].lower()
    return b"<!doctype html" in head or b"<html" in head


def all_refs(root: Path) -> list[Ref]:
    refs: list[Ref] = []
    for page in site_files(root, ".html"):
        refs.extend(html_refs(root, page))
    for css in site_files(root, ".css"):
        refs.extend(css_refs(root, css))
    return refs


def check_refs(root: Path, refs: Iterable[Ref]) -> list[Problem]:
    """Broken internal URLs and external resources that would be loaded."""
    problems = []
    for ref in refs:
        if is_ignored(ref.url):
            continue
        if is_external(ref.url):
            if ref.loaded:
                problems.append(Problem(ref.source, "external resource",
                                        f"line {ref.line}: {ref.where} loads {ref.url}"))
            continue
        if resolve(root, ref) is None:
            problems.append(Problem(ref.source, "broken link",
                                    f"line {ref.line}: {ref.where} {ref.url!r} resolves to no "
                                    "file in the site"))
    return problems


# ---- what the site folder holds --------------------------------------------------------------

# The only top-level entries a rendered site may have: the pages (*.html at the top) with
# their "<page>_files" folders, these folders and these files. Anything else was copied by
# mistake (a resources glob without a leading "/" copies .venv/**/assets/** and
# build/races/**/charts/**, for example).
ALLOWED_DIRS = frozenset({"assets", "site_libs", "races", "downloads"})
ALLOWED_FILES = frozenset({"datapackage.json", "sitemap.xml", "robots.txt", "search.json",
                           ".nojekyll", "favicon.ico"})
# Folder names that are never part of a published site, at any depth.
STRAY_PARTS = frozenset({".venv", "venv", "build", "src", "tests", "site-packages",
                         "node_modules", "__pycache__", ".git", ".quarto", "_site"})


def check_allow_list(root: Path, dirs: Iterable[str] = ALLOWED_DIRS,
                     files: Iterable[str] = ALLOWED_FILES) -> list[Problem]:
    """Top-level entries outside the allow-list, and stray project folders at any depth."""
    dirs, files = set(dirs), set(files)
    problems = []
    for entry in sorted(root.iterdir()):
        name = entry.name
        ok = ((name in dirs or name.endswith("_files")) if entry.is_dir()
              else (name in files or name.endswith(".html")))
        if not ok:
            kind = "folder" if entry.is_dir() else "file"
            problems.append(Problem(name, "not part of the site",
                                    f"the {kind} {name!r} is at the top of the site but is not "
                                    "on the allow-list (check the resources globs in "
                                    "_quarto.yml: each must start with '/')"))
    for top in sorted(d for d in dirs if (root / d).is_dir()):
        for path in sorted((root / top).rglob("*")):
            nested = any(p.name in STRAY_PARTS for p in path.relative_to(root).parents)
            if path.is_dir() and path.name in STRAY_PARTS and not nested:
                problems.append(Problem(_rel(root, path), "not part of the site",
                                        f"a {path.name!r} folder was published; it belongs "
                                        "to the project, not the site"))
    return problems


def unanchored_globs(config: dict) -> list[str]:
    """Entries of project.render and project.resources in a _quarto.yml without a leading "/".

    Quarto matches a glob that does not start with "/" at any depth of the project (it
    prepends "**/"), so "assets/**" also matches .venv/.../assets/**.
    """
    project = (config or {}).get("project") or {}
    found = []
    for key in ("render", "resources"):
        entries = project.get(key) or []
        for entry in [entries] if isinstance(entries, str) else entries:
            text = str(entry)
            body = text[1:] if text.startswith("!") else text
            if not body.startswith("/"):
                found.append(f"project.{key}: {text!r}")
    return found


def check_quarto_config(project_dir: Path) -> list[Problem]:
    """The resources/render globs of the project's _quarto.yml must all be anchored."""
    path = project_dir / "_quarto.yml"
    if not path.is_file():
        return []
    import yaml

    config = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [Problem("_quarto.yml", "resources glob",
                    f"{entry} has no leading '/': Quarto would match it at any depth "
                    "(.venv, build, ...); write it from the project root, e.g. '/assets/**'")
            for entry in unanchored_globs(config)]


class _DocParser(HTMLParser):
    """What makes an HTML file a complete page: lang, a title, a <main>, an <h1>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lang = ""
        self.title: str | None = None
        self.main = False
        self.h1 = 0
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "html":
            self.lang = a.get("lang", "").strip()
        elif tag == "title" and self.title is None:
            self.title, self._in_title = "", True
        elif tag == "main" or a.get("role") == "main":
            self.main = True
        elif tag == "h1":
            self.h1 += 1

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title = (self.title or "") + data


def incomplete_page_problems(root: Path, page: Path) -> list[Problem]:
    """A published .html file must be a whole page: a fragment served alone has no title,
    language or landmarks (axe: document-title, html-has-lang, landmark-one-main, ...)."""
    text = page.read_text(encoding="utf-8", errors="replace")
    parser = _DocParser()
    parser.feed(text)
    parser.close()
    missing = []
    if not is_document(page):
        missing.append("<!doctype html>/<html>")
    if not parser.lang:
        missing.append("<html lang>")
    if not (parser.title or "").strip():
        missing.append("<title>")
    if not parser.main:
        missing.append("<main>")
    if not parser.h1:
        missing.append("<h1>")
    if not missing:
        return []
    return [Problem(_rel(root, page), "incomplete page",
                    "published as a stand-alone page but has no " + ", ".join(missing)
                    + " (include fragments in their page instead of publishing them)")]


def markup_problems(root: Path, page: Path) -> list[Problem]:
    """Fixes the post-render step (helpers.site.site_post) makes, still missing on this page."""
    from helpers.site.site_post import scan_page

    text = page.read_text(encoding="utf-8", errors="replace")
    return [Problem(_rel(root, page), "markup", f"{why} (run: python -m helpers.site.site_post "
                                                f"{root.name})")
            for why in scan_page(text).needed()]


def loaded_files(root: Path, page: Path, first_load: bool = False) -> set[Path]:
    """The page and every local file it loads, following CSS url()/@import and iframes.

    With ``first_load``, images marked ``loading="lazy"`` are left out: the browser fetches
    them only as the reader scrolls near them (files scripts fetch later are never seen
    here; the browser check counts what it saw fetched).
    """
    seen: set[Path] = set()
    todo = [page.resolve()]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        if current.suffix == ".html":
            refs = html_refs(root, current)
        elif current.suffix == ".css":
            refs = css_refs(root, current)
        else:
            continue
        for ref in refs:
            if not ref.loaded or is_ignored(ref.url) or is_external(ref.url):
                continue
            if first_load and ref.lazy:
                continue
            target = resolve(root, ref)
            if target is not None:
                todo.append(target.resolve())
    return seen


_GZ_CACHE: dict[tuple[str, int, int], int] = {}
_GZ_LOCK = threading.Lock()


def gz_size(path: Path) -> int:
    """Bytes of the file as a web server sends it gzip-compressed (level ``GZIP_LEVEL``)."""
    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    with _GZ_LOCK:
        if key in _GZ_CACHE:
            return _GZ_CACHE[key]
    size = len(gzip.compress(path.read_bytes(), compresslevel=GZIP_LEVEL, mtime=0))
    with _GZ_LOCK:
        _GZ_CACHE[key] = size
    return size


@dataclass(frozen=True)
class Weight:
    files: frozenset[Path]
    raw: int
    gz: int

    @classmethod
    def of(cls, files: Iterable[Path]) -> Weight:
        present = frozenset(p for p in files if p.is_file())
        return cls(present, sum(p.stat().st_size for p in present),
                   sum(gz_size(p) for p in present))

    def text(self) -> str:
        return (f"{fmt_bytes(self.raw)} raw, {fmt_bytes(self.gz)} gzip in "
                f"{len(self.files)} files")


def weight(files: Iterable[Path]) -> int:
    return sum(p.stat().st_size for p in set(files) if p.is_file())


def parse_size(text: str) -> int:
    m = re.fullmatch(r"\s*([0-9]*\.?[0-9]+)\s*(B|KB|MB|GB)?\s*", text, re.I)
    if not m:
        raise ValueError(f"not a size: {text!r} (examples: 1.5MB, 800KB, 120000)")
    scale = {"B": 1, "KB": 1000, "MB": MB, "GB": 1000 * MB}[(m.group(2) or "B").upper()]
    return int(float(m.group(1)) * scale)


def parse_budget(text: str) -> tuple[str, Budget]:
    """'index.html=1MB/200KB' -> ('index.html', Budget(raw=1000000, gz=200000)).

    RAW/GZIP: either may be left out ('index.html=1.5MB' budgets raw bytes only,
    'index.html=/200KB' compressed bytes only). The page may be a glob.
    """
    pattern, sep, sizes = text.partition("=")
    if not sep or not pattern.strip() or not sizes.strip(" /"):
        raise ValueError(f"budget {text!r} must look like PAGE=RAW[/GZIP], e.g. "
                         "index.html=1MB/200KB")
    raw, _, gz = sizes.partition("/")
    return pattern.strip(), Budget(parse_size(raw) if raw.strip() else None,
                                   parse_size(gz) if gz.strip() else None)


def budget_for(page: str, budgets: dict[str, Budget]) -> Budget | None:
    if page in budgets:
        return budgets[page]
    limits = [b for pat, b in budgets.items() if fnmatch.fnmatchcase(page, pat)]
    if not limits:
        return None
    raws = [b.raw for b in limits if b.raw is not None]
    gzs = [b.gz for b in limits if b.gz is not None]
    return Budget(min(raws) if raws else None, min(gzs) if gzs else None)


def fmt_bytes(n: int) -> str:
    return f"{n / MB:.2f} MB" if n >= MB else f"{n / 1000:.1f} KB"


def budget_problems(root: Path, name: str, w: Weight, budget: Budget | None,
                    how: str) -> list[Problem]:
    """Problems when a page's first load (``w``) is over its budget."""
    if budget is None:
        return []
    over = []
    if budget.raw is not None and w.raw > budget.raw:
        over.append(f"{fmt_bytes(w.raw)} raw exceeds the budget of {fmt_bytes(budget.raw)}")
    if budget.gz is not None and w.gz > budget.gz:
        over.append(f"{fmt_bytes(w.gz)} gzip exceeds the budget of {fmt_bytes(budget.gz)}")
    if not over:
        return []
    biggest = sorted(w.files, key=lambda p: p.stat().st_size, reverse=True)[:5]
    top = ", ".join(f"{_rel(root, p)} {fmt_bytes(p.stat().st_size)} "
                    f"({fmt_bytes(gz_size(p))} gzip)" for p in biggest)
    return [Problem(name, "budget", f"first load ({how}): " + "; ".join(over)
                    + f"; largest: {top}")]


def check_budgets(root: Path, budgets: dict[str, Budget],
                  seen: dict[str, set[Path]] | None = None,
                  ) -> tuple[list[Problem], list[str]]:
    """Weigh every page's first load: what the browser was ``seen`` fetching before anything
    was touched where the browser ran, else what the HTML loads (lazy images left out).
    Returns the budget problems and one report line per page (raw and gzip bytes)."""
    problems, lines = [], []
    pages = {_rel(root, p): p for p in site_files(root, ".html") if is_document(p)}
    for pattern in budgets:
        if not any(fnmatch.fnmatchcase(name, pattern) for name in pages):
            problems.append(Problem(pattern, "budget", "a budget names this page, but the site "
                                                       "has no such page"))
    for name, page in pages.items():
        how = "fetched by the browser" if seen and name in seen else "static, from the HTML"
        files = seen[name] if seen and name in seen else loaded_files(root, page,
                                                                       first_load=True)
        w = Weight.of(files)
        budget = budget_for(name, budgets)
        limit = ""
        if budget is not None:
            limit = (f" (budget {fmt_bytes(budget.raw) if budget.raw else '-'} raw / "
                     f"{fmt_bytes(budget.gz) if budget.gz else '-'} gzip)")
        lines.append(f"{name}: {w.text()}{limit}")
        problems += budget_problems(root, name, w, budget, how)
    return problems, lines


def descriptive_title_problem(title: str | None, page_name: str) -> str | None:
    """Why a <title> does not describe its page, or None when it does."""
    if title is None:
        return "the page has no <title>"
    words = title.split()
    stem = Path(page_name).stem.lower()
    if title.strip().lower() in GENERIC_TITLES | {stem, page_name.lower()}:
        return f"the <title> {title!r} is generic"
    if len(words) < 2 or len(title) < 10:
        return f"the <title> {title!r} is too short to say what the page is"
    return None


# ---- local server --------------------------------------------------------------------------

class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    timeout = 10  # a stalled client cannot hold a worker thread forever
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript", ".mjs": "text/javascript", ".json": "application/json",
        ".svg": "image/svg+xml", ".wasm": "application/wasm", ".css": "text/css",
    }

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format, *args):
        pass

    def log_request(self, code="-", size="-"):
        self.server.log.append((self.path, int(code) if str(code).isdigit() else 0))


class _BoundedServer(http.server.ThreadingHTTPServer):
    """At most ``max_workers`` requests are handled at once; the rest wait in the backlog."""

    daemon_threads = True
    request_queue_size = 64

    def __init__(self, addr, handler, max_workers: int = 16):
        super().__init__(addr, handler)
        self._slots = threading.BoundedSemaphore(max_workers)
        self.log: list[tuple[str, int]] = []

    def process_request(self, request, client_address):
        if not self._slots.acquire(timeout=30):
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._slots.release()
            raise

    def process_request_thread(self, request, client_address):
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()


@dataclass
class LocalServer:
    root: Path
    port: int
    log: list[tuple[str, int]]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def url(self, rel: str) -> str:
        return self.base_url + rel.lstrip("/")

    def local_file(self, url: str) -> Path | None:
        """The file a request URL of this server maps to (None for another origin)."""
        if not url.startswith(self.base_url):
            return None
        path = unquote(urlsplit(url).path).lstrip("/")
        target = (self.root / path).resolve()
        if target.is_dir():
            target = target / "index.html"
        return target if target.is_file() else None


@contextlib.contextmanager
def serve_directory(root: str | Path, max_workers: int = 16) -> Iterator[LocalServer]:
    """Serve ``root`` on 127.0.0.1 (a free port) in a background thread; stop it on exit."""
    root = Path(root).resolve()
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = _BoundedServer(("127.0.0.1", 0), handler, max_workers=max_workers)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1},
                              name=f"site-server-{server.server_address[1]}", daemon=True)
    thread.start()
    try:
        yield LocalServer(root, server.server_address[1], server.log)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# ---- browser -------------------------------------------------------------------------------

def chromium_path(explicit: str | None = None) -> str | None:
    """The chromium to use: the explicit one (only), else $CHROMIUM, else /usr/bin/chromium."""
    candidates = [explicit] if explicit else [os.environ.get("CHROMIUM"), DEFAULT_CHROMIUM]
    for candidate in candidates:
        if candidate and (Path(candidate).is_file() or shutil.which(candidate)):
            return candidate
    return None


def axe_script_path() -> Path:
    """axe.min.js as shipped in the axe-playwright-python wheel (or $AXE_JS)."""
    env = os.environ.get("AXE_JS")
    if env:
        return Path(env)
    spec = importlib.util.find_spec("axe_playwright_python")
    if spec is None or spec.origin is None:
        raise RuntimeError("axe-core is missing: install the dev dependency "
                           "axe-playwright-python==0.1.8 (it ships axe.min.js), or set AXE_JS")
    path = Path(spec.origin).parent / "axe.min.js"
    if not path.is_file():
        raise RuntimeError(f"{path} is missing from axe-playwright-python")
    return path


def launch_chromium(playwright, executable: str | None = None):
    path = chromium_path(executable)
    if path is None:
        raise RuntimeError(f"no chromium at {executable or DEFAULT_CHROMIUM}: install Debian's "
                           "chromium (apt-get install chromium) or pass its path")
    return playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)


@dataclass
class PageReport:
    page: str
    url: str
    viewport_width: int = MOBILE_WIDTH
    status: int | None = None
    title: str | None = None
    requests: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    axe_violations: list[dict] = field(default_factory=list)
    scroll_width: int | None = None
    scroll_width_open: int | None = None  # with every <details> opened
    chart_label: str | None = None
    chart_problem: str | None = None
    has_chart: bool = False  # the page holds a .vega-chart
    first_chart_ms: float | None = None  # when the page's first chart was on screen
    first_load: set[Path] = field(default_factory=set)  # fetched before anything was touched
    loaded: set[Path] = field(default_factory=set)  # everything fetched, charts drawn included
    charts: list[dict] = field(default_factory=list)  # CHART_TEXT measurements
    wide_charts: list[dict] = field(default_factory=list)  # the same in a wide window
    wide_width: int | None = None

    def problems(self, viewport_width: int | None = None,
                 check_title: bool = True) -> list[Problem]:
        viewport_width = viewport_width or self.viewport_width
        out = []

        def add(kind, detail):
            out.append(Problem(self.page, kind, detail))

        if self.status is None or self.status >= 400:
            add("load", f"the page itself answered {self.status}")
        for url in self.external_requests:
            add("external request", f"requested {url} (only {self.url.split('/', 3)[2]} "
                                    "is allowed; the request was blocked)")
        for item in self.failed_requests:
            add("failed request", item)
        for msg in self.console_errors:
            add("console error", msg)
        for msg in self.page_errors:
            add("page error", msg)
        if self.chart_problem:
            add("chart", self.chart_problem)
        if check_title:
            why = descriptive_title_problem(self.title, self.page)
            if why:
                add("title", why)
        for width, state in ((self.scroll_width, ""),
                             (self.scroll_width_open, " with its <details> opened")):
            if width is not None and width > viewport_width:
                add("horizontal scroll", f"{width} px wide at a {viewport_width} px viewport"
                                         f"{state}")
        for v in self.axe_violations:
            add("axe", format_violation(v))
        for kind, detail in chart_problems(self.charts, viewport_width):
            add(kind, detail)
        if self.wide_width:
            for kind, detail in chart_problems(self.wide_charts, self.wide_width):
                add(kind, detail)
        return out


def chart_problems(charts: list[dict], viewport_width: int,
                   min_font: float = MIN_FONT_PX) -> list[tuple[str, str]]:
    """(kind, detail) for each chart whose text is too small as displayed, that does not fit
    its column, or that did not draw when touched."""
    out = []
    for c in charts:
        where = f"{c['name']} ({c['state']} chart, {viewport_width} px viewport)"
        if c["state"] == "failed":
            out.append(("chart", f"{c['name']}: did not draw when touched; the static image "
                                 "stayed"))
            continue
        if c["state"] == "none":
            out.append(("chart", f"{c['name']}: holds neither an image nor a drawn chart"))
            continue
        if c.get("minFont") is not None and c["minFont"] < min_font - 0.05:
            out.append(("chart text", f"{where}: smallest text {c['minFont']:.1f} px "
                                      f"(“{c['minText'][:40]}”), below {min_font:g} px: "
                                      f"drawn {c['natural']:.0f} px wide, shown "
                                      f"{c['shown']:.0f} px"))
        if c["shown"] > c["column"] + 1:
            out.append(("chart fit", f"{where}: {c['shown']:.0f} px wide in a "
                                     f"{c['column']:.0f} px column: it overflows"))
        if c["state"] == "live" and abs(c["shown"] - c["column"]) > 2:
            out.append(("chart fit", f"{where}: drawn {c['shown']:.0f} px wide in a "
                                     f"{c['column']:.0f} px column: it should fill it"))
        if c["state"] == "live" and not c.get("label"):
            out.append(("chart", f"{where}: the drawn chart has no accessible name"))
    return out


def format_violation(v: dict) -> str:
    lines = [f"{v.get('id')} ({v.get('impact')}): {v.get('help')} <{v.get('helpUrl')}>"]
    for node in v.get("nodes", [])[:8]:
        target = " ".join(str(t) for t in node.get("target", []))
        summary = " ".join((node.get("failureSummary") or "").split())
        snippet = (node.get("html") or "")[:160]
        lines.append(f"      - {target}: {summary}\n        {snippet}")
    if len(v.get("nodes", [])) > 8:
        lines.append(f"      ... and {len(v['nodes']) - 8} more elements")
    return "\n".join(lines)


# The accessible name of the drawn chart. Vega 5 put aria-label on the <svg>; Vega 6 puts it
# (with role="graphics-document") on the element it draws into, which holds the <svg>.
CHART_LABEL = """() => {
  const el = document.querySelector('#chart');
  const svg = el && el.querySelector('svg');
  if (!svg) return null;
  const named = svg.hasAttribute('aria-label') ? svg
    : svg.closest('[role="graphics-document"][aria-label], [role="img"][aria-label]');
  return named ? named.getAttribute('aria-label') : '';
}"""

# Every chart's smallest text as displayed, in CSS px: font size times the scale the SVG is
# drawn at (getScreenCTM). A static chart is an <img>; its SVG is fetched and laid out off
# screen at the width the image is shown at. Hidden text (Vega hides overlapping labels
# with opacity 0) does not count.
CHART_TEXT = """async () => {
  const hidden = (node, stop) => {
    for (let n = node; n && n !== stop.parentNode; n = n.parentElement) {
      const cs = getComputedStyle(n);
      if (cs.display === 'none' || cs.visibility === 'hidden' || parseFloat(cs.opacity) === 0
          || n.getAttribute('opacity') === '0' || n.getAttribute('fill-opacity') === '0')
        return true;
    }
    return false;
  };
  const out = [];
  const charts = [...document.querySelectorAll('.vega-chart, .cell-output svg[role="img"]')];
  for (const [i, el] of charts.entries()) {
    const inline = el.tagName.toLowerCase() === 'svg';  // a chart shown in a notebook's output
    const name = inline ? `notebook chart “${(el.getAttribute('aria-label') || '').slice(0, 40)}”`
      : el.dataset.name || el.id || `chart ${i + 1}`;
    const column = inline ? el.closest('.cell-output').clientWidth : el.clientWidth;
    if (el.dataset.rendered === 'failed') { out.push({name, state: 'failed', column}); continue; }
    let svg = inline ? el : el.querySelector('svg');
    let state = inline ? 'inline' : 'live', host = null, shown = null, label = null;
    if (inline) {
      label = el.getAttribute('aria-label');
    } else if (svg) {
      const named = svg.hasAttribute('aria-label') ? svg
        : svg.closest('[role="graphics-document"][aria-label], [role="img"][aria-label]');
      label = named ? named.getAttribute('aria-label') : '';
    } else {
      const img = el.querySelector('img');
      if (!img) { out.push({name, state: 'none', column}); continue; }
      if (!img.complete || !img.currentSrc) {
        // a lazy image far from the screen: load it now (scrolling would also draw the charts)
        img.loading = 'eager';
        await new Promise((done) => {
          img.addEventListener('load', done, {once: true});
          img.addEventListener('error', done, {once: true});
          setTimeout(done, 3000);
        });
      }
      state = 'static';
      shown = img.getBoundingClientRect().width;
      const text = await (await fetch(img.currentSrc || img.src, {cache: 'force-cache'})).text();
      host = document.createElement('div');
      host.style.cssText = `position:absolute;left:-10000px;top:0;width:${shown}px`;
      host.innerHTML = text;
      document.body.append(host);
      svg = host.querySelector('svg');
      if (!svg) { host.remove(); out.push({name, state: 'none', column}); continue; }
      svg.style.width = `${shown}px`;
      svg.style.height = 'auto';
    }
    const box = svg.getBoundingClientRect();
    if (shown === null) shown = box.width;
    const natural = parseFloat(svg.getAttribute('width')) || box.width;
    let minFont = null, minText = '', texts = 0;
    for (const t of svg.querySelectorAll('text')) {
      const s = t.textContent.trim();
      if (!s || hidden(t, svg)) continue;
      const m = t.getScreenCTM();
      if (!m) continue;
      const px = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
      texts += 1;
      if (minFont === null || px < minFont) { minFont = px; minText = s; }
    }
    if (host) host.remove();
    out.push({name, state, column, shown, natural, minFont, minText, texts, label,
              src: state === 'static' ? (el.querySelector('img').currentSrc || '') : ''});
  }
  return out;
}"""

# True once every drawn chart is as wide as its column (Vega redraws after a resize).
CHARTS_FIT = """() => [...document.querySelectorAll('.vega-chart')].every((el) => {
  const svg = el.querySelector('svg');
  return !svg || Math.abs(svg.getBoundingClientRect().width - el.clientWidth) <= 2;
})"""

# Draw every chart as a reader touching them would (assets/charts.js); resolves when done.
DRAW_ALL = """() => window.siteCharts ? window.siteCharts.drawAll().then(() => true) : false"""


class PageChecker:
    """Opens pages of one local server in one chromium context and records what they do.

    Requests leaving 127.0.0.1 are recorded and aborted (never sent). axe-core is registered
    once as an init script (sending its 500 KB per page would cost more than the page).
    Pages are opened one after another in one tab (about:blank between two pages); the server
    sends ``Cache-Control: no-store``, so each page requests everything again and its request
    list is complete.
    """

    def __init__(self, browser, server: LocalServer, *, viewport_width: int = MOBILE_WIDTH,
                 axe_js: Path | None = None, axe: bool = True):
        self.server = server
        self.viewport_width = viewport_width
        self.axe = axe
        self.context = browser.new_context(viewport={"width": viewport_width, "height": 800},
                                           service_workers="block")
        self.context.route("**/*", self._route)
        self._page = None
        if axe:
            self.context.add_init_script(path=str(axe_js or axe_script_path()))

    def _route(self, route):
        if route.request.url.startswith(self.server.base_url):
            route.continue_()
        else:
            route.abort("blockedbyclient")

    def close(self) -> None:
        self.context.close()

    def _tab(self):
        """The checker's one tab, at the phone width. A tab per page cost about 20% more CPU
        on the whole site (a renderer started, and axe-core compiled again, for every page)."""
        if self._page is None:
            self._page = self.context.new_page()
        self._page.set_viewport_size({"width": self.viewport_width, "height": 800})
        return self._page

    def _leave(self, page, listeners) -> None:
        """Leave the page for about:blank before the next one: what it still had in flight
        ends while this page's listeners are attached, so none of it is reported against the
        next page; and the tab's session storage goes, so no page sees what the last one kept.
        A tab that cannot leave is closed, and the next page gets a new one."""
        try:
            with contextlib.suppress(Exception):  # a page that never loaded has none
                page.evaluate("() => sessionStorage.clear()")
            page.goto("about:blank")
        except Exception:
            page.close()
            self._page = None
        for event, handler in listeners.items():
            page.remove_listener(event, handler)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def check(self, page_rel: str, *, wait_for_chart: bool = False, touch: bool = True,
              wide_width: int | None = None, timeout_ms: int = 15_000) -> PageReport:
        """Load one page and check it as a reader would meet it.

        The first load is recorded (what is fetched before anything is touched), then the
        page's title, width (with every ``<details>`` opened too) and axe-core (details open,
        so the data tables are checked), and every chart's text as displayed. With ``touch``
        the charts are then drawn as if a reader touched them (assets/charts.js) and measured
        again. With ``wide_width``, the charts are also measured with the window that wide
        (static images, then drawn charts), in ``report.wide_charts``.
        ``wait_for_chart``: the page must draw ``#chart[data-rendered=true]`` holding a named
        ``<svg>`` by itself (the standalone chart pages).
        """
        base = self.server.base_url
        report = PageReport(page=page_rel, url=self.server.url(page_rel),
                            viewport_width=self.viewport_width, wide_width=wide_width)
        page = self._tab()
        page.set_default_timeout(timeout_ms)
        inflight: set = set()

        def on_request(req):
            report.requests.append(req.url)
            inflight.add(req)
            if not req.url.startswith(base) and not req.url.startswith(("data:", "blob:")):
                report.external_requests.append(req.url)  # data:/blob: never reach a network

        def on_done(req):
            inflight.discard(req)

        def on_response(resp):
            if resp.status >= 400:
                report.failed_requests.append(f"{resp.status} for {resp.url}")

        def on_failed(req):
            inflight.discard(req)
            if req.url.startswith(base):
                report.failed_requests.append(f"{req.failure} for {req.url}")

        def on_console(msg):
            if msg.type == "error":
                loc = msg.location or {}
                where = f" ({loc.get('url')}:{loc.get('lineNumber')})" if loc.get("url") else ""
                report.console_errors.append(f"{msg.text}{where}")

        def on_pageerror(err):
            report.page_errors.append(str(err))

        listeners = {"request": on_request, "requestfinished": on_done, "response": on_response,
                     "requestfailed": on_failed, "console": on_console,
                     "pageerror": on_pageerror}
        for event, handler in listeners.items():
            page.on(event, handler)
        try:
            response = page.goto(report.url, wait_until="load")
            report.status = response.status if response else None
            self._settle(page, inflight)
            report.first_load = self._files(report.requests)
            if wait_for_chart:
                self._wait_for_chart(page, report, timeout_ms)
            report.has_chart = page.evaluate("() => !!document.querySelector('.vega-chart')")
            has_inline = page.evaluate(
                "() => !!document.querySelector('.cell-output svg[role=\"img\"]')")
            if report.has_chart:
                with contextlib.suppress(Exception):  # a chart never shown: None below
                    page.wait_for_function("() => window.__firstChartMs !== undefined",
                                           timeout=min(timeout_ms, 5_000))
                report.first_chart_ms = page.evaluate("() => window.__firstChartMs ?? null")
            has_title = page.evaluate("() => !!document.querySelector('title')")
            report.title = " ".join(page.title().split()) if has_title else None
            report.scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
            page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
            page.wait_for_timeout(30)
            report.scroll_width_open = page.evaluate(
                "() => document.documentElement.scrollWidth")
            if self.axe:
                result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
                report.axe_violations = result.get("violations", [])
            if has_inline and not report.has_chart:  # charts in notebook outputs
                report.charts = page.evaluate(CHART_TEXT)
                if wide_width:
                    page.set_viewport_size({"width": wide_width, "height": 800})
                    report.wide_charts = page.evaluate(CHART_TEXT)
            if report.has_chart:
                narrow = {"width": self.viewport_width, "height": 800}
                wide = {"width": wide_width, "height": 800} if wide_width else None
                report.charts = page.evaluate(CHART_TEXT)
                if wide:
                    page.set_viewport_size(wide)
                    with contextlib.suppress(Exception):  # charts drawn already: relaid out
                        page.wait_for_function(CHARTS_FIT, timeout=3_000)
                    report.wide_charts = page.evaluate(CHART_TEXT)
                    page.set_viewport_size(narrow)
                if touch and page.evaluate("() => !!window.siteCharts"):
                    page.evaluate(DRAW_ALL)
                    page.wait_for_timeout(30)
                    report.charts += [c for c in page.evaluate(CHART_TEXT)
                                      if c["state"] not in ("static", "inline")]
                    if wide:  # Vega redraws at the new width on window resize
                        page.set_viewport_size(wide)
                        with contextlib.suppress(Exception):  # a chart that never fits: measured
                            page.wait_for_function(CHARTS_FIT, timeout=3_000)
                        report.wide_charts += [c for c in page.evaluate(CHART_TEXT)
                                               if c["state"] not in ("static", "inline")]
        finally:
            self._leave(page, listeners)
        report.loaded = self._files(report.requests)
        return report

    def _files(self, urls: list[str]) -> set[Path]:
        files = set()
        for url in list(urls):
            local = self.server.local_file(url)
            if local is not None:
                files.add(local)
        return files

    @staticmethod
    def _settle(page, inflight: set, quiet_ms: int = 120, limit_ms: int = 4_000) -> None:
        """Wait until no request has been in flight for ``quiet_ms`` (images the browser
        fetches after the load event, lazy ones near the screen included)."""
        deadline = time.monotonic() + limit_ms / 1000
        quiet_since = None
        while time.monotonic() < deadline:
            page.wait_for_timeout(40)
            if inflight:
                quiet_since = None
                continue
            quiet_since = quiet_since or time.monotonic()
            if (time.monotonic() - quiet_since) * 1000 >= quiet_ms:
                return

    @staticmethod
    def _wait_for_chart(page, report: PageReport, timeout_ms: int) -> None:
        try:
            page.wait_for_selector('#chart[data-rendered="true"] svg', state="attached")
        except Exception as exc:  # playwright's TimeoutError: report it, keep checking
            report.chart_problem = (f"the chart did not draw within {timeout_ms} ms "
                                    "(#chart[data-rendered=true] svg never appeared): "
                                    f"{str(exc).splitlines()[0]}")
        label = page.evaluate(CHART_LABEL)
        report.chart_label = label
        if report.chart_problem is None and not (label or "").strip():
            report.chart_problem = ("the drawn <svg> in #chart has no accessible name "
                                    "(no aria-label on it or on its graphics-document)")


# ---- whole site ----------------------------------------------------------------------------

@dataclass
class SiteReport:
    root: Path
    pages: list[str]
    fragments: list[str]
    problems: list[Problem]
    notes: list[str]
    weights: list[str] = field(default_factory=list)
    page_reports: dict[str, PageReport] = field(default_factory=dict)  # the browser's findings

    @property
    def ok(self) -> bool:
        return not self.problems

    def text(self) -> str:
        out = [f"Site check of {self.root}: {len(self.pages)} pages"
               + (f" (+{len(self.fragments)} HTML files that are not whole pages)"
                  if self.fragments else "")]
        out += [f"  {n}" for n in self.notes]
        if self.weights:
            out.append("  first load of each page (before anything is touched):")
            out += [f"    {w}" for w in self.weights]
        if not self.problems:
            out.append("OK: no problems found.")
            return "\n".join(out)
        by_page: dict[str, list[Problem]] = {}
        for p in self.problems:
            by_page.setdefault(p.page, []).append(p)
        out.append(f"FAILED: {len(self.problems)} problems on {len(by_page)} pages")
        for page, probs in sorted(by_page.items()):
            out.append(f"\n{page}")
            out += [f"  [{p.kind}] {p.detail}" for p in probs]
        return "\n".join(out)


def static_problems(root: Path, project_dir: Path | None = None) -> list[Problem]:
    """Everything checked without a browser except the budgets (see check_site)."""
    problems = check_allow_list(root)
    if project_dir is not None:
        problems += check_quarto_config(project_dir)
    for page in site_files(root, ".html"):
        problems += incomplete_page_problems(root, page)
        problems += markup_problems(root, page)
    problems += check_refs(root, all_refs(root))
    return problems


def check_site(root: str | Path, *, budgets: dict[str, Budget] | None = None,
               browser: bool = True, chromium: str | None = None,
               viewport_width: int = MOBILE_WIDTH, wide_width: int | None = WIDE_WIDTH,
               running_browser=None, jobs: int | None = None,
               project_dir: str | Path | None = None) -> SiteReport:
    """Every check on a rendered site folder.

    ``project_dir`` holds the _quarto.yml whose globs are checked (default: the site's parent
    folder, when it has one). ``running_browser`` reuses a Playwright Browser already launched
    (tests share one; pages are then checked one after another); otherwise ``jobs`` threads
    (default: the number of CPUs, at least 2) each launch a chromium and share the pages.
    Pages with charts are opened a second time at ``wide_width`` to measure their charts.
    """
    started = time.monotonic()
    root = Path(root).resolve()
    if not root.is_dir():
        raise FileNotFoundError(f"{root} is not a folder (render the site first: make site)")
    budgets = DEFAULT_BUDGETS if budgets is None else budgets
    if project_dir is None and (root.parent / "_quarto.yml").is_file():
        project_dir = root.parent
    html_files = site_files(root, ".html")
    pages = [_rel(root, p) for p in html_files if is_document(p)]
    fragments = [_rel(root, p) for p in html_files if not is_document(p)]
    problems = static_problems(root, Path(project_dir) if project_dir else None)
    notes: list[str] = []
    if not pages:
        problems.append(Problem(".", "empty", "no HTML pages found"))
    seen: dict[str, set[Path]] = {}
    page_reports: dict[str, PageReport] = {}
    if browser and pages:
        problems += _browser_checks(root, pages, chromium, viewport_width, wide_width, seen,
                                    notes, running_browser, jobs, page_reports)
    elif not browser:
        notes.append("browser checks SKIPPED (static only): no axe, request, scroll or chart "
                     "text checks (make check-site runs them)")
    budget_problems, weights = check_budgets(root, budgets, seen)
    notes.append(f"checked in {time.monotonic() - started:.1f} s")
    return SiteReport(root, pages, fragments, problems + budget_problems, notes, weights,
                      page_reports)


def _browser_checks(root, pages, chromium, viewport_width, wide_width, seen, notes,
                    running_browser=None, jobs=None,
                    page_reports: dict[str, PageReport] | None = None) -> list[Problem]:
    if running_browser is None:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            return [Problem(".", "browser", "playwright is not installed (dev dependency); "
                                            "run with --static for the static checks only")]
        exe = chromium_path(chromium)
        if exe is None:
            return [Problem(".", "browser", f"no chromium at {chromium or DEFAULT_CHROMIUM}: "
                            "apt-get install chromium, pass --chromium PATH, or --static")]
    else:
        exe = "the caller's browser"
    axe_js = axe_script_path()
    results: list[PageReport] = []
    lock = threading.Lock()
    with serve_directory(root, max_workers=32) as server:
        if running_browser is not None:
            _check_some(running_browser, server, list(pages), viewport_width, wide_width,
                        axe_js, results, lock)
            workers = 1
        else:
            workers = max(1, min(jobs or max(3, os.cpu_count() or 2), len(pages)))
            todo: queue.Queue[str] = queue.Queue()
            for rel in pages:
                todo.put(rel)
            errors: list[BaseException] = []

            def work():
                try:
                    from playwright.sync_api import sync_playwright

                    with sync_playwright() as p:
                        b = launch_chromium(p, exe)
                        try:
                            _check_some(b, server, todo, viewport_width, wide_width, axe_js,
                                        results, lock)
                        finally:
                            b.close()
                except BaseException as exc:  # reported below, not lost in a thread
                    errors.append(exc)

            threads = [threading.Thread(target=work, name=f"site-check-{i}")
                       for i in range(workers)]
            for th in threads:
                th.start()
            for th in threads:
                th.join()
            if errors:
                return [Problem(".", "browser", f"the browser check failed: {errors[0]!r}")]
    problems: list[Problem] = []
    for report in sorted(results, key=lambda r: r.page):
        if page_reports is not None:
            page_reports[report.page] = report
        # what the browser fetched, and what the HTML loads at any width (the wide screen
        # fetches the wide chart images instead of the phone ones)
        seen[report.page] = set(report.first_load) | loaded_files(
            root, root / report.page, first_load=True)
        problems += report.problems(viewport_width)
        problems += first_chart_problems(report)
    notes.append(f"browser: {exe}, axe-core {axe_js}, {len(pages)} pages at {viewport_width} px"
                 + (f" (charts also measured at {wide_width} px)" if wide_width else "")
                 + f", {workers} in parallel")
    return problems


def _check_some(browser, server, pages, viewport_width, wide_width, axe_js, results, lock):
    """Check pages (a list, or a queue shared with other threads) in one browser."""
    with PageChecker(browser, server, viewport_width=viewport_width, axe_js=axe_js) as checker:
        while True:
            if isinstance(pages, list):
                if not pages:
                    break
                rel = pages.pop(0)
            else:
                try:
                    rel = pages.get_nowait()
                except queue.Empty:
                    break
            report = checker.check(rel, wide_width=wide_width,
                                   wait_for_chart=fnmatch.fnmatchcase(rel, STANDALONE_CHART_PAGES))
            with lock:
                results.append(report)


def first_chart_problems(report: PageReport,
                         budgets_ms: dict[str, int] = FIRST_CHART_BUDGETS_MS) -> list[Problem]:
    """A page with a time budget that holds charts must show its first one within it."""
    limits = [ms for pat, ms in budgets_ms.items() if fnmatch.fnmatchcase(report.page, pat)]
    if not limits or not report.has_chart:
        return []
    if report.first_chart_ms is None:
        return [Problem(report.page, "speed", "no chart was shown (window.__firstChartMs was "
                                              "never set)")]
    if report.first_chart_ms > min(limits):
        return [Problem(report.page, "speed", f"first chart shown {report.first_chart_ms:.0f} "
                                              f"ms after navigation; the budget is "
                                              f"{min(limits)} ms")]
    return []
