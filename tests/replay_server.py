"""A loopback (127.0.0.1) stand-in for the Registrar's results API, for tests and benchmarks.

``GET /ElectionResults/GetElectionData?electionID=<id>`` answers with the definitions given for
that id (so a test can hand back another election's definitions); ``GetCounterData`` replays
the drops given for that id in order: each request gets the next one and the last one repeats,
the way the real endpoint keeps answering with its newest drop. A :class:`Response` can be cut
short: it announces the whole body's Content-Length and closes after half of it.
"""

from __future__ import annotations

import threading
import urllib.parse
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Response:
    body: bytes
    status: int = 200
    cut_short: bool = False


def _as_response(item) -> Response:
    return item if isinstance(item, Response) else Response(item)


class ReplayServer:
    def __init__(self, definitions: dict[int, bytes], drops: dict[int, list]):
        self.definitions = {int(k): _as_response(v) for k, v in definitions.items()}
        self.drops = {int(k): [_as_response(d) for d in v] for k, v in drops.items()}
        self.position = {k: 0 for k in self.drops}
        self.requests: list[str] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output clean
                pass

            def do_GET(self):  # noqa: N802 (http.server's name)
                parts = urllib.parse.urlsplit(self.path)
                query = urllib.parse.parse_qs(parts.query)
                server.requests.append(self.path)
                try:
                    election = int(query.get("electionID", [""])[0])
                except ValueError:
                    return self._send(Response(b"bad electionID", 400))
                if parts.path.endswith("/GetElectionData"):
                    resp = server.definitions.get(election)
                elif parts.path.endswith("/GetCounterData"):
                    resp = server.next_drop(election)
                else:
                    resp = None
                self._send(resp or Response(b"not found", 404))

            def _send(self, resp: Response):
                self.send_response(resp.status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(resp.body)))
                self.end_headers()
                body = resp.body[: len(resp.body) // 2] if resp.cut_short else resp.body
                self.wfile.write(body)
                if resp.cut_short:
                    self.close_connection = True

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def next_drop(self, election: int) -> Response | None:
        with self._lock:
            drops = self.drops.get(election)
            if not drops:
                return None
            i = self.position[election]
            self.position[election] = min(i + 1, len(drops) - 1)
            return drops[i]

    def set_drops(self, election: int, drops: list) -> None:
        """Replace what GetCounterData replays for an election (benchmarks: the next drop)."""
        with self._lock:
            self.drops[election] = [_as_response(d) for d in drops]
            self.position[election] = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def __enter__(self) -> ReplayServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
