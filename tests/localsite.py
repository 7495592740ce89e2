"""A small web site on 127.0.0.1 for the fetcher's tests and benchmark: routes of plain
functions, and a log of every request the server saw (path, time, headers)."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable

Route = Callable[["Handler"], tuple[int, dict, bytes]]


class Handler(BaseHTTPRequestHandler):
    site: "Site"

    def do_GET(self) -> None:  # noqa: N802 (the http.server API)
        site = self.server.site  # type: ignore[attr-defined]
        path = self.path.split("?")[0]
        with site.lock:
            site.requests.append((path, time.monotonic(), dict(self.headers)))
            site.counts[path] = site.counts.get(path, 0) + 1
        route = site.routes.get(path)
        status, headers, body = route(self) if route else (404, {"Content-Type": "text/plain"}, b"not found")
        try:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            if "Content-Length" not in headers and body is not None:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if body:
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a size cap, a timeout)

    def log_message(self, *args) -> None:  # quiet
        pass


class Site:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, float, dict]] = []
        self.counts: dict[str, int] = {}
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.site = self  # type: ignore[attr-defined]
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def page(self, path: str, body: bytes | str, content_type: str = "text/html; charset=utf-8",
             **headers: str) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = lambda _: (200, {"Content-Type": content_type, **headers}, data)

    def times(self, prefix: str = "/") -> list[float]:
        return [t for p, t, _ in self.requests if p.startswith(prefix) and p != "/robots.txt"]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
