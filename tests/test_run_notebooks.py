"""Executed copies are made safe for Quarto: no HTML outputs, charts inline with their names."""

import nbformat
from nbformat.v4 import new_code_cell, new_notebook, new_output

from helpers.run_notebooks import cdn_trigger_cells, strip_cdn_triggers, svg_outputs_as_markdown

SVG = '<?xml version="1.0"?>\n<svg role="img" aria-label="A chart.">\n<rect/></svg>'


def notebook(*outputs):
    nb = new_notebook()
    nb.cells = [new_code_cell("x", outputs=list(outputs))]
    return nb


def test_html_twin_of_a_plain_output_is_dropped_and_html_only_is_reported():
    nb = notebook(new_output("execute_result", data={"text/html": "<table>", "text/plain": "t"},
                             execution_count=1),
                  new_output("display_data", data={"text/html": "<b>only</b>"}))
    assert strip_cdn_triggers(nb) == [0]
    assert "text/html" not in nb.cells[0].outputs[0]["data"]
    assert cdn_trigger_cells(nb) == [0]  # the HTML-only output is left for the error message


def test_svg_output_becomes_inline_markdown_keeping_its_label():
    nb = notebook(new_output("display_data", data={"image/svg+xml": SVG}))
    assert svg_outputs_as_markdown(nb) == 1
    data = nb.cells[0].outputs[0]["data"]
    assert "image/svg+xml" not in data
    assert data["text/markdown"].startswith('```{=html}\n<svg role="img" aria-label="A chart.">')
    assert data["text/markdown"].endswith("</svg>\n```")
    assert data["text/markdown"].count("\n") == 2  # the SVG itself is one line
    nbformat.validate(nb)
