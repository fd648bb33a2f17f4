"""A real HTTP proxy on loopback between the kiosk's client and the platform
simulator, that forwards every request and can answer wrongly: rewrite the body
of an answer (a broken gateway, a faulty platform release) or trickle it out a
byte at a time (a half-dead link). Bytes on a socket, no mocks (issue 17)."""

from __future__ import annotations

import http.client
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

_HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "host"}


@dataclass(frozen=True)
class Rewrite:
    """Answer ``body`` with ``status`` instead of what the platform said."""

    method: str
    path: str  # a regular expression matched against the whole request path
    status: int
    body: bytes


@dataclass(frozen=True)
class Trickle:
    """Pass the platform's answer on, one byte per ``interval_s``; with
    ``headers_too`` the status line and headers trickle as well."""

    method: str
    path: str
    interval_s: float = 1.0
    headers_too: bool = False


Rule = Rewrite | Trickle


class WireProxy:
    def __init__(self, upstream: str) -> None:
        parts = urlsplit(upstream)
        self.upstream = (parts.hostname or "127.0.0.1", parts.port or 80)
        self.rules: list[Rule] = []
        self.seen: list[str] = []  # "METHOD /path -> what the proxy did"
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def _relay(self) -> None:
                proxy.handle(self)

            do_GET = do_POST = do_PUT = do_DELETE = _relay

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> WireProxy:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _rule(self, method: str, path: str) -> Rule | None:
        for rule in self.rules:
            if rule.method == method and re.fullmatch(rule.path, path.split("?")[0]):
                return rule
        return None

    def handle(self, h: BaseHTTPRequestHandler) -> None:
        length = int(h.headers.get("Content-Length") or 0)
        request_body = h.rfile.read(length) if length else b""
        upstream = http.client.HTTPConnection(*self.upstream, timeout=30)
        try:
            headers = {k: v for k, v in h.headers.items() if k.lower() not in _HOP_BY_HOP}
            upstream.request(h.command, h.path, body=request_body or None, headers=headers)
            answer = upstream.getresponse()
            status, reason, body = answer.status, answer.reason, answer.read()
            answer_headers = [
                (k, v) for k, v in answer.getheaders() if k.lower() not in _HOP_BY_HOP
            ]
        finally:
            upstream.close()
        rule = self._rule(h.command, h.path)
        if isinstance(rule, Rewrite):
            status, reason, body = rule.status, "Rewritten", rule.body
            answer_headers = [("Content-Type", "application/json")]
        self.seen.append(f"{h.command} {h.path} -> {type(rule).__name__ if rule else 'pass'}")
        head = f"HTTP/1.1 {status} {reason}\r\n" + "".join(
            f"{k}: {v}\r\n" for k, v in answer_headers
        )
        head += f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
        h.close_connection = True
        try:
            if isinstance(rule, Trickle):
                self._trickle(h, head.encode("latin-1"), body, rule)
            else:
                h.wfile.write(head.encode("latin-1") + body)
        except OSError:
            pass  # the client gave up (its deadline): that is the point

    @staticmethod
    def _trickle(h: BaseHTTPRequestHandler, head: bytes, body: bytes, rule: Trickle) -> None:
        if not rule.headers_too:
            h.wfile.write(head)
            head = b""
        for i in range(len(head + body)):
            h.wfile.write((head + body)[i : i + 1])
            h.wfile.flush()
            time.sleep(rule.interval_s)


@contextmanager
def wire_proxy(upstream: str) -> Iterator[WireProxy]:
    proxy = WireProxy(upstream).start()
    try:
        yield proxy
    finally:
        proxy.stop()
