"""ethics.lacity.gov parsers and downloads, against a local HTTP server on 127.0.0.1.

TEST DATA: every page and JSON answer below is made up by this test in the shape the research
notes (../shared/research/data-sources.md) describe; no name, id or figure is real. Expected values
are the numbers the fixtures are written from, never the parser's output.
"""

from __future__ import annotations

import hashlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pandas as pd
import pytest

from helpers.data.filings.cli import main
from helpers.data.filings.download import FetchError
from helpers.data.filings.lacity_ethics import (
    METRICS,
    fetch_election,
    fetch_elections_index,
    parse_election_totals,
    parse_elections_index,
    parse_independent_expenditures,
)
from helpers.data.filings.lacity_ethics_reconcile import load_election, reconcile_outside_money
from helpers.data.filings.snapshots import read_manifest
from helpers.errors import DataError

ELECTION = "9001"
OFFICE_A = "SYNTHETIC BOARD OF EDUCATION DISTRICT 1"
OFFICE_B = "SYNTHETIC CITY COUNCIL DISTRICT 99"
# (person id, elec_seat_cand_id, name, committee id, committee name, reported through, totals)
ALPHA = ("601", "7001", "SYNTHETIC ALPHA", "9990001", "SYNTHETIC ALPHA FOR BOARD 2024", "2/17/2024",
         [120500.25, 98000.00, 22500.25, 0.00, 1250000.00, 310400.50, 5000.00, 0.00])  # fmt: skip
BETA = ("602", "7002", "SYNTHETIC BETA", "9990002", "SYNTHETIC BETA & FRIENDS", "2/17/2024",
        [4100.00, 3900.10, 199.90, 0.00, 0.00, 45000.00, 0.00, 1200.00])  # fmt: skip
GAMMA = ("603", "7003", "SYNTHETIC GAMMA", "9990003", "SYNTHETIC GAMMA 2024", "",
         [0.00, 0.00, 0.00, 0.00, 0.00, 0.00, 0.00, 0.00])  # fmt: skip


def money_text(value: float) -> str:
    return f"${value:,.2f}"


def modern_candidate(cand, cells: list[str] | None = None) -> str:
    person, seat_cand, name, cmt_id, cmt_name, through, totals = cand
    cells = cells if cells is not None else [money_text(v) for v in totals]
    metric = "".join(
        '<td align="right"><table><tr><td>prior</td></tr>'
        f'<tr><td style="border-top: 1px solid #000">{c}</td></tr></table></td>'
        for c in cells
    )
    return (
        f'<tr><td><a name="C{person}"></a><a class="candidatelink" '
        f'href="/candidate/?cmt_per_id=5{person}&amp;elec_seat_cand_id={seat_cand}">'
        f"<strong>{name.replace('&', '&amp;')}</strong></a></td>"
        f'<td align="right">{through}</td>{metric}</tr>'
        f'<tr class="C{person}_detail collapse"><td colspan="10">{cmt_id} - '
        f"{cmt_name.replace('&', '&amp;')}</td></tr>"
        # A detail row with its own border-top cell: a breakdown, not one of the eight totals.
        f'<tr class="C{person}_detail collapse"><td style="border-top:1px">$999.99</td></tr>'
    )


def section(seat: str, office: str, rows: str) -> str:
    return f'<a name="S{seat}"></a><h4><strong>{office}:</strong></h4><table>{rows}</table>'


def totals_page(alpha_cells: list[str] | None = None) -> str:
    body = section("501", OFFICE_A, modern_candidate(ALPHA, alpha_cells) + modern_candidate(BETA))
    body += section("502", OFFICE_B, modern_candidate(GAMMA))
    return f"<html><body><div class='tab-pane'>{body}</div></body></html>"


def legacy_page() -> str:
    """Older layout: nine right-aligned cells (date + eight totals), matching funds ACCEPTED."""
    cells = ["3/1/2013", "$10,000.00", "$9,000.00", "$1,000.00", "ACCEPTED", "$2,500.00",
             "$0.00", "$0.00", "$0.00"]  # fmt: skip
    tds = "".join(f'<td align="right">{c}</td>' for c in cells)
    row = (
        '<tr><td><a name="C700"></a><span class="candidatelink"><strong>SYNTHETIC OLDTIMER'
        '</strong></span> <a href="/x?elec_seat_cand_id=8800">details</a><br>'
        f"9990077 - SYNTHETIC OLDTIMER 2013</td>{tds}</tr>"
    )
    return f"<html><body>{section('900', 'SYNTHETIC CONTROLLER', row)}</body></html>"


def ie_record(ie_id, spender, side, amount, doc="555001", first="ALPHA", last="SYNTHETIC"):
    return {"ie_id": ie_id, "filer_name": spender.split(" (")[0], "ind_spender": spender,
            "cand_fname": first, "cand_lname": last, "ofc_desc": OFFICE_A,
            "support_oppose": side, "ie_amt_xl": amount, "form496_document_id": doc}  # fmt: skip


# Supporting Alpha: a JSON number and a money text; they add up to Alpha's official support.
ALPHA_S = [
    ie_record(80001, "SYNTHETIC PARENTS PAC (9990101)<br>Los Angeles", "Supporting ", 1000000.00),
    ie_record(
        "80002",
        "SYNTHETIC TEACHERS &amp; CO (9990102)<br>Van Nuys",
        "Supporting ",
        "$250,000.00",
        doc="555002",
    ),  # fmt: skip
]
# Opposing Alpha: itemized 300,400.50 of the official 310,400.50.
ALPHA_O = [ie_record(80003, "SYNTHETIC TAXPAYERS [9990103]<br>Burbank", "Opposing", 300400.50)]
BETA_O = [ie_record(80004, "SYNTHETIC NEIGHBORS (9990104)<br>", "Opposing", 45000, first="BETA")]


def ie_json(records) -> bytes:
    return json.dumps({"data": records}).encode()


class FakeEthics(BaseHTTPRequestHandler):
    """The three endpoints, served from class attributes that each test may change."""

    requests: list[tuple[str, dict]] = []
    totals: bytes = b""
    ies: dict[tuple[str, str], bytes] = {}
    fail: set[tuple[str, str]] = set()

    def do_GET(self):  # noqa: N802 (http.server API)
        url = urlparse(self.path)
        q = {k: v[0] for k, v in parse_qs(url.query).items()}
        FakeEthics.requests.append((url.path, q))
        if url.path == "/elections/":
            body = INDEX_PAGE.encode()
        elif url.path == "/cfcs/Display/DisplayPanels.cfc":
            body = FakeEthics.totals
        elif url.path == "/dataresults":
            key = (q["elec_seat_cand_id"], q["support_oppose_flg"])
            if key in FakeEthics.fail:
                self.send_response(503)
                self.end_headers()
                return
            body = FakeEthics.ies.get(key, ie_json([]))
        else:
            self.send_response(404)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


INDEX_PAGE = """<html><body><form><select name="election_id" id="e">
<option value="">Select an election</option>
<option value="9001">SYNTHETIC 2024 Primary &amp; Special Election (3/5/2024)</option>
<option value="9002" selected>SYNTHETIC 2013 General</option>
</select></form></body></html>"""


@pytest.fixture
def server():
    FakeEthics.requests = []
    FakeEthics.totals = totals_page().encode()
    FakeEthics.ies = {("7001", "S"): ie_json(ALPHA_S), ("7001", "O"): ie_json(ALPHA_O),
                      ("7002", "O"): ie_json(BETA_O)}  # fmt: skip
    FakeEthics.fail = set()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), FakeEthics)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


# ---- parsers ----------------------------------------------------------------------------------


def test_elections_index_lists_options_without_the_placeholder():
    assert parse_elections_index(INDEX_PAGE, "elections.html") == [
        ("9001", "SYNTHETIC 2024 Primary & Special Election (3/5/2024)"),
        ("9002", "SYNTHETIC 2013 General"),
    ]


def test_elections_index_without_the_select_is_an_error():
    with pytest.raises(DataError) as exc:
        parse_elections_index("<html><body><p>maintenance</p></body></html>", "elections.html")
    assert (exc.value.file, exc.value.column) == ("elections.html", "election_id")


def test_totals_page_one_row_per_candidate_with_the_eight_totals():
    t = parse_election_totals(totals_page(), "9001/totals.html", ELECTION, "http://x/totals")
    assert list(t["candidate"]) == ["SYNTHETIC ALPHA", "SYNTHETIC BETA", "SYNTHETIC GAMMA"]
    assert list(t["office"]) == [OFFICE_A, OFFICE_A, OFFICE_B]
    assert list(t["seat_id"]) == ["501", "501", "502"]
    assert list(t["elec_seat_cand_id"]) == ["7001", "7002", "7003"]
    assert list(t["committee_fppc_id"]) == ["9990001", "9990002", "9990003"]
    assert t.loc[1, "committee_name"] == "SYNTHETIC BETA & FRIENDS"
    assert list(t["source_row"]) == [1, 2, 3]
    assert set(t["source_url"]) == {"http://x/totals"}
    for i, cand in enumerate((ALPHA, BETA, GAMMA)):
        # The detail row's $999.99 border-top cell is not one of the totals.
        assert [t.loc[i, m] for m in METRICS] == cand[6]
    assert t.loc[0, "reported_through"] == pd.Timestamp(2024, 2, 17)
    assert pd.isna(t.loc[2, "reported_through"])  # empty cell: not yet reported, not an error
    assert set(t["matching_funds_status"]) == {""}


def test_legacy_layout_keeps_accepted_as_a_status_not_an_amount():
    t = parse_election_totals(legacy_page(), "9002/totals.html", "9002")
    assert len(t) == 1
    row = t.iloc[0]
    assert row["matching_funds_status"] == "ACCEPTED"
    assert pd.isna(row["matching_funds"])
    assert (row["contributions"], row["cash_on_hand"], row["outside_support"]) == (
        10000.0, 1000.0, 2500.0,
    )  # fmt: skip
    assert (row["committee_fppc_id"], row["committee_name"]) == (
        "9990077", "SYNTHETIC OLDTIMER 2013",
    )  # fmt: skip
    assert row["reported_through"] == pd.Timestamp(2013, 3, 1)
    assert (row["office"], row["elec_seat_cand_id"]) == ("SYNTHETIC CONTROLLER", "8800")


def test_unreadable_total_names_file_candidate_and_column():
    cells = [money_text(v) for v in ALPHA[6]]
    cells[METRICS.index("outside_oppose")] = "$1,23.40"  # bad thousands grouping
    with pytest.raises(DataError) as exc:
        parse_election_totals(totals_page(cells), "9001/totals.html", ELECTION)
    err = exc.value
    assert (err.file, err.row, err.column) == ("9001/totals.html", 1, "outside_oppose")
    assert "SYNTHETIC ALPHA" in str(err) and OFFICE_A in str(err)


@pytest.mark.parametrize(
    ("cells", "column"),
    [
        (["$1.00"] * 7, "totals"),  # a total cell went missing
        ([""] + ["$1.00"] * 7, "contributions"),  # empty is unknown, never zero
        (["$1.00"] * 3 + ["ACCEPTED?"] + ["$1.00"] * 4, "matching_funds"),
    ],
)
def test_malformed_totals_rows_are_errors(cells, column):
    with pytest.raises(DataError) as exc:
        parse_election_totals(totals_page(cells), "t.html", ELECTION)
    assert (exc.value.row, exc.value.column) == (1, column)


@pytest.mark.parametrize("date", ["2/30/2024", "45339", "Feb. 17"])
def test_unreadable_reported_through_date_is_an_error(date):
    page = totals_page().replace("2/17/2024", date, 1)
    with pytest.raises(DataError) as exc:
        parse_election_totals(page, "t.html", ELECTION)
    assert (exc.value.row, exc.value.column) == (1, "reported_through")


def test_candidate_without_elec_seat_cand_id_is_an_error():
    page = totals_page().replace("elec_seat_cand_id=7002", "cand=7002")
    with pytest.raises(DataError) as exc:
        parse_election_totals(page, "t.html", ELECTION)
    assert (exc.value.row, exc.value.column) == (2, "elec_seat_cand_id")


def test_page_without_candidates_is_an_error_not_an_empty_table():
    with pytest.raises(DataError, match="page layout"):
        parse_election_totals("<html><body><h4>Offline</h4></body></html>", "t.html", ELECTION)


def test_independent_expenditures_rows():
    ie = parse_independent_expenditures(ie_json(ALPHA_S + ALPHA_O), "ie.json", "7001", "http://u")
    assert list(ie["ie_id"]) == ["80001", "80002", "80003"]
    # "Supporting " (trailing space) and "Opposing" as the site writes them.
    assert list(ie["support_oppose"]) == ["support", "support", "oppose"]
    assert list(ie["amount"]) == [1000000.00, 250000.00, 300400.50]  # number, money text, number
    assert list(ie["spender_name"]) == [
        "SYNTHETIC PARENTS PAC", "SYNTHETIC TEACHERS & CO", "SYNTHETIC TAXPAYERS",
    ]  # fmt: skip
    assert list(ie["spender_fppc_id"]) == ["9990101", "9990102", "9990103"]
    assert list(ie["spender_city"]) == ["Los Angeles", "Van Nuys", "Burbank"]
    assert set(ie["candidate"]) == {"SYNTHETIC, ALPHA"}
    assert ie.loc[1, "document_url"] == "https://ethics.lacity.gov/viewdoc/555002"
    assert set(ie["elec_seat_cand_id"]) == {"7001"} and set(ie["source_url"]) == {"http://u"}
    assert list(ie["source_row"]) == [1, 2, 3]


def test_empty_answer_is_an_empty_table_with_the_columns():
    ie = parse_independent_expenditures(b'{"data": []}', "ie.json", "7003")
    assert ie.empty and "amount" in ie.columns


@pytest.mark.parametrize(
    ("change", "row", "column"),
    [
        ({"ie_amt_xl": "$1,2345.00"}, 2, "ie_amt_xl"),  # bad grouping in a money text
        ({"ie_amt_xl": 12.345}, 2, "ie_amt_xl"),  # fractions of a cent
        ({"ie_amt_xl": None}, 2, "ie_amt_xl"),
        ({"support_oppose": "Both"}, 2, "support_oppose"),
        ({"form496_document_id": "../etc"}, 2, "form496_document_id"),
        ({"ie_id": ""}, 2, "ie_id"),
    ],
)
def test_unreadable_expenditure_names_row_and_column(change, row, column):
    records = [dict(r) for r in ALPHA_S]
    records[1].update(change)
    with pytest.raises(DataError) as exc:
        parse_independent_expenditures(ie_json(records), "9001/ie_7001_S.json", "7001")
    assert (exc.value.file, exc.value.row, exc.value.column) == ("9001/ie_7001_S.json", row, column)


def test_missing_field_is_named():
    record = dict(ALPHA_S[0])
    del record["ie_amt_xl"]
    with pytest.raises(DataError) as exc:
        parse_independent_expenditures(ie_json([record]), "ie.json", "7001")
    assert (exc.value.row, exc.value.column) == (1, "ie_amt_xl")


@pytest.mark.parametrize("body", [ie_json(ALPHA_S)[:-7], b"", b"<html>Error</html>", b"[1, 2]"])
def test_truncated_or_invalid_json_is_an_error(body):
    with pytest.raises(DataError) as exc:
        parse_independent_expenditures(body, "9001/ie_7001_S.json", "7001")
    assert exc.value.file == "9001/ie_7001_S.json"


# ---- downloads --------------------------------------------------------------------------------


def _tree(folder) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_fetch_election_saves_totals_and_each_candidates_ies(server, tmp_path):
    saved = fetch_election(ELECTION, tmp_path, base_url=server)
    expected_files = ["9001/totals.html"] + [
        f"9001/ie_{c}_{s}.json" for c in ("7001", "7002", "7003") for s in ("S", "O")
    ]
    assert [s.file for s in saved] == expected_files
    assert {s.status for s in saved} == {"new"}
    assert (tmp_path / "9001/totals.html").read_bytes() == FakeEthics.totals
    assert (tmp_path / "9001/ie_7001_O.json").read_bytes() == ie_json(ALPHA_O)
    totals_q = next(q for p, q in FakeEthics.requests if p == "/cfcs/Display/DisplayPanels.cfc")
    assert totals_q == {"method": "ElectionTotalsResults", "useBS4Tabs": "yes",
                        "showdates": "yes", "election_id": "9001"}  # fmt: skip
    ie_q = [q for p, q in FakeEthics.requests if p == "/dataresults"]
    assert {(q["elec_seat_cand_id"], q["support_oppose_flg"]) for q in ie_q} == {
        (c, s) for c in ("7001", "7002", "7003") for s in ("S", "O")
    }
    assert {(q["dtQuery"], q["search_type_id"], q["mc_flg"], q["layout"]) for q in ie_q} == {
        ("cmpIndExpenditureSearch", "14", "0", "compact")
    }
    rows = {r["file"]: r for r in read_manifest(tmp_path)}
    assert sorted(rows) == sorted(expected_files)
    data = FakeEthics.totals
    assert rows["9001/totals.html"]["sha256"] == hashlib.sha256(data).hexdigest()
    assert rows["9001/totals.html"]["bytes"] == str(len(data))
    assert rows["9001/totals.html"]["url"].startswith(server + "/cfcs/Display/DisplayPanels.cfc?")
    assert rows["9001/totals.html"]["fetched_at_utc"].endswith("Z")


def test_changed_content_keeps_the_earlier_version(server, tmp_path):
    fetch_election(ELECTION, tmp_path, base_url=server)
    first = FakeEthics.totals
    first_row = {r["file"]: r for r in read_manifest(tmp_path)}["9001/totals.html"]
    FakeEthics.totals = totals_page().replace("2/17/2024", "2/24/2024").encode()
    saved = {s.file: s for s in fetch_election(ELECTION, tmp_path, base_url=server)}
    assert saved["9001/totals.html"].status == "changed"
    assert saved["9001/ie_7001_S.json"].status == "unchanged"
    archived = saved["9001/totals.html"].archived
    assert archived.startswith("9001/history/totals.") and archived.endswith(".html")
    assert (tmp_path / archived).read_bytes() == first
    assert (tmp_path / "9001/totals.html").read_bytes() == FakeEthics.totals
    rows = {r["file"]: r for r in read_manifest(tmp_path)}
    assert rows[archived]["sha256"] == hashlib.sha256(first).hexdigest()
    assert rows[archived]["fetched_at_utc"] == first_row["fetched_at_utc"]
    assert rows["9001/totals.html"]["sha256"] == hashlib.sha256(FakeEthics.totals).hexdigest()


def test_network_failure_leaves_the_earlier_snapshot_untouched(server, tmp_path):
    fetch_election(ELECTION, tmp_path, base_url=server)
    before = _tree(tmp_path)
    FakeEthics.totals = totals_page().replace("2/17/2024", "2/24/2024").encode()
    FakeEthics.fail = {("7002", "O")}
    with pytest.raises(FetchError) as exc:
        fetch_election(ELECTION, tmp_path, base_url=server)
    message = str(exc.value)
    assert "network failure" in message and "503" in message
    assert "previous snapshot 9001/totals.html (fetched " in message
    assert _tree(tmp_path) == before  # new totals not saved either: no mixed snapshot


def test_truncated_json_answer_is_refused_and_nothing_saved(server, tmp_path):
    fetch_election(ELECTION, tmp_path, base_url=server)
    before = _tree(tmp_path)
    FakeEthics.ies[("7001", "S")] = ie_json(ALPHA_S)[:-10]
    with pytest.raises(FetchError, match="not usable .*ie_7001_S.json.*not valid JSON"):
        fetch_election(ELECTION, tmp_path, base_url=server)
    assert _tree(tmp_path) == before


def test_unreachable_server_says_no_snapshot(tmp_path):
    with pytest.raises(FetchError, match="no previous snapshot exists"):
        fetch_election(ELECTION, tmp_path, base_url="http://127.0.0.1:9", timeout=2)
    assert not any(tmp_path.iterdir())


def test_elections_index_download(server, tmp_path):
    snap = fetch_elections_index(tmp_path, base_url=server)
    assert snap.file == "elections.html"
    assert (tmp_path / "elections.html").read_bytes() == INDEX_PAGE.encode()


def test_saved_election_reconciles_official_outside_money(server, tmp_path):
    fetch_election(ELECTION, tmp_path, base_url=server)
    election = load_election(tmp_path, ELECTION)
    assert len(election.independent_expenditures) == 4 and election.missing_ie_files == []
    rec = reconcile_outside_money(election).set_index(["elec_seat_cand_id", "side"])
    # Alpha's support: 1,000,000.00 + 250,000.00 itemized = the official 1,250,000.00.
    assert rec.loc[("7001", "support"), "official"] == 1250000.00
    assert rec.loc[("7001", "support"), "itemized"] == 1000000.00 + 250000.00
    assert rec.loc[("7001", "support"), "difference"] == 0
    # Alpha's opposition: official 310,400.50, itemized 300,400.50.
    assert rec.loc[("7001", "oppose"), "difference"] == pytest.approx(310400.50 - 300400.50)
    assert rec.loc[("7002", "oppose"), "itemized_rows"] == 1
    assert rec.loc[("7002", "oppose"), "difference"] == 0
    (tmp_path / "9001/ie_7003_O.json").unlink()
    missing = reconcile_outside_money(load_election(tmp_path, ELECTION))
    gamma = missing.set_index(["elec_seat_cand_id", "side"]).loc[("7003", "oppose")]
    assert pd.isna(gamma["itemized"])  # a file not saved is unknown, not zero


def test_cli_ethics_fetch(server, tmp_path, capsys):
    rc = main(["ethics-fetch", "--election-id", ELECTION, "--index", "--raw", str(tmp_path),
               "--base-url", server])  # fmt: skip
    out = capsys.readouterr().out
    assert rc == 0
    assert "new       elections.html" in out and "9001/ie_7003_O.json" in out
    rc = main(["ethics-fetch", "--election-id", ELECTION, "--raw", str(tmp_path),
               "--base-url", "http://127.0.0.1:9"])  # fmt: skip
    assert rc == 1
    assert "left intact" in capsys.readouterr().err
