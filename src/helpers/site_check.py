"""Check a built static site: links resolve, nothing loads from outside, pages pass axe, weight.

Two halves:

* static checks, no browser: every internal ``href``/``src`` (HTML and CSS) resolves to a file
  inside the site; no resource the browser would *load* (script, stylesheet, image, iframe,
  CSS ``url()``/``@import``, ...) points outside the site; the page-weight budget holds.
  Links in ``<a href>`` to external sources are allowed: they are citations, not loads.
* browser checks (Debian chromium through Playwright): each page is served from a
  127.0.0.1 HTTP server and opened at 375 px; every request is recorded and any that would
  leave 127.0.0.1 is blocked and reported; console errors, failed requests, axe-core
  violations, a missing or generic ``<title>`` and horizontal scrolling are reported.

``scripts/check_site.py`` is the command line; ``tests/browser/`` reuses the server and the
page check for the standalone chart pages.
"""

from __future__ import annotations

import contextlib
import fnmatch
import functools
import http.server
import importlib.util
import os
import re
import shutil
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

MB = 1_000_000  # budgets use decimal megabytes, as browser dev tools do
DEFAULT_BUDGETS = {"index.html": int(1.5 * MB)}
# The explainer must draw its first chart within this many ms of navigation (charts.js records
# performance.now() when the first chart has rendered).
FIRST_CHART_BUDGETS_MS = {"index.html": 1500}
DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
MOBILE_WIDTH = 375

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
LINK_ATTRS = {("a", "href"), ("area", "href"), ("link", "href"), ("form", "action")}
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
        self.title: str | None = None
        self._in_title = False

    def _add(self, where: str, url: str, loaded: bool, line: int | None = None) -> None:
        self.refs.append(Ref(self.source, line or self.getpos()[0], where, url.strip(), loaded))

    def handle_starttag(self, tag, attrs):
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "style":
            self._in_style = True
        if tag == "title" and self.title is None:
            self._in_title, self.title = True, ""
        if "style" in a:
            for _, url in css_urls(a["style"]):
                self._add(f"{tag} style url()", url, True)
        for name, value in a.items():
            if tag == "input" and a.get("type", "").lower() != "image":
                continue  # only <input type=image> loads its src
            if (tag, name) in LOADED_ATTRS:
                urls = _srcset_urls(value) if name == "srcset" else [value]
                for url in urls:
                    self._add(f"{tag} {name}", url, True)
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
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title and self.title is not None:
            self.title += data
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


def page_title(page: Path) -> str | None:
    parser = _RefParser(page.name)
    parser.feed(page.read_text(encoding="utf-8", errors="replace"))
    parser.close()
    return None if parser.title is None else " ".join(parser.title.split())


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


def loaded_files(root: Path, page: Path) -> set[Path]:
    """The page and every local file it loads, following CSS url()/@import and iframes."""
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
            if ref.loaded and not is_ignored(ref.url) and not is_external(ref.url):
                target = resolve(root, ref)
                if target is not None:
                    todo.append(target.resolve())
    return seen


def weight(files: Iterable[Path]) -> int:
    return sum(p.stat().st_size for p in set(files) if p.is_file())


def parse_size(text: str) -> int:
    m = re.fullmatch(r"\s*([0-9]*\.?[0-9]+)\s*(B|KB|MB|GB)?\s*", text, re.I)
    if not m:
        raise ValueError(f"not a size: {text!r} (examples: 1.5MB, 800KB, 120000)")
    scale = {"B": 1, "KB": 1000, "MB": MB, "GB": 1000 * MB}[(m.group(2) or "B").upper()]
    return int(float(m.group(1)) * scale)


def parse_budget(text: str) -> tuple[str, int]:
    """'index.html=1.5MB' -> ('index.html', 1500000); the pattern may be a glob."""
    pattern, sep, size = text.partition("=")
    if not sep or not pattern.strip():
        raise ValueError(f"budget {text!r} must look like PAGE=SIZE, e.g. index.html=1.5MB")
    return pattern.strip(), parse_size(size)


def budget_for(page: str, budgets: dict[str, int]) -> int | None:
    if page in budgets:
        return budgets[page]
    limits = [b for pat, b in budgets.items() if fnmatch.fnmatchcase(page, pat)]
    return min(limits) if limits else None


def fmt_bytes(n: int) -> str:
    return f"{n / MB:.2f} MB" if n >= MB else f"{n / 1000:.1f} KB"


def check_budgets(root: Path, budgets: dict[str, int],
                  extra: dict[str, set[Path]] | None = None) -> tuple[list[Problem], list[str]]:
    """Weigh every budgeted page; ``extra`` adds files the browser was seen to load per page."""
    problems, lines = [], []
    pages = {_rel(root, p): p for p in site_files(root, ".html")}
    for pattern in budgets:
        if not any(fnmatch.fnmatchcase(name, pattern) for name in pages):
            problems.append(Problem(pattern, "budget", "a budget names this page, but the site "
                                                       "has no such page"))
    for name, page in pages.items():
        limit = budget_for(name, budgets)
        if limit is None:
            continue
        files = loaded_files(root, page) | (extra or {}).get(name, set())
        total = weight(files)
        lines.append(f"{name}: {fmt_bytes(total)} in {len(files)} files "
                     f"(budget {fmt_bytes(limit)})")
        if total > limit:
            biggest = sorted(files, key=lambda p: p.stat().st_size, reverse=True)[:5]
            top = ", ".join(f"{_rel(root, p)} {fmt_bytes(p.stat().st_size)}" for p in biggest)
            problems.append(Problem(name, "budget", f"{fmt_bytes(total)} exceeds the budget of "
                                                    f"{fmt_bytes(limit)}; largest: {top}"))
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
    has_chart: bool = False  # the page holds a .vega-chart to draw
    first_chart_ms: float | None = None  # when the page's first .vega-chart finished drawing
    loaded: set[Path] = field(default_factory=set)

    def problems(self, viewport_width: int = MOBILE_WIDTH,
                 check_title: bool = True) -> list[Problem]:
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


class PageChecker:
    """Opens pages of one local server in one chromium context and records what they do.

    Requests leaving 127.0.0.1 are recorded and aborted (never sent). axe-core is registered
    once as an init script (sending its 500 KB per page would cost more than the page).
    Every page gets a new tab; the server sends ``Cache-Control: no-store``, so each page
    requests everything again and its request list is complete.
    """

    def __init__(self, browser, server: LocalServer, *, viewport_width: int = MOBILE_WIDTH,
                 axe_js: Path | None = None):
        self.server = server
        self.viewport_width = viewport_width
        self.context = browser.new_context(viewport={"width": viewport_width, "height": 800},
                                           service_workers="block")
        self.context.route("**/*", self._route)
        self.context.add_init_script(path=str(axe_js or axe_script_path()))

    def _route(self, route):
        if route.request.url.startswith(self.server.base_url):
            route.continue_()
        else:
            route.abort("blockedbyclient")

    def close(self) -> None:
        self.context.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def check(self, page_rel: str, *, wait_for_chart: bool = False,
              timeout_ms: int = 15_000) -> PageReport:
        """Load one page; with ``wait_for_chart`` it must draw ``#chart[data-rendered=true]``
        holding a named ``<svg>``. Axe runs after every ``<details>`` is opened, so the data
        tables hidden in them are checked too."""
        base = self.server.base_url
        report = PageReport(page=page_rel, url=self.server.url(page_rel))
        page = self.context.new_page()
        page.set_default_timeout(timeout_ms)

        def on_request(req):
            report.requests.append(req.url)
            if not req.url.startswith(base) and not req.url.startswith(("data:", "blob:")):
                report.external_requests.append(req.url)  # data:/blob: never reach a network

        def on_response(resp):
            if resp.status >= 400:
                report.failed_requests.append(f"{resp.status} for {resp.url}")

        def on_failed(req):
            if req.url.startswith(base):
                report.failed_requests.append(f"{req.failure} for {req.url}")

        def on_console(msg):
            if msg.type == "error":
                loc = msg.location or {}
                where = f" ({loc.get('url')}:{loc.get('lineNumber')})" if loc.get("url") else ""
                report.console_errors.append(f"{msg.text}{where}")

        page.on("request", on_request)
        page.on("response", on_response)
        page.on("requestfailed", on_failed)
        page.on("console", on_console)
        page.on("pageerror", lambda err: report.page_errors.append(str(err)))
        try:
            response = page.goto(report.url, wait_until="load")
            report.status = response.status if response else None
            if wait_for_chart:
                self._wait_for_chart(page, report, timeout_ms)
            else:
                with contextlib.suppress(Exception):  # a page that keeps polling still gets checked
                    page.wait_for_load_state("networkidle", timeout=5_000)
            report.has_chart = page.evaluate(
                "() => !!document.querySelector('.vega-chart[data-spec]')")
            if report.has_chart:
                with contextlib.suppress(Exception):  # a chart that never draws: None below
                    page.wait_for_function("() => window.__firstChartMs !== undefined",
                                           timeout=timeout_ms)
                report.first_chart_ms = page.evaluate("() => window.__firstChartMs ?? null")
            has_title = page.evaluate("() => !!document.querySelector('title')")
            report.title = " ".join(page.title().split()) if has_title else None
            report.scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
            page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
            page.wait_for_timeout(50)
            report.scroll_width_open = page.evaluate(
                "() => document.documentElement.scrollWidth")
            result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
            report.axe_violations = result.get("violations", [])
        finally:
            page.close()
        for req_url in report.requests:
            local = self.server.local_file(req_url)
            if local is not None:
                report.loaded.add(local)
        return report

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


def check_page(browser, server: LocalServer, page_rel: str, *,
               viewport_width: int = MOBILE_WIDTH, wait_for_chart: bool = False,
               timeout_ms: int = 15_000, axe_js: Path | None = None) -> PageReport:
    """One page in its own context (see PageChecker for checking many)."""
    with PageChecker(browser, server, viewport_width=viewport_width, axe_js=axe_js) as checker:
        return checker.check(page_rel, wait_for_chart=wait_for_chart, timeout_ms=timeout_ms)


# ---- whole site ----------------------------------------------------------------------------

@dataclass
class SiteReport:
    root: Path
    pages: list[str]
    fragments: list[str]
    problems: list[Problem]
    notes: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems

    def text(self) -> str:
        out = [f"Site check of {self.root}: {len(self.pages)} pages"
               + (f" (+{len(self.fragments)} HTML fragments, static checks only)"
                  if self.fragments else "")]
        out += [f"  {n}" for n in self.notes]
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


def check_site(root: str | Path, *, budgets: dict[str, int] | None = None,
               browser: bool = True, chromium: str | None = None,
               viewport_width: int = MOBILE_WIDTH, running_browser=None) -> SiteReport:
    """Every check on a rendered site folder. ``running_browser`` reuses a Playwright Browser
    already launched (tests share one); otherwise chromium is launched and closed here."""
    root = Path(root).resolve()
    if not root.is_dir():
        raise FileNotFoundError(f"{root} is not a folder (render the site first: make site)")
    budgets = DEFAULT_BUDGETS if budgets is None else budgets
    html_files = site_files(root, ".html")
    pages = [_rel(root, p) for p in html_files if is_document(p)]
    fragments = [_rel(root, p) for p in html_files if not is_document(p)]
    problems = check_refs(root, all_refs(root))
    notes: list[str] = []
    if not pages:
        problems.append(Problem(".", "empty", "no HTML pages found"))
    extra: dict[str, set[Path]] = {}
    if browser and pages:
        problems += _browser_checks(root, pages, chromium, viewport_width, extra, notes,
                                    running_browser)
    elif not browser:
        notes.append("browser checks SKIPPED (--no-browser): no axe, request or scroll checks")
    budget_problems, weights = check_budgets(root, budgets, extra)
    notes += [f"weight {w}" for w in weights]
    return SiteReport(root, pages, fragments, problems + budget_problems, notes)


def _browser_checks(root, pages, chromium, viewport_width, extra, notes,
                    running_browser=None) -> list[Problem]:
    if running_browser is not None:
        return _check_pages(running_browser, root, pages, viewport_width, extra, notes,
                            "the caller's browser")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return [Problem(".", "browser", "playwright is not installed (dev dependency); "
                                        "run with --no-browser for the static checks only")]
    exe = chromium_path(chromium)
    if exe is None:
        return [Problem(".", "browser", f"no chromium at {chromium or DEFAULT_CHROMIUM}: "
                        "apt-get install chromium, pass --chromium PATH, or --no-browser")]
    with sync_playwright() as p:
        browser = launch_chromium(p, exe)
        try:
            return _check_pages(browser, root, pages, viewport_width, extra, notes, exe)
        finally:
            browser.close()


def first_chart_problems(report: PageReport,
                         budgets_ms: dict[str, int] = FIRST_CHART_BUDGETS_MS) -> list[Problem]:
    """A page with a time budget that holds charts must draw its first one within it."""
    limits = [ms for pat, ms in budgets_ms.items() if fnmatch.fnmatchcase(report.page, pat)]
    if not limits or not report.has_chart:
        return []
    if report.first_chart_ms is None:
        return [Problem(report.page, "speed", "no chart finished drawing (window.__firstChartMs "
                                              "was never set)")]
    if report.first_chart_ms > min(limits):
        return [Problem(report.page, "speed", f"first chart drawn {report.first_chart_ms:.0f} ms "
                                              f"after navigation; the budget is {min(limits)} ms")]
    return []


def _check_pages(browser, root, pages, viewport_width, extra, notes, which) -> list[Problem]:
    axe_js = axe_script_path()
    problems: list[Problem] = []
    with serve_directory(root) as server, PageChecker(
            browser, server, viewport_width=viewport_width, axe_js=axe_js) as checker:
        for rel in pages:
            report = checker.check(rel)
            extra[rel] = report.loaded
            problems += report.problems(viewport_width)
            problems += first_chart_problems(report)
    notes.append(f"browser: {which}, axe-core {axe_js}, {len(pages)} pages at "
                 f"{viewport_width} px")
    return problems
