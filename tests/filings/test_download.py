"""The real download code against a local HTTP server on 127.0.0.1 (never the internet)."""

from __future__ import annotations

import csv
import hashlib
import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from helpers.data.filings import manifest
from helpers.data.filings.cli import main
from helpers.data.filings.download import FetchError, build_where, fetch_socrata

HEADER = ["con_date", "con_name", "con_amount", "cmt_id"]
ROWS = [
    [f"2024-01-{i:02d}T00:00:00.000", f"SYNTHETIC DONOR {i}", f"{i}.00", "TEST-0001"]
    for i in range(1, 6)
]


class FakeSocrata(BaseHTTPRequestHandler):
    """Serves ROWS as a Socrata CSV endpoint with $limit/$offset paging."""

    requests: list[dict] = []
    fail_on_page: int | None = None

    def do_GET(self):  # noqa: N802 (http.server API)
        url = urlparse(self.path)
        q = {k: v[0] for k, v in parse_qs(url.query).items()}
        FakeSocrata.requests.append({"path": url.path, "query": q, "headers": dict(self.headers)})
        limit, offset = int(q["$limit"]), int(q["$offset"])
        if FakeSocrata.fail_on_page is not None and offset // limit + 1 == FakeSocrata.fail_on_page:
            self.send_response(503)
            self.end_headers()
            return
        buf = io.StringIO()
        w = csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\n")
        w.writerow(HEADER)
        w.writerows(ROWS[offset : offset + limit])
        body = buf.getvalue().encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/csv")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    FakeSocrata.requests = []
    FakeSocrata.fail_on_page = None
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), FakeSocrata)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _read(path: Path) -> list[list[str]]:
    with open(path, newline="") as fh:
        return list(csv.reader(fh))


def test_paged_download_writes_all_rows_and_a_manifest_row(server, tmp_path, monkeypatch):
    monkeypatch.setenv("SOCRATA_APP_TOKEN", "test-token-not-secret")
    row = fetch_socrata("m6g2-gc6c", tmp_path, base_url=server, where="cmt_id = 'TEST-0001'",
                        page_size=2, name="snap")  # fmt: skip
    target = tmp_path / "socrata" / "m6g2-gc6c" / "snap.csv"
    assert _read(target) == [HEADER, *ROWS]
    # 5 rows in pages of 2: offsets 0, 2, 4 (the short third page ends the loop).
    assert [r["query"]["$offset"] for r in FakeSocrata.requests] == ["0", "2", "4"]
    first = FakeSocrata.requests[0]
    assert first["path"] == "/resource/m6g2-gc6c.csv"
    assert first["query"]["$where"] == "cmt_id = 'TEST-0001'"
    assert first["query"]["$order"] == ":id"
    assert first["headers"]["X-App-Token"] == "test-token-not-secret"
    data = target.read_bytes()
    assert (row.rows, row.bytes, row.sha256) == (5, len(data), hashlib.sha256(data).hexdigest())
    recorded = manifest.read(tmp_path / "manifest.csv")
    assert len(recorded) == 1 and recorded[0]["file"] == "socrata/m6g2-gc6c/snap.csv"
    assert recorded[0]["sha256"] == row.sha256 and recorded[0]["rows"] == "5"
    assert recorded[0]["fetched_at_utc"].endswith("Z")


def test_no_token_header_without_the_environment_variable(server, tmp_path, monkeypatch):
    monkeypatch.delenv("SOCRATA_APP_TOKEN", raising=False)
    fetch_socrata("m6g2-gc6c", tmp_path, base_url=server, page_size=10)
    assert "X-App-Token" not in FakeSocrata.requests[0]["headers"]
    assert len(FakeSocrata.requests) == 1


def test_failure_mid_download_keeps_previous_snapshot(server, tmp_path):
    fetch_socrata("m6g2-gc6c", tmp_path, base_url=server, page_size=2, name="snap")
    target = tmp_path / "socrata" / "m6g2-gc6c" / "snap.csv"
    before = target.read_bytes()
    manifest_before = (tmp_path / "manifest.csv").read_text()
    FakeSocrata.fail_on_page = 2
    with pytest.raises(FetchError, match="previous snapshot socrata/m6g2-gc6c/snap.csv"):
        fetch_socrata("m6g2-gc6c", tmp_path, base_url=server, page_size=2, name="snap")
    assert target.read_bytes() == before
    assert (tmp_path / "manifest.csv").read_text() == manifest_before
    assert not [p for p in target.parent.iterdir() if p.name != "snap.csv"]  # no temp left


def test_unreachable_server_says_no_snapshot(tmp_path):
    with pytest.raises(FetchError, match="no previous snapshot"):
        fetch_socrata("m6g2-gc6c", tmp_path, base_url="http://127.0.0.1:9", timeout=2)


def test_where_combines_election_and_office_filters():
    where = build_where("m6g2-gc6c", "2024-03-05", "SYNTHETIC O'Seat", "con_amount > 0")
    assert where == (
        "election_date = '2024-03-05T00:00:00.000' AND seat_desc = 'SYNTHETIC O''Seat'"
        " AND (con_amount > 0)"
    )
    with pytest.raises(ValueError):
        build_where("5mrt-4zhe", "2024-03-05", None, None)


def test_fetch_cli(server, tmp_path, capsys):
    rc = main(["fetch", "--dataset", "m6g2-gc6c", "--out", str(tmp_path), "--base-url", server,
               "--election-date", "2024-03-05", "--page-size", "3"])  # fmt: skip
    assert rc == 0
    assert "fetched 5 rows" in capsys.readouterr().out
    assert FakeSocrata.requests[0]["query"]["$where"] == (
        "election_date = '2024-03-05T00:00:00.000'"
    )
