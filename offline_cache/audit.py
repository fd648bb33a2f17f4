"""The door and staff audit trail (``flows.ports.AuditLog``), durable in SQLite.

Append-only: who (a staff id or "resident"), what (door_opened, door_failed,
materials_taken ...), which compartment and which case. No personal data: case
codes and staff ids only.
"""

from __future__ import annotations

import sqlite3
import threading
from datetime import datetime
from pathlib import Path

from flows.domain import AuditEntry

DB_FILE = "audit.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS audit (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    compartment_id TEXT NOT NULL DEFAULT '',
    case_ref TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT ''
);
"""


class SqliteAuditLog:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=FULL")
        self._conn.executescript(_SCHEMA)

    def record(self, entry: AuditEntry) -> None:
        with self._lock:
            self._conn.execute(
                "INSERT INTO audit (at, actor, action, compartment_id, case_ref, detail)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (
                    entry.at.isoformat(timespec="seconds"),
                    entry.actor,
                    entry.action,
                    entry.compartment_id,
                    entry.case_ref,
                    entry.detail,
                ),
            )

    def recent(self, limit: int = 50) -> list[AuditEntry]:
        with self._lock:
            rows = self._conn.execute(
                "SELECT at, actor, action, compartment_id, case_ref, detail FROM audit"
                " ORDER BY seq DESC LIMIT ?",
                (limit,),
            ).fetchall()
        return [
            AuditEntry(action, actor, cid, ref, detail, datetime.fromisoformat(at))
            for at, actor, action, cid, ref, detail in rows
        ]

    def close(self) -> None:
        with self._lock:
            self._conn.close()
