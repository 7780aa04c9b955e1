"""Each chart builder's spec: marks, encodings, labels, colours from the theme, accessibility
metadata and facts. Small hand-made frames, no kernel and no export: these run in seconds.

Expected values are worked out by hand from the fixtures (amounts, AP dates, fact keys).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from types import SimpleNamespace

import altair as alt
import pandas as pd
import pytest
import vl_convert as vlc

from helpers.analysis import chart_builders as build
from helpers.analysis import theme
from helpers.analysis.charts import finish, to_spec
from tests.conftest import ROOT

RACE = SimpleNamespace(id="test-race", short_title="Test District", primary_date=dt.date(2024, 3, 5))
URL = "https://example.org/story"


def layers(chart) -> list[dict]:
    """Every single view of a (possibly nested) layered spec."""
    spec = chart.to_dict() if hasattr(chart, "to_dict") else chart
    out = []
    for layer in spec.get("layer", [spec]):
        out += layers(layer) if "layer" in layer else [layer]
    return out


def mark_type(view: dict) -> str:
    mark = view["mark"]
    return mark if isinstance(mark, str) else mark["type"]


def tooltip_fields(view: dict) -> list[tuple[str, str | None]]:
    tips = view["encoding"].get("tooltip", [])
    return [(t["field"], t.get("title")) for t in (tips if isinstance(tips, list) else [tips])]


def page_spec(built) -> dict:
    """The spec as the page gets it: the description there becomes the chart's aria-label."""
    return to_spec(finish(built.chart, built.meta))


def reported(rows: list[dict]) -> pd.DataFrame:
    base = {"unit": "usd", "source_url": URL, "source_title": "", "source_publisher": "Test Times",
            "note": "", "spender": "Union", "metric": "ie_support"}
    frame = pd.DataFrame([{**base, **r} for r in rows])
    frame["as_of"] = pd.to_datetime(frame["as_of"])
    return frame


# ---- the two shapes ---------------------------------------------------------------------------

def test_labelled_bars_name_each_bar_and_write_its_value():
    data = pd.DataFrame({"label": ["A", "B"], "amount": [10.0, 5.0], "shown": ["$10", "$5"]})
    views = layers(build.labelled_bars(data, value="amount", label="label", value_label="shown"))
    assert [mark_type(v) for v in views] == ["bar", "text", "text"]
    bar, names, values = views
    assert bar["encoding"]["x"]["axis"] is None and bar["encoding"]["y"]["axis"] is None
    assert bar["mark"]["color"] == theme.PALETTE[0]
    assert names["encoding"]["text"]["field"] == "label"
    assert values["encoding"]["text"]["field"] == "shown"
    assert bar["encoding"]["y"]["sort"] == ["A", "B"]  # drawn in the frame's order


def test_labelled_dots_fill_what_happened_and_leave_scheduled_hollow():
    data = pd.DataFrame({"date": ["2024-02-20", "2024-03-04"], "event": ["Vote", "Meeting"],
                         "held": [True, False]})
    guide, dots, names = layers(build.labelled_dots(data, date="date", label="event", filled="held"))
    assert mark_type(dots) == "point" and dots["encoding"]["x"]["type"] == "temporal"
    fill = dots["encoding"]["fill"]
    assert fill["condition"]["value"] == theme.PALETTE[0] and fill["value"] == theme.BACKGROUND
    assert guide["mark"]["color"] == theme.GRID


def test_time_axes_say_dates_as_ap_does():
    """The theme's labelExpr, drawn by Vega: 'Feb. 29', 'March 1', never 'Mar 1' or '2024-03-01'."""
    data = pd.DataFrame({"date": ["2024-02-20", "2024-03-05"], "v": [1, 2]})
    chart = alt.Chart(data).mark_point().encode(x=alt.X("date:T", axis=alt.Axis(format="%b %-d")),
                                                y="v:Q")
    spec = chart.to_dict()
    spec["config"] = theme.house_config()
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", vlc.vegalite_to_svg(spec))
    dates = [t for t in texts if re.match(r"^[A-Z][a-z]+\.? \d+$", t)]
    assert dates and all(re.match(r"^(Feb\. \d+|March \d+)$", d) for d in dates), texts
    assert "March 1" in dates or "March 3" in dates


# ---- 01-outside-money -------------------------------------------------------------------------

def test_outside_money_from_reported_totals():
    latest = reported([
        {"figure_id": "f-alalim", "candidate": "Kahllid Al-Alim", "amount": 690000.0,
         "qualifier": "more_than", "as_of": "2024-03-04", "as_of_precision": "day"},
        {"figure_id": "f-watts", "candidate": "Didi Watts", "amount": 486866.0,
         "qualifier": "exact", "as_of": "2024-02-28", "as_of_precision": "approximate",
         "spender": "Kids First"},
    ])
    built = build.outside_money_chart(pd.DataFrame(), latest, RACE)
    data = built.chart.data
    assert list(data["reported"]) == ["more than $690,000", "$486,866"]
    assert list(data["as_of_shown"]) == ["March 4, 2024", "about Feb. 28, 2024"]
    bar, _, values = layers(built.chart)
    assert bar["encoding"]["color"]["scale"] == {"domain": ["support", "oppose"],
                                                 "range": [theme.SUPPORT, theme.OPPOSE]}
    assert bar["encoding"]["color"]["legend"] is None
    assert ("as_of_shown", "As of") in tooltip_fields(bar)
    assert values["encoding"]["text"]["field"] == "reported"
    spec = page_spec(built)
    assert spec["usermeta"]["title"] == "Reported outside spending, by candidate"
    assert spec["description"] == (
        "Bar chart of the latest reported independent expenditures in Test District: "
        "Union to support Kahllid Al-Alim: more than $690,000 as of March 4, 2024; "
        "Kids First to support Didi Watts: $486,866 as of about Feb. 28, 2024.")
    assert built.meta.source_line == "Source: reported figures: Test Times. Data as of March 4, 2024."
    assert built.table_columns["as_of_shown"] == "As of"
    facts = {f.key: f for f in built.facts}
    assert set(facts) == {"ie_support_kahllid-al-alim_reported", "ie_support_didi-watts_reported"}
    assert facts["ie_support_kahllid-al-alim_reported"].display == "more than $690,000"
    assert facts["ie_support_didi-watts_reported"].as_of == "2024-02-28"
    assert "2 latest reported totals" in built.text


def test_outside_money_from_itemized_filings_leaves_memo_rows_out():
    ie = pd.DataFrame({
        "committee_name": ["Union PAC", "Union PAC", "Union PAC", "Charter PAC"],
        "candidate": ["A. Person", "A. Person", "A. Person", "B. Person"],
        "support_oppose": ["support", "support", "support", "oppose"],
        "amount": [1000.0, 250.5, 999.0, 400.0],
        "counts_in_totals": [True, True, False, True],
        "expenditure_date": [dt.date(2024, 2, 1), dt.date(2024, 2, 10), dt.date(2024, 2, 10),
                             dt.date(2024, 2, 5)],
        "source_file": ["f.csv"] * 4, "source_row": [2, 3, 4, 5],
    })
    built = build.outside_money_chart(ie, pd.DataFrame(), RACE)
    assert list(built.chart.data["amount"]) == [1250.5, 400.0]
    assert list(built.chart.data["shown"]) == ["$1,250", "$400"]  # 1,250.5 rounds half to even
    facts = {f.key: f for f in built.facts}
    assert facts["ie_support_a-person_union-pac"].value == 1250.5
    assert facts["ie_support_a-person_union-pac"].rows == ["f.csv:2", "f.csv:3", "f.csv:4"]
    assert facts["ie_oppose_b-person_charter-pac"].value == 400.0
    assert built.meta.as_of == "2024-02-10"
    assert "4 itemized independent-expenditure rows" in built.text


def test_outside_money_without_data_draws_nothing_and_says_why():
    built = build.outside_money_chart(pd.DataFrame(), pd.DataFrame(), RACE)
    assert built.chart is None and built.facts == []
    assert "draws no outside-money chart" in built.text


# ---- 02-timeline ------------------------------------------------------------------------------

def timeline_inputs():
    from helpers.analysis.timeline import event_rows, money_points_from_reported

    money = money_points_from_reported(reported([
        {"figure_id": "f1", "candidate": "A. Person", "amount": 650000.0, "qualifier": "more_than",
         "as_of": "2024-02-23", "as_of_precision": "day"},
        {"figure_id": "f2", "candidate": "A. Person", "amount": 661000.0, "qualifier": "about",
         "as_of": "2024-02-28", "as_of_precision": "approximate"},
    ]))
    events = event_rows(pd.DataFrame({
        "date": pd.to_datetime(["2024-02-22", "2024-03-04"]), "date_precision": ["day", "day"],
        "label": ["Union board suspends campaign for A. Person",
                  "Union board to take up endorsement of A. Person (scheduled)"],
        "status": ["confirmed", "scheduled"], "source_url": [URL, URL], "event_id": ["e1", "e2"],
    }))
    return money, events


def test_timeline_names_lines_and_events_in_words_with_ap_dates():
    money, events = timeline_inputs()
    start, end = pd.Timestamp("2024-02-13"), pd.Timestamp("2024-03-06")
    built = build.timeline_chart(money, events, start, end, "totals as reported", RACE)
    views = layers(built.chart)
    rules = [v for v in views if mark_type(v) == "rule"]
    assert len(rules) == 1 and rules[0]["mark"]["color"] == theme.EVENT_RULE
    assert rules[0]["encoding"]["strokeDash"]["scale"]["domain"] == ["confirmed", "scheduled"]
    halos = [v for v in views if mark_type(v) == "text" and v["mark"].get("stroke")]
    assert halos and all(v["mark"]["stroke"] == theme.HALO for v in halos)
    with_tips = [tooltip_fields(v) for v in views if tooltip_fields(v)]
    assert len(with_tips) == 2  # the event lines and the money lines
    for fields in with_tips:  # each tooltip says its date as words, never a raw time stamp
        assert ("date_text", "Date") in fields and "date" not in dict(fields), fields
    data = built.chart.data
    assert list(data.loc[data["kind"] == "money", "date_text"]) == ["Feb. 23, 2024",
                                                                   "about Feb. 28, 2024"]
    assert "A. Person: about $661,000" in list(data["end_label"])
    assert built.meta.description.startswith(
        "Timeline of Test District from Feb. 13, 2024 to March 6, 2024. Outside spending "
        "(totals as reported): A. Person (reported) more than $650,000 on Feb. 23, 2024; "
        "A. Person (reported) about $661,000 on about Feb. 28, 2024. Events: "
        "1. Feb. 22, 2024 Union board suspends campaign for A. Person (confirmed)")
    assert built.table_columns["date_text"] == "Date"
    assert page_spec(built)["usermeta"]["name"] == "money-and-endorsements-timeline"


def test_timeline_without_money_or_events_says_so():
    empty = timeline_inputs()[0].iloc[0:0]
    built = build.timeline_chart(empty, empty, pd.Timestamp("2024-02-01"),
                                 pd.Timestamp("2024-03-06"), "none", RACE)
    assert built.chart is None and "no timeline to draw" in built.text


# ---- 03-fundraising ---------------------------------------------------------------------------

def money_rows(outside_q="more_than", own_q="exact"):
    return pd.DataFrame([
        {"candidate": "A. Person", "money": "Own campaign", "amount": 31736.0, "qualifier": own_q,
         "as_of": "2024-03-04", "source": URL, "row_id": "own-1", "as_of_precision": "day",
         "as_of_shown": "March 4, 2024"},
        {"candidate": "A. Person", "money": "Outside spending", "amount": 690000.0,
         "qualifier": outside_q, "as_of": "2024-03-04", "source": URL, "row_id": "out-1",
         "as_of_precision": "day", "as_of_shown": "March 4, 2024"},
        {"candidate": "B. Person", "money": "Outside spending", "amount": 5.0, "qualifier": "exact",
         "as_of": "2024-03-04", "source": URL, "row_id": "out-2", "as_of_precision": "day",
         "as_of_shown": "March 4, 2024"},
    ])


def test_own_vs_outside_draws_candidates_with_both_figures_and_their_multiple():
    built = build.own_vs_outside_chart(money_rows(), from_filings=False)
    data = built.chart.data
    assert set(data["candidate"]) == {"A. Person"}
    assert list(data["shown"]) == ["more than $690,000", "$31,736"]  # sorted: outside, own
    bar = layers(built.chart)[0]
    assert bar["encoding"]["color"]["scale"]["range"] == [theme.OWN_CAMPAIGN,
                                                          theme.OUTSIDE_SPENDING]
    (fact,) = built.facts
    assert fact.key == "outside_to_own_ratio_a-person"
    assert fact.value == 21.7 and fact.qualifier == "more_than"  # 690,000 / 31,736 = 21.74
    assert fact.display == "more than 21.7 times"
    assert "**more than 21.7 times**" in built.after and "both figures as of March 4, 2024" in built.after
    assert built.meta.source == "reported-figures ledger"
    assert "A. Person, outside spending: more than $690,000 as of March 4, 2024" in built.meta.description


@pytest.mark.parametrize(("outside", "own", "expected"), [
    ("exact", "exact", "exact"), ("more_than", "exact", "more_than"),
    ("about", "exact", "about"), ("exact", "about", "about"), ("more_than", "about", "about"),
])
def test_the_multiple_is_no_more_certain_than_its_figures(outside, own, expected):
    (fact,) = build.own_vs_outside_chart(money_rows(outside, own), from_filings=False).facts
    assert fact.qualifier == expected


def test_no_comparison_without_both_figures():
    built = build.own_vs_outside_chart(money_rows().iloc[2:], from_filings=False)
    assert built.chart is None and "no comparison to draw" in built.text


def contributions():
    return pd.DataFrame({
        "candidate": ["A. Person", "A. Person", "A. Person", "B. Person"],
        "contributor_name": ["Ann", "Ann", "Bob", "Cy"],
        "contributor_city": ["Los Angeles", "Los Angeles", "Pasadena", "Los Angeles"],
        "amount": [100.0, 50.0, 1000.0, 20.0],
        "counts_in_totals": [True, True, True, False],
        "contribution_date": pd.to_datetime(["2015-01-02", "2015-02-01", "2015-02-03",
                                             "2015-02-04"]),
        "committee_name": ["A for Board"] * 3 + ["B for Board"],
        "period_begin": pd.to_datetime(["2015-01-01"] * 4),
        "period_end": pd.to_datetime(["2015-02-28"] * 4),
        "source_format": ["lacity_contributions"] * 4,
        "source_file": ["c.csv"] * 4, "source_row": [2, 3, 4, 5],
    })


def test_raised_chart_counts_only_counted_gifts():
    built = build.raised_chart(contributions(), pd.DataFrame(), pd.DataFrame())
    assert list(built.chart.data["candidate"]) == ["A. Person"]
    assert list(built.chart.data["shown"]) == ["$1,150.00"]
    (fact,) = built.facts
    assert (fact.key, fact.value, fact.as_of) == ("raised_a-person_filings", 1150.0, "2015-02-03")
    assert fact.rows == ["c.csv:2", "c.csv:3", "c.csv:4"]
    assert built.meta.subtitle.endswith("through Feb. 3, 2015")
    assert built.text.startswith("These figures come from 4 itemized contributions")


def test_raised_chart_without_filings_says_so():
    built = build.raised_chart(pd.DataFrame(), pd.DataFrame(), pd.DataFrame())
    assert built.chart is None and "no chart of what each campaign raised" in built.text


# ---- 04-endorsements --------------------------------------------------------------------------

def test_endorsement_process_says_each_event_with_an_ap_date():
    dated = pd.DataFrame({
        "date": pd.to_datetime(["2024-03-04", "2024-02-22"]), "date_precision": ["day", "day"],
        "endorser": ["Union", "Union"], "acting_body": ["Union House", ""],
        "candidate": ["A. Person"] * 2, "action": ["rescinded", "campaign_suspended"],
        "status": ["confirmed", "scheduled"], "event_id": ["e2", "e1"], "source_url": [URL] * 2,
    })
    built = build.endorsement_process_chart(dated, RACE)
    data = built.chart.data
    assert list(data["event"]) == ["Union: campaign suspended", "Union House: rescinded"]
    assert list(data["date_text"]) == ["Feb. 22, 2024", "March 4, 2024"]
    assert list(data["held"]) == [False, True]
    dots = layers(built.chart)[1]
    assert ("date_text", "Date") in tooltip_fields(dots)
    assert built.meta.description == (
        "Dot chart of endorsement events in Test District: Feb. 22, 2024, Union: campaign "
        "suspended (scheduled); March 4, 2024, Union House: rescinded (confirmed).")
    assert page_spec(built)["description"] == built.meta.description


# ---- 06-donors --------------------------------------------------------------------------------

def test_top_donors_net_refunds_and_say_where_donors_are():
    built = build.top_donors_chart(contributions())
    assert list(built.chart.data["contributor_name"]) == ["Bob", "Ann"]
    assert list(built.chart.data["donor"]) == ["Bob (outside the city)",
                                              "Ann (city of Los Angeles)"]
    assert built.meta.description.startswith("Bar chart of the 2 largest donors: Bob $1,000")


def test_gift_sizes_are_labelled_bars_in_size_order():
    built = build.gift_sizes_chart(contributions())
    data = built.chart.data.set_index("gift_size")
    assert data.loc["Under $100", "gifts"] == 1 and data.loc["$100–499", "gifts"] == 1
    assert data.loc["$1,000–4,999", "shown"] == "1 gift"
    assert [mark_type(v) for v in layers(built.chart)] == ["bar", "text", "text"]


def test_donor_share_in_los_angeles():
    built = build.donor_share_fact(contributions())
    (fact,) = built.facts
    assert fact.key == "donor_share_in_los_angeles"
    assert fact.value == 13.0  # (100 + 50) / 1,150 counted = 13.04%
    assert built.text.startswith("13% of the counted contributions")


def test_builders_without_contributions_draw_nothing():
    for builder in (build.top_donors_chart, build.gift_sizes_chart, build.donor_share_fact):
        built = builder(pd.DataFrame())
        assert built.chart is None and built.facts == []
        assert built.text.startswith("No itemized contributions for this race")


# ---- style comes from the theme only ----------------------------------------------------------

def test_no_colour_is_typed_outside_the_theme():
    hex_colour = re.compile(r"#[0-9a-fA-F]{6}\b")
    places = [ROOT / "src" / "helpers" / "analysis" / "chart_builders.py", ROOT / "src" / "helpers" / "analysis" / "charts.py",
              *sorted((ROOT / "notebooks").glob("0[1-46]-*.py"))]
    for path in places:
        assert not hex_colour.findall(path.read_text(encoding="utf-8")), path.name
    for path in sorted((ROOT / "notebooks").glob("0[1-46]-*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        assert not hex_colour.findall("".join("".join(c["source"]) for c in cells)), path.name


def test_latest_precision_is_the_latest_rows_own_word():
    assert build.latest_precision(["2024-03-06", "2024-10-01"], ["day", "month"]) == "month"
    assert build.latest_precision(["2024-02-28", "2024-02-28"], ["approximate", "day"]) == "day"


def test_the_reported_primary_download_says_october_2024_not_a_day():
    """A figure from an article known only by its month stays 'October 2024' on the chart."""
    race = SimpleNamespace(id="test-race", short_title="Test District",
                           primary_date=dt.date(2024, 3, 5),
                           candidates=[SimpleNamespace(name="A. Person")])
    figures = pd.DataFrame({
        "race_id": ["test-race"], "metric": ["vote_share"], "candidate": ["A. Person"],
        "amount": [20.0], "qualifier": ["about"], "count_stage": ["final"],
        "as_of": pd.to_datetime(["2024-10-01"]), "as_of_precision": ["month"],
        "source_publisher": ["Test Voice"], "figure_id": ["f1"]})
    piece = build.primary_as_reported_chart(figures, race)
    assert piece.meta.source_line.endswith("Data as of October 2024.")
