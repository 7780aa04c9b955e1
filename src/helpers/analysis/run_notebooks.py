"""Run a source notebook for one race with papermill, writing the executed copy atomically.

The executed copy lands in build/notebooks/<race>/ only when the run succeeds, so make never
mistakes a half-run notebook for an up-to-date one; a failed run is kept beside it as
``<name>.failed.ipynb`` for the journalist to open. Sources in notebooks/ are never written.

Under make, the run is handed to the make run's warm runner (helpers.analysis.warm_runner), which
executes this same code in a process forked with papermill and the notebooks' libraries already
imported, and forks the kernel likewise; ``NOTEBOOK_RUNNER=cold`` (or no make) runs it here.
Kernels talk over Unix sockets only (helpers.analysis.notebook_kernels).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from helpers import paths

if TYPE_CHECKING:
    import nbformat

# Quarto adds require.js and jQuery from a CDN to any page whose notebook has these outputs.
CDN_TRIGGER_MIMES = ("text/html", "application/javascript")


def strip_cdn_triggers(nb: nbformat.NotebookNode) -> list[int]:
    """Drop HTML/JS representations that have a plain-text twin; return the cells touched.

    A stray DataFrame repr (text/html) would otherwise make Quarto load scripts from a CDN.
    Outputs with only HTML are left in place so the check below can name them.
    """
    touched = []
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if any(m in data for m in CDN_TRIGGER_MIMES) and (
                "text/plain" in data or "text/markdown" in data or "image/svg+xml" in data
            ):
                for mime in CDN_TRIGGER_MIMES:
                    data.pop(mime, None)
                touched.append(index)
    return touched


VOLATILE_KEYS = ("start_time", "end_time", "duration", "exception")


def drop_volatile_metadata(nb: nbformat.NotebookNode) -> None:
    """Remove run times so two runs on the same inputs give byte-identical notebooks."""
    for holder in [nb.metadata, *(c.metadata for c in nb.cells)]:
        pm_meta = holder.get("papermill", {})
        for key in VOLATILE_KEYS:
            pm_meta.pop(key, None)
        holder.pop("execution", None)


def svg_outputs_as_markdown(nb: nbformat.NotebookNode) -> int:
    """Turn SVG outputs into Markdown holding the inline SVG, for Quarto to publish.

    Quarto (which renders only these executed copies, never the sources a journalist opens in
    JupyterLab) writes an SVG output to a file and shows it as an <img> with no alt text; inline,
    the chart keeps the role and aria-label it carries (helpers.analysis.charts.label_svg). Markdown
    output adds no CDN script (unlike HTML). Returns how many outputs were converted.
    """
    converted = 0
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            svg = data.get("image/svg+xml")
            if svg is None:
                continue
            svg = "".join(svg) if isinstance(svg, list) else svg
            svg = " ".join(svg.split("\n"))
            start = svg.find("<svg")
            data.pop("image/svg+xml")
            # a raw block: pandoc passes it through untouched (no Markdown inside the SVG text)
            data["text/markdown"] = f"```{{=html}}\n{svg[start:]}\n```"
            converted += 1
    return converted


def cdn_trigger_cells(nb: nbformat.NotebookNode) -> list[int]:
    return [
        i for i, cell in enumerate(nb.cells)
        for out in cell.get("outputs", [])
        if any(m in out.get("data", {}) for m in CDN_TRIGGER_MIMES)
    ]


def run_notebook(source: Path, target: Path, parameters: dict,
                 kernel_manager_class: type | None = None) -> Path:
    """Execute ``source`` with ``parameters`` into ``target``; raise on any cell error.

    The kernel listens on Unix sockets only (helpers.analysis.notebook_kernels.LocalKernelManager);
    the warm runner passes ForkedKernelManager, whose kernel is forked ready-imported.
    """
    # imported here: slow to import, and a run handed to the warm runner never needs them
    import nbformat
    import papermill as pm
    from nbformat.warnings import MissingIDFieldWarning

    from helpers.analysis.notebook_kernels import LocalKernelManager

    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".running.ipynb")
    failed = target.with_suffix(".failed.ipynb")
    failed.unlink(missing_ok=True)
    # papermill's injected parameters cell has no id; ids are added below before validating
    warnings.filterwarnings("ignore", category=MissingIDFieldWarning)
    try:
        pm.execute_notebook(
            str(source),
            str(partial),
            parameters=parameters,
            cwd=str(paths.project_root()),
            kernel_name="python3",
            progress_bar=False,
            log_output=False,
            kernel_manager_class=kernel_manager_class or LocalKernelManager,
        )
    except BaseException:
        if partial.exists():
            os.replace(partial, failed)
        raise
    nb = nbformat.read(partial, as_version=4)
    for index, cell in enumerate(nb.cells):
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = "injected-parameters"  # papermill gives it a random id
        cell.setdefault("id", f"papermill-{index:02d}")
    nb.metadata.setdefault("papermill", {})["output_path"] = str(target)
    touched = strip_cdn_triggers(nb)
    if touched:
        print(f"note: {source.name}: dropped HTML output twins in cells {touched}", file=sys.stderr)
    left = cdn_trigger_cells(nb)
    if left:
        os.replace(partial, failed)
        raise RuntimeError(
            f"{source}: cells {left} emit HTML/JavaScript only; use helpers.analysis.notebook.show_table "
            "or say() so Quarto does not load scripts from a CDN"
        )
    svg_outputs_as_markdown(nb)
    drop_volatile_metadata(nb)
    nbformat.validate(nb)
    nbformat.write(nb, partial)
    os.replace(partial, target)
    return target


def main(argv: list[str] | None = None, warm: bool = True,
         kernel_manager_class: type | None = None) -> int:
    """Run one notebook: through this make run's warm runner when there is one, else here."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if warm:
        from helpers.analysis import warm_runner

        code = warm_runner.run_warm(argv, paths.project_root())
        if code is not None:
            return code
    parser = argparse.ArgumentParser(prog="python -m helpers.analysis.run_notebooks", description=__doc__)
    parser.add_argument("source", type=Path)
    parser.add_argument("target", type=Path)
    parser.add_argument("--params", type=Path, required=True, help="JSON file of parameters")
    args = parser.parse_args(argv)
    parameters = json.loads(args.params.read_text(encoding="utf-8"))
    try:
        run_notebook(args.source, args.target, parameters, kernel_manager_class)
    except Exception as exc:  # papermill's error already carries the cell and traceback
        print(f"error: {args.source} for {parameters}: {exc}", file=sys.stderr)
        print(f"       the partly executed copy is {args.target.with_suffix('.failed.ipynb')}",
              file=sys.stderr)
        return 1
    print(f"ran {args.source} -> {args.target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
