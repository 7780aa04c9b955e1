"""A site in the shape Quarto 1.7 renders it, built without Quarto, for tests.

Quarto cannot run on the development machines, so the tests build here what a real Quarto
1.7.34 render of the project produced (see issue 11 and ../shared/quarto-render/README.md)
from the same generated inputs: the same pages (every .qmd and executed notebook that
``_quarto.yml`` renders), in Quarto's page shape (the navbar whose toggler carries
``role="menu"``, the table of contents, ``main.content``, title block, notebook cells with
folded code and output divs, ``bootstrap-icons.css`` linked from every page), with
``site_libs`` files of the sizes the real render had, and the resources copied by the same
glob rules Quarto applies: a glob without a leading "/" matches at any depth.

The layout CSS stands in for Quarto's (17 px root font): a grid whose body column is
``100vw - 3em`` on a phone
(the real column measured 324 px at 375) and about 800 px on a wide screen, a navbar that
collapses below 992 px, and the project's own ``assets/site.scss`` rules. Markdown is turned
into HTML by mistune (a Jupyter dependency), with the few pandoc extensions the pages use.

``build(project, out)`` returns the site folder; ``quarto_globs`` is the glob rule, tested on
its own.
"""

from __future__ import annotations

import html
import json
import random
import re
import shutil
import zlib
from pathlib import Path

import mistune
import yaml

# site_libs of the real render (raw bytes, gzip bytes), from ../shared/quarto-render/README.md
SITE_LIBS = {
    "site_libs/bootstrap/bootstrap-d6a003b94517c951b2d65075d42fb01b.min.css": (507_000, 67_000),
    "site_libs/bootstrap/bootstrap-icons.css": (98_000, 14_000),
    "site_libs/bootstrap/bootstrap-icons.woff": (176_000, 130_000),
    "site_libs/bootstrap/bootstrap.min.js": (81_000, 24_000),
    "site_libs/quarto-html/quarto.js": (30_000, 9_000),
    "site_libs/quarto-html/tippy.umd.min.js": (26_000, 9_000),
    "site_libs/quarto-html/popper.min.js": (20_000, 7_000),
    "site_libs/clipboard/clipboard.min.js": (9_000, 3_000),
    "site_libs/quarto-html/tippy.css": (4_000, 1_000),
    "site_libs/quarto-html/anchor.min.js": (6_000, 2_000),
    "site_libs/quarto-html/quarto-syntax-highlighting.css": (5_000, 1_000),
    "site_libs/quarto-nav/quarto-nav.js": (6_000, 2_000),
    "site_libs/quarto-nav/headroom.min.js": (6_000, 2_000),
}
CSS_FILE = next(k for k in SITE_LIBS if k.endswith(".min.css"))

LAYOUT_CSS = """
*,::before,::after{box-sizing:border-box}
html{font-size:17px}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;
 font-size:1rem;line-height:1.5;color:#1a1a1a}
a{color:#0b5cab}
#quarto-header{background:#1f3a5f}
.navbar{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;
 padding:.5rem 1rem}
.navbar a,.navbar-title{color:#fff;text-decoration:none}
.navbar-toggler{display:none;background:transparent;border:1px solid #fff;color:#fff;
 width:44px;height:36px}
.navbar-toggler-icon{display:inline-block;width:1.5em;height:1.5em}
.navbar-nav{display:flex;list-style:none;margin:0;padding:0;gap:1rem}
@media (max-width:991.98px){
 .navbar-toggler{display:block}
 .navbar-collapse.collapse:not(.show){display:none}
 .navbar-nav{flex-direction:column}
}
.quarto-container.page-columns{display:grid;grid-template-columns:
 [screen-start] 1.5em [body-content-start] calc(100vw - 3em) [body-content-end] 1.5em
 [screen-end]}
#quarto-margin-sidebar{display:none}
@media (min-width:992px){
 .quarto-container.page-columns{grid-template-columns:[screen-start] 1.5em
  minmax(100px,150px) 100px [body-content-start] minmax(500px,800px) [body-content-end]
  100px [toc-start] minmax(90px,150px) [toc-end] 1fr 1.5em [screen-end]}
 #quarto-margin-sidebar{display:block;grid-column:toc-start/toc-end;grid-row:1}
}
main.content{grid-column:body-content-start/body-content-end;grid-row:1;display:grid;
 grid-template-columns:[body-content-start] minmax(0,1fr) [body-content-end]}
main.content>*,main section>*{grid-column:body-content-start/body-content-end}
main section{display:grid;grid-template-columns:[body-content-start] minmax(0,1fr)
 [body-content-end]}
table{border-collapse:collapse}
pre{overflow:auto}
div.sourceCode{overflow:auto}
pre.sourceCode{overflow:visible!important}
.cell-output-display{overflow-x:auto}
.callout{border-left:4px solid #0b5cab;padding:.5rem 1rem;margin:1rem 0}
"""


# ---- globs -------------------------------------------------------------------------------

def quarto_globs(project: Path, globs: list[str], skip: tuple[str, ...] = ()) -> list[Path]:
    """Files matched by Quarto's rule: "/x" is x from the project root; "x" is "**/x", at
    any depth (so "assets/**" also matches .venv/.../assets/**). "!" excludes."""
    include, exclude = set(), set()
    for glob in globs:
        target = exclude if glob.startswith("!") else include
        body = glob[1:] if glob.startswith("!") else glob
        pattern = body[1:] if body.startswith("/") else "**/" + body
        for path in project.glob(pattern):
            rel = path.relative_to(project)
            if rel.parts and rel.parts[0] in skip:
                continue
            files = [p for p in path.rglob("*") if p.is_file()] if path.is_dir() else [path]
            target.update(f for f in files if f.is_file())
    return sorted(include - exclude)


# ---- markdown ------------------------------------------------------------------------------

_MD = mistune.create_markdown(escape=False, plugins=["table", "strikethrough"])
RAW_HTML = re.compile(r"```\{=html\}\n(.*?)\n```", re.S)
FENCED_DIV = re.compile(r"^:::+\s*\{([^}]*)\}\s*$|^:::+\s*$", re.M)
SPAN_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]+)\)\{\.([\w-]+)\}")
HEADING_ID = re.compile(r"^(#{1,6} .*?)\s*\{#([\w-]+)\}\s*$", re.M)


def _qmd_href(url: str) -> str:
    return re.sub(r"\.(qmd|ipynb)(?=$|#)", ".html", url)


def markdown_to_html(text: str) -> str:
    """Pandoc-flavoured Markdown to HTML: raw ```{=html} blocks pass through, ::: divs,
    [text](url){.class} links, {#id} headings, \\$ escapes, .qmd/.ipynb links to .html."""
    raws: list[str] = []

    def keep(match: re.Match) -> str:
        raws.append(match.group(1))
        return f"\n\nRAWBLOCK{len(raws) - 1}X\n\n"

    text = RAW_HTML.sub(keep, text)

    def div(match: re.Match) -> str:
        if match.group(1) is None:
            raws.append("</div>")
        else:
            classes = " ".join(c[1:] for c in match.group(1).split() if c.startswith("."))
            raws.append(f'<div class="{html.escape(classes)}">')
        return f"\n\nRAWBLOCK{len(raws) - 1}X\n\n"

    text = FENCED_DIV.sub(div, text)
    text = SPAN_LINK.sub(lambda m: f'<a href="{html.escape(_qmd_href(m.group(2)))}" '
                                   f'class="{m.group(3)}">{m.group(1)}</a>', text)
    text = HEADING_ID.sub(lambda m: m.group(1), text)
    out = _MD(text)
    out = re.sub(r'href="([^"]+)"', lambda m: f'href="{_qmd_href(m.group(1))}"', out)
    for i, raw in enumerate(raws):
        out = re.sub(rf"<p>RAWBLOCK{i}X</p>|RAWBLOCK{i}X", lambda _m, raw=raw: raw, out)
    return _sections(out)


def _sections(body: str) -> str:
    """Wrap each h2 and what follows in <section class="level2">, as pandoc does."""
    parts = re.split(r"(?=<h2>)", body)
    out = [parts[0]]
    for part in parts[1:]:
        title = re.match(r"<h2>(.*?)</h2>", part, re.S)
        slug = re.sub(r"[^a-z0-9]+", "-", re.sub(r"<[^>]+>", "", title.group(1)).lower()).strip(
            "-") if title else "section"
        part = part.replace("<h2>", f'<h2 class="anchored" data-anchor-id="{slug}">', 1)
        out.append(f'<section id="{slug}" class="level2">\n{part}</section>\n')
    return "".join(out)


def _includes(text: str, project: Path) -> str:
    return re.sub(r"\{\{<\s*include\s+(\S+)\s*>\}\}",
                  lambda m: (project / m.group(1)).read_text(encoding="utf-8"), text)


def _front_matter(text: str) -> tuple[dict, str]:
    if text.startswith("---"):
        _, head, body = text.split("---", 2)
        return yaml.safe_load(head) or {}, body
    return {}, text


# ---- pages ---------------------------------------------------------------------------------

def _nav(config: dict, up: str) -> str:
    items = []
    for item in config["website"]["navbar"]["left"]:
        href = up + _qmd_href(item["href"])
        items.append(f'  <li class="nav-item">\n    <a class="nav-link" href="{href}"> \n'
                     f'<span class="menu-text">{html.escape(item["text"])}</span></a>\n  </li>')
    title = html.escape(config["website"]["title"])
    return f"""<header id="quarto-header" class="headroom fixed-top">
    <nav class="navbar navbar-expand-lg " data-bs-theme="dark">
      <div class="navbar-container container-fluid">
      <div class="navbar-brand-container mx-auto">
    <a class="navbar-brand" href="{up}index.html">
    <span class="navbar-title">{title}</span>
    </a>
  </div>
          <button class="navbar-toggler" type="button" data-bs-toggle="collapse" data-bs-target="#navbarCollapse" aria-controls="navbarCollapse" role="menu" aria-expanded="false" aria-label="Toggle navigation" onclick="if (window.quartoToggleHeadroom) {{ window.quartoToggleHeadroom(); }}">
  <span class="navbar-toggler-icon"></span>
</button>
          <div class="collapse navbar-collapse" id="navbarCollapse">
            <ul class="navbar-nav navbar-nav-scroll me-auto">
{chr(10).join(items)}
</ul>
          </div> <!-- /navcollapse -->
            <div class="quarto-navbar-tools">
</div>
      </div> <!-- /container-fluid -->
    </nav>
</header>"""


def page_html(config: dict, title: str, body: str, up: str, footer: str) -> str:
    site_title = config["website"]["title"]
    libs = f"{up}site_libs"
    heads = re.findall(r'<h2 class="anchored" data-anchor-id="([^"]+)">(.*?)</h2>', body, re.S)
    toc = "\n".join(f'  <li><a href="#{a}" id="toc-{a}" class="nav-link" '
                    f'data-scroll-target="#{a}">{t}</a></li>' for a, t in heads)
    toc_block = (f'<nav id="TOC" role="doc-toc" class="toc-active">\n    <h2 id="toc-title">'
                 f"On this page</h2>\n  <ul>\n{toc}\n  </ul>\n</nav>") if heads else ""
    css = CSS_FILE.split("/", 1)[1]
    return f"""<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" lang="en" xml:lang="en"><head>

<meta charset="utf-8">
<meta name="generator" content="quarto-1.7.34">

<meta name="viewport" content="width=device-width, initial-scale=1.0, user-scalable=yes">


<title>{html.escape(title)} – {html.escape(site_title)}</title>
<style>
code{{white-space: pre-wrap;}}
span.smallcaps{{font-variant: small-caps;}}
</style>


<script src="{libs}/quarto-nav/quarto-nav.js"></script>
<script src="{libs}/quarto-nav/headroom.min.js"></script>
<script src="{libs}/clipboard/clipboard.min.js"></script>
<script src="{libs}/quarto-html/quarto.js" type="module"></script>
<script src="{libs}/quarto-html/popper.min.js"></script>
<script src="{libs}/quarto-html/tippy.umd.min.js"></script>
<script src="{libs}/quarto-html/anchor.min.js"></script>
<link href="{libs}/quarto-html/tippy.css" rel="stylesheet">
<link href="{libs}/quarto-html/quarto-syntax-highlighting.css" rel="stylesheet" id="quarto-text-highlighting-styles">
<script src="{libs}/bootstrap/bootstrap.min.js"></script>
<link href="{libs}/bootstrap/bootstrap-icons.css" rel="stylesheet">
<link href="{libs}/{css}" rel="stylesheet" append-hash="true" id="quarto-bootstrap" data-mode="light">


</head>

<body class="nav-fixed quarto-light">

<div id="quarto-search-results"></div>
  {_nav(config, up)}
<!-- content -->
<div id="quarto-content" class="quarto-container page-columns page-rows-contents page-layout-article page-navbar">
<!-- sidebar -->
<!-- margin-sidebar -->
    <div id="quarto-margin-sidebar" class="sidebar margin-sidebar">
        {toc_block}
    </div>
<!-- main -->
<main class="content" id="quarto-document-content">

<header id="title-block-header" class="quarto-title-block default">
<div class="quarto-title">
<h1 class="title">{html.escape(title)}</h1>
</div>
</header>

{body}

</main> <!-- /main -->
<script id="quarto-html-after-body" type="application/javascript">
  window.document.addEventListener("DOMContentLoaded", function (event) {{}});
</script>
</div> <!-- /content -->
{footer}

</body></html>
"""


def notebook_body(nb: dict) -> tuple[str, str]:
    """(title, body) of an executed notebook rendered as Quarto renders a website page."""
    title, parts, cell_no, block_no = "", [], 0, 0
    for cell in nb["cells"]:
        src = "".join(cell.get("source", ""))
        if cell["cell_type"] == "markdown":
            if not title and (m := re.match(r"\s*# (.+)", src)):
                title = m.group(1).strip()
                src = src.replace(m.group(0), "", 1)
            parts.append(markdown_to_html(src))
            continue
        if cell["cell_type"] != "code" or "parameters" in cell.get("metadata", {}).get(
                "tags", []):
            continue
        cell_no += 1
        block_no += 1
        out = [f'<div class="cell" data-execution_count="{cell_no}">',
               '<details class="code-fold">\n<summary>Code</summary>',
               f'<div class="code-copy-outer-scaffold"><div class="sourceCode cell-code" '
               f'id="cb{block_no}"><pre class="sourceCode python code-with-copy"><code '
               f'class="sourceCode python">{html.escape(src)}</code></pre></div><button '
               'title="Copy to Clipboard" class="code-copy-button"><i class="bi"></i>'
               "</button></div>",
               "</details>"]
        for o in cell.get("outputs", []):
            if o["output_type"] == "stream":
                out.append(f'<div class="cell-output cell-output-{o["name"]}">\n<pre><code>'
                           f'{html.escape("".join(o["text"]))}</code></pre>\n</div>')
            elif "text/markdown" in o.get("data", {}):
                md = "".join(o["data"]["text/markdown"])
                out.append('<div class="cell-output cell-output-display cell-output-markdown">'
                           f"\n{markdown_to_html(md)}\n</div>")
            elif "text/plain" in o.get("data", {}):
                out.append('<div class="cell-output cell-output-display">\n<pre><code>'
                           f'{html.escape("".join(o["data"]["text/plain"]))}</code></pre>\n'
                           "</div>")
        out.append("</div>")
        parts.append("\n".join(out))
    return title or "Notebook", "\n".join(parts)


def _filler(raw: int, gz: int, seed: int, comment: tuple[str, str]) -> bytes:
    """``raw`` bytes that gzip to about ``gz`` bytes, as a comment of the file's language."""
    rng = random.Random(seed)
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-_;:{}.#"
    random_part = int(gz * 1.45)
    noise = "".join(rng.choice(alphabet) for _ in range(max(0, random_part)))
    body = noise + ("a{b:c}" * ((raw - random_part) // 6 + 1))
    text = comment[0] + body[: max(0, raw - len(comment[0]) - len(comment[1]))] + comment[1]
    data = text.encode()
    assert abs(len(zlib.compress(data, 6)) - gz) < max(0.25 * gz, 2_000), (raw, gz)
    return data


def write_site_libs(out: Path, project: Path, project_css: bool = True) -> None:
    """site_libs of the real render's sizes; the stylesheet holds the stand-in layout and,
    with ``project_css``, the rules of assets/site.scss (as Quarto compiles them in)."""
    rules = ""
    if project_css:
        rules = (project / "assets" / "site.scss").read_text(encoding="utf-8")
        rules = rules.split("/*-- scss:rules --*/", 1)[-1]
        rules = re.sub(r"(?m)^\s*//.*$", "", rules)  # SCSS line comments, which CSS lacks
    for i, (rel, (raw, gz)) in enumerate(sorted(SITE_LIBS.items())):
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if rel.endswith(".css"):
            head = LAYOUT_CSS + rules if rel == CSS_FILE else ""
            if rel.endswith("bootstrap-icons.css"):
                head = ('@font-face{font-display:block;font-family:"bootstrap-icons";'
                        'src:url("./bootstrap-icons.woff") format("woff")}\n'
                        '.bi::before,[class^="bi-"]::before{font-family:bootstrap-icons}\n')
            data = head.encode() + _filler(raw - len(head), gz, i, ("/*", "*/"))
        elif rel.endswith(".js"):
            data = _filler(raw, gz, i, ("/*", "*/"))
        else:
            data = _filler(raw, gz, i, ("", ""))
        path.write_bytes(data)


def build(project: Path, out: Path | None = None, project_css: bool = True) -> Path:
    """Render ``project``'s generated inputs into ``out`` (default project/_site).

    ``project_css=False`` leaves the project's own stylesheet rules out (to show what
    Quarto's layout alone does with the pages)."""
    config = yaml.safe_load((project / "_quarto.yml").read_text(encoding="utf-8"))
    out = out or project / config["project"].get("output-dir", "_site")
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    skip = (out.name, ".quarto", ".git")
    footer = ""
    fmt = config.get("format", {}).get("html", {})
    if fmt.get("include-after-body"):
        footer = (project / fmt["include-after-body"]).read_text(encoding="utf-8")
    inputs = [p for p in quarto_globs(project, config["project"]["render"], skip)
              if not p.name.startswith(("_", "."))]
    for src in inputs:
        rel = src.relative_to(project)
        up = "../" * (len(rel.parts) - 1)
        if src.suffix == ".ipynb":
            title, body = notebook_body(json.loads(src.read_text(encoding="utf-8")))
        else:
            meta, text = _front_matter(src.read_text(encoding="utf-8"))
            title, body = str(meta.get("title", rel.stem)), markdown_to_html(
                _includes(text, project))
        target = out / rel.with_suffix(".html")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page_html(config, title, body, up, footer), encoding="utf-8")
    for src in quarto_globs(project, config["project"].get("resources", []), skip):
        target = out / src.relative_to(project)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, target)
    write_site_libs(out, project, project_css)
    return out


# ---- the project's own generated inputs ------------------------------------------------------

GENERATED_INPUTS = ("index.qmd", "races/index.qmd", "_footer.html", "datapackage.json",
                    "_generated/downloads.md")


def ensure_generated_inputs(root: Path, timeout: int = 1800) -> Path:
    """The project's generated page sources, running `make pages` first when any is missing
    (it is incremental: nothing is redone when they are up to date)."""
    import os
    import subprocess

    missing = [name for name in GENERATED_INPUTS if not (root / name).exists()]
    if missing or os.environ.get("LAUSD_REBUILD_PAGES") == "1":
        done = subprocess.run(["make", "pages"], cwd=root, capture_output=True, text=True,
                              timeout=timeout, check=False)
        if done.returncode != 0:
            tail = "\n".join((done.stdout + done.stderr).splitlines()[-30:])
            raise RuntimeError(f"`make pages` failed (exit {done.returncode}):\n{tail}")
    return root
