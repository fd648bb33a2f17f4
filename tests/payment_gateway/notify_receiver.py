"""A merchant's notify endpoint on loopback for the tests: records each POST's form and
answers ``fail`` to the first few, ``success`` after (the gateway must try again)."""

from __future__ import annotations

import queue
import threading
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class NotifyReceiver:
    def __init__(self, failures: int) -> None:
        self.failures_left = failures
        self.received: queue.Queue[dict[str, str]] = queue.Queue()
        #: cleared: each POST is held unanswered until it is set (a merchant hanging)
        self.answering = threading.Event()
        self.answering.set()
        self._lock = threading.Lock()

    def answer_for(self, form: dict[str, str]) -> bytes:
        self.received.put(form)
        self.answering.wait()
        with self._lock:
            if self.failures_left > 0:
                self.failures_left -= 1
                return b"fail"
        return b"success"

    def next_form(self, timeout_s: float = 30.0) -> dict[str, str]:
        return self.received.get(timeout=timeout_s)


@contextmanager
def notify_receiver(failures: int = 0) -> Iterator[tuple[str, NotifyReceiver]]:
    """The receiver and its notify_url while the block runs."""
    receiver = NotifyReceiver(failures)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length).decode("utf-8")
            answer = receiver.answer_for(dict(urllib.parse.parse_qsl(body)))
            self.send_response(200)
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/api/v1/payments/notify", receiver
    finally:
        receiver.answering.set()
        server.shutdown()
        server.server_close()
