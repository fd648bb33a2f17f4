"""Rows whose payload is sealed (AES-GCM, :mod:`offline_cache.crypto`), claimed one
at a time for sending: the bookkeeping every table of the outbox shares.

Each table (made by :func:`sealed_table`) has ``seq``, ``state`` (an
:class:`OutboxState`), ``payload`` (sealed under ``<aad>:<the row's key>``, so a
payload moved to another row does not open), ``attempts``, ``last_error``,
``created_at`` and ``updated_at``. A row whose payload
cannot be opened (a flipped byte on disk, another key than the one it was sealed
with) is set aside as ``damaged`` so the rows behind it still go, and queued again
by :meth:`SealedStore._requeue_interrupted` once it opens.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from threading import RLock
from typing import Any

from cryptography.exceptions import InvalidTag

from offline_cache.crypto import PayloadCipher
from offline_cache.outbox_items import OutboxState
from offline_cache.outbox_status import OutboxStatus, count_rows
from offline_cache.sqlite_store import transaction

log = logging.getLogger(__name__)

#: what opening a row's payload raises when the bytes or the key are wrong
UNREADABLE = (InvalidTag, ValueError, TypeError)


@dataclass(frozen=True)
class RowKind:
    """One kind of row: its table, the name its payload is sealed under
    (``<aad>:<key>``), the column that names a row, and its name in log lines."""

    table: str
    aad: str
    key: str
    noun: str

    def aad_for(self, key: str) -> bytes:
        return f"{self.aad}:{key}".encode()


def sealed_table(kind: RowKind, *columns: str) -> str:
    """The CREATE statements of ``kind``'s table: ``seq``, its key, its own ``columns``
    (SQL column definitions) and the bookkeeping :class:`SealedStore` keeps on every row."""
    own = "".join(f"    {column},\n" for column in columns)
    return f"""
CREATE TABLE IF NOT EXISTS {kind.table} (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    {kind.key} TEXT NOT NULL UNIQUE,
{own}    state TEXT NOT NULL,
    payload BLOB,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '',
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS {kind.table}_state ON {kind.table} (state, seq);
"""


class SealedStore:
    """The sealed rows of ``kinds`` on one connection, shared by threads under one lock."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        cipher: PayloadCipher,
        clock: Callable[[], float],
        kinds: tuple[RowKind, ...],
    ) -> None:
        self._conn = conn
        self._cipher = cipher
        self._clock = clock
        self._kinds = kinds
        self._lock = RLock()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with transaction(self._conn, self._lock):
            yield self._conn

    def _seal(self, kind: RowKind, key: str, plaintext: bytes) -> bytes:
        return self._cipher.seal(plaintext, kind.aad_for(key))

    def _open(self, kind: RowKind, row: sqlite3.Row) -> Any:
        """The row's payload, opened and parsed; raises one of ``UNREADABLE``."""
        return json.loads(self._cipher.open(row["payload"], kind.aad_for(row[kind.key])))

    def _insert_sealed(
        self,
        kind: RowKind,
        key: str,
        body: Any,
        /,
        *,
        state: OutboxState = OutboxState.QUEUED,
        **columns: str,
    ) -> None:
        """Store a row of ``kind`` named ``key`` (queued, or ``state``), its own
        ``columns`` in the clear and ``body`` (JSON) sealed; a second store under the
        same key changes nothing."""
        now = self._clock()
        sealed = self._seal(kind, key, json.dumps(body).encode())
        names = (kind.key, *columns, "state", "payload", "created_at", "updated_at")
        values = (key, *columns.values(), state.value, sealed, now, now)
        with self._tx() as c:
            c.execute(
                f"INSERT INTO {kind.table} ({', '.join(names)})"
                f" VALUES ({', '.join('?' for _ in names)}) ON CONFLICT ({kind.key}) DO NOTHING",
                values,
            )

    def _release_held(self, kind: RowKind, key: str, body: Any) -> bool:
        """Queue the held row named ``key`` with ``body`` in place of what it held;
        False when no row of that name is held."""
        sealed = self._seal(kind, key, json.dumps(body).encode())
        with self._tx() as c:
            return bool(
                c.execute(
                    f"UPDATE {kind.table} SET state = 'queued', payload = ?, updated_at = ?"
                    f" WHERE {kind.key} = ? AND state = 'held'",
                    (sealed, self._clock(), key),
                ).rowcount
            )

    # --------------------------------------------------------------------- claiming

    def _claim_row(
        self, c: sqlite3.Connection, kind: RowKind, row: sqlite3.Row, extra: dict[str, Any]
    ) -> Any | None:
        """Open the row's payload and mark the row ``sending``; None (and the row set
        aside as ``damaged``, logged with ``extra``) if it cannot be opened."""
        try:
            body = self._open(kind, row)
        except UNREADABLE as exc:
            c.execute(
                f"UPDATE {kind.table} SET state = 'damaged', last_error = ?, updated_at = ?"
                " WHERE seq = ?",
                (f"payload unreadable: {type(exc).__name__}", self._clock(), row["seq"]),
            )
            log.error(
                f"outbox: {kind.noun} payload cannot be opened; set aside as damaged",
                extra={**extra, "error": type(exc).__name__},
            )
            return None
        c.execute(
            f"UPDATE {kind.table} SET state = 'sending', attempts = attempts + 1,"
            " updated_at = ? WHERE seq = ?",
            (self._clock(), row["seq"]),
        )
        return body

    def _claim_queued(
        self,
        kind: RowKind,
        key: str | None,
        extra: Callable[[sqlite3.Row], dict[str, Any]],
    ) -> tuple[sqlite3.Row, Any] | None:
        """Claim the queued row named ``key`` (None: the oldest that can be opened, the
        damaged ones on the way set aside) and open it; None if there is none."""
        with self._tx() as c:
            while True:
                if key is None:
                    row = c.execute(
                        f"SELECT * FROM {kind.table} WHERE state = 'queued' ORDER BY seq LIMIT 1"
                    ).fetchone()
                else:
                    row = c.execute(
                        f"SELECT * FROM {kind.table} WHERE {kind.key} = ? AND state = 'queued'",
                        (key,),
                    ).fetchone()
                if row is None:
                    return None
                body = self._claim_row(c, kind, row, extra(row))
                if body is not None:
                    return row, body
                if key is not None:
                    return None

    def _requeue_interrupted(self) -> None:
        """A process that died mid-send left rows in ``sending``, or held ones whose
        sender it was: queue them again (a held row goes as it stands; nobody is left
        to update it). Damaged rows that open now (the right key is back) are queued
        too."""
        n = healed = 0
        with self._tx() as c:
            for kind in self._kinds:
                n += c.execute(
                    f"UPDATE {kind.table} SET state = 'queued' WHERE state IN ('sending', 'held')"
                ).rowcount
                healed += self._heal(c, kind)
        if n:
            log.warning("outbox: requeued interrupted sends", extra={"count": n})
        if healed:
            log.warning("outbox: damaged rows open again; requeued", extra={"count": healed})

    def _heal(self, c: sqlite3.Connection, kind: RowKind) -> int:
        healed = 0
        rows = c.execute(
            f"SELECT seq, {kind.key}, payload FROM {kind.table} WHERE state = 'damaged'"
        ).fetchall()
        for row in rows:
            try:
                self._open(kind, row)
            except UNREADABLE:
                continue
            c.execute(f"UPDATE {kind.table} SET state = 'queued' WHERE seq = ?", (row["seq"],))
            healed += 1
        return healed

    # --------------------------------------------------------------------- outcomes

    def _set_state(self, kind: RowKind, key: str, state: OutboxState, error: str) -> None:
        with self._tx() as c:
            c.execute(
                f"UPDATE {kind.table} SET state = ?, last_error = ?, updated_at = ?"
                f" WHERE {kind.key} = ?",
                (state.value, error[:200], self._clock(), key),
            )

    def _purge_accepted(self, kind: RowKind, key: str) -> None:
        """The platform has the row: it is accepted and its payload purged."""
        with self._tx() as c:
            c.execute(
                f"UPDATE {kind.table} SET state = 'accepted', payload = NULL, last_error = '',"
                f" updated_at = ? WHERE {kind.key} = ?",
                (self._clock(), key),
            )

    # --------------------------------------------------------------------- counts

    def status(self) -> OutboxStatus:
        with self._lock:
            return count_rows(self._conn, (kind.table for kind in self._kinds), self._clock())

    def pending_count(self) -> int:
        return self.status().pending


class RowOutcomes:
    """A send of one kind of row that did not go through, recorded on the row named by
    its key: refused for good, or queued again for a later attempt. (Acceptance is the
    owner's: what it keeps of an accepted row differs by kind.)"""

    def __init__(self, store: SealedStore, kind: RowKind) -> None:
        self._store = store
        self.kind = kind

    def failed(self, key: str, error: str) -> None:
        self._store._set_state(self.kind, key, OutboxState.FAILED, error)

    def retry(self, key: str, error: str) -> None:
        self._store._set_state(self.kind, key, OutboxState.QUEUED, error)


def count_sealed(db: Path, kinds: Iterable[RowKind]) -> int:
    """Rows of the store in ``db`` that hold a sealed payload (0 if there is no store)."""
    if not db.exists():
        return 0
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        return sum(
            conn.execute(f"SELECT COUNT(*) FROM {t} WHERE payload IS NOT NULL").fetchone()[0]
            for t in (kind.table for kind in kinds)
            if t in tables
        )
    finally:
        conn.close()
