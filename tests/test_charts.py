"""Chart export: every file a reader or a CMS needs, valid against Vega-Lite's own schema."""

from __future__ import annotations

import json
import re
from io import StringIO

import altair as alt
import jsonschema
import pandas as pd
import pytest

from helpers import theme
from helpers.charts import ChartMeta, export_chart, json_for_script

VL_SCHEMA = json.loads(
    (__import__("pathlib").Path(alt.__file__).parent / "vegalite" / "v6" / "schema"
     / "vega-lite-schema.json").read_text()
)


@pytest.fixture
def hostile_chart():
    data = pd.DataFrame({"committee": ["<script>alert(1)</script>", "=HYPERLINK(\"x\")", "Plain"],
                         "amount": [100.0, -50.0, 25.5]})
    chart = alt.Chart(data).mark_bar().encode(x="amount:Q", y="committee:N")
    meta = ChartMeta(name="hostile", title="Spending </script> test", description="A bar chart.",
                     source="Test fixture", as_of="2024-03-04")
    return chart, meta, data


def test_export_writes_every_format(tmp_path, hostile_chart):
    chart, meta, _ = hostile_chart
    entry = export_chart(chart, meta, tmp_path)
    for key in ("spec", "svg", "png", "csv", "table", "page"):
        assert (tmp_path / entry["files"][key]).stat().st_size > 0, key
    assert (tmp_path / "hostile.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (tmp_path / "hostile.svg").read_text().lstrip().startswith("<svg")


def test_spec_validates_against_the_vega_lite_schema(tmp_path, hostile_chart):
    chart, meta, _ = hostile_chart
    export_chart(chart, meta, tmp_path)
    spec = json.loads((tmp_path / "hostile.vl.json").read_text())
    jsonschema.Draft7Validator(VL_SCHEMA).validate(spec)
    assert spec["description"] == "A bar chart."
    assert spec["title"]["text"] == "Source: Test fixture. Data as of 2024-03-04."
    assert spec["title"]["orient"] == "bottom"
    assert spec["config"]["font"] == theme.FONT


def test_svg_carries_the_description_and_source_line(tmp_path, hostile_chart):
    chart, meta, _ = hostile_chart
    export_chart(chart, meta, tmp_path)
    svg = (tmp_path / "hostile.svg").read_text()
    assert svg.startswith("<svg") and 'role="img" aria-label="A bar chart."' in svg.split(">")[0]
    assert "<title>Spending &lt;/script&gt; test</title>" in svg
    assert "Data as of 2024-03-04" in svg


def test_csv_is_exactly_what_is_drawn_and_formula_safe(tmp_path, hostile_chart):
    chart, meta, data = hostile_chart
    export_chart(chart, meta, tmp_path)
    back = pd.read_csv(tmp_path / "hostile.csv")
    assert list(back.columns) == list(data.columns)
    assert back["amount"].tolist() == data["amount"].tolist()
    assert back["committee"].tolist() == [
        "<script>alert(1)</script>", "'=HYPERLINK(\"x\")", "Plain"]


def test_standalone_page_escapes_data_and_stays_self_hosted(tmp_path, hostile_chart):
    chart, meta, _ = hostile_chart
    export_chart(chart, meta, tmp_path)
    page = (tmp_path / "hostile.html").read_text()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # data table cell, escaped
    assert "<title>Spending &lt;/script&gt; test</title>" in page
    loaded = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert loaded and not [u for u in loaded if re.match(r"(https?:)?//", u)]
    assert page.count("</script>") == 3  # only the page's own three script elements close


def test_json_for_script_cannot_close_the_script_element():
    text = json_for_script({"a": "</script><script>alert(1)</script>", "b": "<!--"})
    assert "</" not in text and "<!--" not in text
    assert json.loads(text)["a"] == "</script><script>alert(1)</script>"


def test_metadata_is_required():
    with pytest.raises(ValueError, match="description"):
        ChartMeta(name="x", title="T", description=" ", source="S", as_of="2024")
    with pytest.raises(ValueError, match="slug"):
        ChartMeta(name="Not A Slug", title="T", description="D", source="S", as_of="2024")


def test_too_many_rows_must_be_aggregated_first(tmp_path):
    data = pd.DataFrame({"x": range(5001)})
    chart = alt.Chart(data).mark_tick().encode(x="x:Q")
    meta = ChartMeta(name="big", title="T", description="D", source="S", as_of="2024")
    with pytest.raises(ValueError, match="aggregate"):
        export_chart(chart, meta, tmp_path)


def test_table_html_escapes_every_cell(tmp_path, hostile_chart):
    chart, meta, _ = hostile_chart
    export_chart(chart, meta, tmp_path)
    table = (tmp_path / "hostile.table.html").read_text()
    frames = pd.read_html(StringIO(table))
    assert frames[0]["committee"].tolist()[0] == "<script>alert(1)</script>"
    assert "<script>" not in table
