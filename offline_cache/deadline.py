"""A total deadline for one HTTP call: connect, send, headers and the whole body.

requests' (and urllib3's) timeouts bound each socket operation, not the call: a
platform (or a gateway) that sends its answer one byte a second never trips a
5-second read timeout and holds the caller for as long as it likes. urllib3's
``Timeout(total=...)`` does not help either: it only shortens the read timeout by
the time the connect took, still per read.

So the call runs under a :class:`Deadline`: a timer that, when the time is up,
shuts the call's socket down (``shutdown(SHUT_RDWR)``), which ends a blocked or
trickling ``recv`` at once with an error the client reports as "deadline
exceeded". The socket is found through the connection classes of
:class:`DeadlineAdapter`, which tell the deadline of the calling thread which
connection it is using (urllib3 lets a PoolManager choose its pool classes, and a
pool its connection class).
"""

from __future__ import annotations

import contextlib
import socket
import threading
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

_current = threading.local()


class Deadline:
    """``with Deadline(seconds):`` around one call made in this thread."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.fired = False
        self._done = False
        self._conn: HTTPConnection | None = None
        #: kept apart: http.client drops ``conn.sock`` once it has the headers of an
        #: answer that closes the connection, while the body is still being read
        self._sock: socket.socket | None = None
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True

    def __enter__(self) -> Deadline:
        _current.deadline = self
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self._done = True
        self._timer.cancel()
        _current.deadline = None

    def watch(self, conn: HTTPConnection) -> None:
        with self._lock:
            self._conn = conn
            self._sock = conn.sock or self._sock
            late = self.fired
        if late:
            self._cut()

    def _fire(self) -> None:
        with self._lock:
            if self._done:
                return  # the call ended first; its connection may be back in the pool
            self.fired = True
        self._cut()

    def _cut(self) -> None:
        with self._lock:
            sock = self._sock or (self._conn.sock if self._conn is not None else None)
        if sock is None:
            return  # still connecting: the connect timeout (never above the deadline) ends it
        with contextlib.suppress(OSError):  # already closed
            sock.shutdown(socket.SHUT_RDWR)


def _watch(conn: HTTPConnection) -> None:
    deadline: Deadline | None = getattr(_current, "deadline", None)
    if deadline is not None:
        deadline.watch(conn)


class _WatchedHTTPConnection(HTTPConnection):
    def connect(self) -> None:
        _watch(self)
        super().connect()
        _watch(self)  # now with its socket

    def request(self, *args: Any, **kwargs: Any) -> None:
        _watch(self)  # a kept-alive connection is not connected again
        super().request(*args, **kwargs)


class _WatchedHTTPSConnection(HTTPSConnection):
    def connect(self) -> None:
        _watch(self)
        super().connect()
        _watch(self)

    def request(self, *args: Any, **kwargs: Any) -> None:
        _watch(self)
        super().request(*args, **kwargs)


class _HTTPPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _HTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


class DeadlineAdapter(HTTPAdapter):
    """An HTTPAdapter whose connections a :class:`Deadline` can cut."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _HTTPPool, "https": _HTTPSPool}
