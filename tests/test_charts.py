"""Chart export: every file a reader or a CMS needs, valid against Vega-Lite's own schema."""

from __future__ import annotations

import html
import json
import re
from io import StringIO

import altair as alt
import jsonschema
import pandas as pd
import pytest

from helpers.analysis import theme
from helpers.analysis.charts import (
    ChartMeta,
    export_chart,
    json_for_script,
    labelled_bars,
    labelled_dots,
    render_complete,
    svg_size,
    wrap_label,
)

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
    for key in ("spec", "vega", "svg", "png", "phone", "wide", "csv", "table", "page"):
        assert (tmp_path / entry["files"][key]).stat().st_size > 0, key
    assert (tmp_path / "hostile.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    for key in ("svg", "phone", "wide"):
        assert (tmp_path / entry["files"][key]).read_text().lstrip().startswith("<svg")


def test_spec_validates_against_the_vega_lite_schema(tmp_path, hostile_chart):
    chart, meta, _ = hostile_chart
    export_chart(chart, meta, tmp_path)
    spec = json.loads((tmp_path / "hostile.vl.json").read_text())
    jsonschema.Draft7Validator(VL_SCHEMA).validate(spec)
    assert spec["description"] == "A bar chart."
    assert spec["usermeta"]["source"] == "Test fixture"
    assert spec["usermeta"]["as_of"] == "2024-03-04"
    assert spec["config"]["font"] == theme.FONT


def test_the_page_chart_fills_its_column(tmp_path, hostile_chart):
    """No fixed-width SVG scaled down on a phone (issue 11): the page draws the chart at the
    width of its column; title and source are HTML around it, so they wrap."""
    chart, meta, _ = hostile_chart
    export_chart(chart, meta, tmp_path)
    spec = json.loads((tmp_path / "hostile.vl.json").read_text())
    assert spec["width"] == "container"
    assert spec["autosize"] == {"type": "fit-x", "contains": "padding"}
    assert "vconcat" not in spec and "title" not in spec
    vega = json.loads((tmp_path / "hostile.vg.json").read_text())
    width = next(s for s in vega["signals"] if s["name"] == "width")
    assert "containerSize()" in width["init"]
    assert vega["autosize"] == {"type": "fit-x", "contains": "padding"}


def test_static_images_are_exported_at_the_width_they_are_shown(tmp_path, hostile_chart):
    chart, meta, _ = hostile_chart
    entry = export_chart(chart, meta, tmp_path)
    phone = (tmp_path / entry["files"]["phone"]).read_text()
    wide = (tmp_path / entry["files"]["wide"]).read_text()
    assert svg_size(phone) == tuple(entry["sizes"]["phone"])
    assert svg_size(phone)[0] == theme.PHONE_WIDTH < 324  # a 375 px phone's column
    assert svg_size(wide)[0] == theme.WIDE_WIDTH
    download = (tmp_path / entry["files"]["svg"]).read_text()
    assert svg_size(download)[0] == theme.PHONE_WIDTH
    assert "Data as of March 4, 2024" in download and "Data as of" not in phone


def font_sizes(svg: str) -> list[float]:
    return [float(s) for s in re.findall(r'font-size="([0-9.]+)px"', svg)]


def test_no_text_below_11_px_in_any_export_at_its_own_size(tmp_path, hostile_chart):
    chart, meta, _ = hostile_chart
    entry = export_chart(chart, meta, tmp_path)
    for key in ("svg", "phone", "wide"):
        sizes = font_sizes((tmp_path / entry["files"][key]).read_text())
        assert sizes and min(sizes) >= theme.MIN_FONT_PX, (key, sorted(set(sizes)))
    config = theme.house_config()
    assert min(config["axis"]["labelFontSize"], config["axis"]["titleFontSize"],
               config["legend"]["labelFontSize"], config["text"]["fontSize"]) >= 12


def test_a_title_longer_than_a_phone_is_wrapped_not_shrunk(tmp_path, hostile_chart):
    chart, _, _ = hostile_chart
    meta = ChartMeta(name="long", title="A long title that could never fit on one line of a "
                     "phone screen at sixteen pixels", subtitle="And a subtitle that is also "
                     "much too long to fit on one phone line", description="D.",
                     source="A source with a rather long name, reported by several outlets",
                     as_of="2024-03-04")
    entry = export_chart(chart, meta, tmp_path)
    full, svg = render_complete(json.loads((tmp_path / entry["files"]["spec"]).read_text()),
                                meta, theme.PHONE_WIDTH)
    assert svg_size(svg)[0] == theme.PHONE_WIDTH
    assert len(full["title"]["text"]) >= 2 and len(full["title"]["subtitle"]) >= 2
    assert len(full["vconcat"][0]["title"]["text"]) >= 2  # the source line
    assert min(font_sizes(svg)) >= theme.MIN_FONT_PX


def test_facets_and_concatenations_are_refused(tmp_path):
    data = pd.DataFrame({"a": ["x", "y"], "b": [1, 2], "c": ["p", "q"]})
    meta = ChartMeta(name="f", title="T", description="D", source="S", as_of="2024")
    faceted = alt.Chart(data).mark_bar().encode(x="b:Q", y="a:N", row="c:N")
    with pytest.raises(ValueError, match="row encoding"):
        export_chart(faceted, meta, tmp_path)
    with pytest.raises(ValueError, match="VConcatChart"):
        export_chart(alt.vconcat(alt.Chart(data).mark_bar().encode(x="b:Q")), meta, tmp_path)


def test_labelled_bars_need_no_axis_and_no_legend(tmp_path):
    data = pd.DataFrame({"label": [wrap_label("UTLA, supporting Kahllid Al-Alim"),
                                   wrap_label("Kids First PACs and a charter schools PAC, "
                                              "supporting Didi Watts")],
                         "amount": [690000.0, 520493.0], "shown": ["more than $690,000",
                                                                   "$520,493"],
                         "stance": ["support", "oppose"]})
    assert data["label"][1] == "Kids First PACs and a charter schools\nPAC, supporting Didi Watts"
    chart = labelled_bars(data, value="amount", label="label", value_label="shown",
                          color_field="stance", colors=theme.STANCE_COLORS)
    meta = ChartMeta(name="bars", title="T", description="D", source="S", as_of="2024")
    entry = export_chart(chart, meta, tmp_path)
    spec = json.loads((tmp_path / entry["files"]["spec"]).read_text())
    encodings = [layer["encoding"] for layer in spec["layer"]]
    assert all(e["y"]["axis"] is None for e in encodings)
    assert all(e.get("x", {}).get("axis", None) is None for e in encodings)
    assert encodings[0]["color"]["legend"] is None
    phone = (tmp_path / entry["files"]["phone"]).read_text()
    for text in ("more than $690,000", "$520,493", "UTLA, supporting Kahllid Al-Alim"):
        assert text in html.unescape(phone)


def test_labelled_dots_say_each_event_in_words(tmp_path):
    data = pd.DataFrame({"date": ["2024-02-22", "2024-03-04"],
                         "event": ["UTLA board: campaign suspended",
                                   "UTLA House: meeting scheduled"],
                         "held": [True, False]})
    chart = labelled_dots(data, date="date", label="event", filled="held")
    meta = ChartMeta(name="dots", title="T", description="D", source="S", as_of="2024")
    entry = export_chart(chart, meta, tmp_path)
    phone = html.unescape((tmp_path / entry["files"]["phone"]).read_text())
    assert "UTLA board: campaign suspended" in phone and "UTLA House: meeting scheduled" in phone
    assert 'fill="#ffffff"' in phone  # the scheduled event's hollow dot


def test_svg_carries_the_description_and_source_line(tmp_path, hostile_chart):
    chart, meta, _ = hostile_chart
    export_chart(chart, meta, tmp_path)
    svg = (tmp_path / "hostile.svg").read_text()
    assert svg.startswith("<svg") and 'role="img" aria-label="A bar chart."' in svg.split(">")[0]
    assert "<title>Spending &lt;/script&gt; test</title>" in svg
    assert "Data as of March 4, 2024" in svg


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
    loaded = re.findall(r'(?:src|srcset|href|data-vega)="([^"]+)"', page)
    assert loaded and not [u for u in loaded if re.match(r"(https?:)?//", u)]
    assert page.count("</script>") == 2  # only the page's own two script elements close
    assert '<h1>Spending &lt;/script&gt; test</h1>' in page  # a visible heading: a whole page
    assert 'data-draw="eager"' in page and 'src="hostile.phone.svg"' in page
    assert 'srcset="hostile.wide.svg"' in page


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


def test_wrapping_never_splits_a_hyphenated_name_or_a_date():
    from helpers.analysis.charts import wrap_text

    assert wrap_label("Statement by Kahllid Al-Alim, the candidate", 24) == \
        "Statement by Kahllid\nAl-Alim, the candidate"
    lines = wrap_text("Source: LA County Registrar-Recorder/County Clerk results feed. Data as "
                      "of 2024-11-21T16:29:49-08:00.", 200, 11)
    assert any("2024-11-21T16:29:49-08:00." in line for line in lines), lines


def test_wrapped_labels_stay_one_line_per_row_in_the_csv_and_table(tmp_path):
    data = pd.DataFrame({"label": [wrap_label("A label long enough to be wrapped onto two "
                                              "lines for a phone")], "amount": [1.0],
                         "shown": ["$1"]})
    chart = labelled_bars(data, value="amount", label="label", value_label="shown")
    meta = ChartMeta(name="one", title="T", description="D", source="S", as_of="2024")
    entry = export_chart(chart, meta, tmp_path)
    csv_text = (tmp_path / entry["files"]["csv"]).read_text()
    assert len(csv_text.splitlines()) == 1 + entry["rows"] == 2
    assert "A label long enough to be wrapped onto two lines for a phone" in csv_text
    assert "\n" not in (tmp_path / entry["files"]["table"]).read_text().strip()


@pytest.mark.parametrize(("as_of", "precision", "line"), [
    ("2024-03-04", "day", "Source: S. Data as of March 4, 2024."),
    ("2024-02-28", "approximate", "Source: S. Data as of about Feb. 28, 2024."),
    ("2024-10-01", "month", "Source: S. Data as of October 2024."),
    ("2024-11-21T16:29:49-08:00", "day", "Source: S. Data as of Nov. 21, 2024."),
])
def test_the_source_line_says_the_as_of_date_as_ap_does_and_no_more_exactly(as_of, precision, line):
    meta = ChartMeta(name="c", title="T", description="D", source="S", as_of=as_of,
                     as_of_precision=precision)
    assert meta.source_line == line


def test_a_date_in_the_source_line_is_never_broken_across_lines():
    from helpers.analysis.charts import wrap_text

    lines = wrap_text("Source: reported figures: Los Angeles Times. Data as of about Feb. 28, 2024.",
                      150, 11, keep=("about Feb. 28, 2024",))
    assert "about Feb. 28, 2024." in lines
    assert " ".join(lines) == ("Source: reported figures: Los Angeles Times. Data as of about "
                               "Feb. 28, 2024.")


def test_an_unknown_precision_is_refused():
    with pytest.raises(ValueError, match="as_of_precision"):
        ChartMeta(name="c", title="T", description="D", source="S", as_of="2024-03-04",
                  as_of_precision="roughly")
