"""Helpers for the source-loader tests: a real HTTP server on 127.0.0.1 and a fake key.

The server answers from a table of routes: a path and, optionally, query
values it must match, each with a list of answers given in turn (the last one
repeats). It records every request, so tests can check what was asked.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from cases import SHARED_DATA

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FAKE_KEY = "FAKEKEY-5d41402abc4b2a76b9719d911017c592"
SHARED_CENSUS = SHARED_DATA / "census-api-2013-2024"


@dataclass
class Reply:
    """One answer: status, body, headers, and a delay before answering (for timeouts)."""

    status: int = 200
    body: bytes | str = b""
    headers: dict = field(default_factory=lambda: {"Content-Type": "application/json;charset=utf-8"})
    delay: float = 0.0


@dataclass
class Route:
    path: str
    replies: list
    match: dict
    served: int = 0


class FixtureServer:
    """A threaded HTTP server whose answers the test sets."""

    def __init__(self) -> None:
        self.routes: list[Route] = []
        self.requests: list[dict] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's name
                parts = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
                server.requests.append({"path": parts.path, "query": query, "headers": dict(self.headers)})
                route = server.find(parts.path, query)
                if route is None:
                    reply = Reply(404, b"no fixture for this request", {"Content-Type": "text/plain"})
                else:
                    reply = route.replies[min(route.served, len(route.replies) - 1)]
                    route.served += 1
                if reply.delay:
                    time.sleep(reply.delay)
                body = reply.body.encode() if isinstance(reply.body, str) else reply.body
                try:
                    self.send_response(reply.status)
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):  # keep test output clean
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def find(self, path: str, query: dict) -> Route | None:
        for route in self.routes:
            if route.path == path and all(query.get(k) == v for k, v in route.match.items()):
                return route
        return None

    def add(self, path: str, *replies: Reply, **match) -> Route:
        """Answer GET ``path`` (with these query values) with ``replies`` in turn."""
        route = Route(path, list(replies), match)
        self.routes.append(route)
        return route

    def add_file(self, path: str, fixture: str, **match) -> Route:
        return self.add(path, Reply(body=(FIXTURES / fixture).read_bytes()), **match)


def files_containing(folder: Path, text: str) -> list[Path]:
    """Every file under ``folder`` whose bytes contain ``text``."""
    return [p for p in Path(folder).rglob("*") if p.is_file() and text.encode() in p.read_bytes()]
