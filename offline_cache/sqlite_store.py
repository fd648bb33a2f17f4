"""How every kiosk-side SQLite file is opened: durable before fast.

WAL + synchronous=FULL: a committed transaction survives kill -9 and power loss.
secure_delete: erased payloads are overwritten, not left in free pages.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any


def open_db(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=10.0)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA secure_delete=ON")
    return conn


@contextmanager
def transaction(conn: sqlite3.Connection, lock: AbstractContextManager[Any]) -> Iterator[None]:
    """One write transaction on ``conn`` (opened by :func:`open_db`, so in autocommit
    mode), taken under ``lock`` so the threads sharing the connection go one at a time;
    rolled back if anything is raised inside it."""
    with lock:
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")


class SqliteFile:
    """One SQLite file (opened by :func:`open_db`), its tables created by ``schema`` if
    missing; the threads that share its connection take ``_lock`` for each use."""

    def __init__(self, path: Path, schema: str) -> None:
        self._lock = threading.Lock()
        self._conn = open_db(path)
        self._conn.executescript(schema)

    def close(self) -> None:
        with self._lock:
            self._conn.close()
