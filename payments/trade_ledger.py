"""The kiosk's durable record of every trade: the ledger the flows write before each
gateway call, the recovery walks after a restart and the reconciliation holds against
the gateway's daily bill.

One SQLite file of its own beside the outbox (``trades.sqlite3``), opened as every
kiosk-side file is (WAL, synchronous=FULL: a committed write survives kill -9 and power
loss). Each trade is one row in ``trades`` (its state now) and one row more in
``trade_history`` per change, written in the same transaction, so the history always
ends in the trade's state.

What reconciliation needs stays in the clear: trade numbers, amounts, states, methods,
times. What could lead to a person, the trade's reference (the bill's id, which the
utility ties to a household's account, or the case's idempotency key), is sealed with
the outbox's key (AES-GCM, bound to the trade's number). No payment code, name or
account number is ever handed to the ledger.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from flows.payment_ports import (
    SETTLED_STATES,
    PayMethod,
    TradePurpose,
    TradeRecord,
    TradeState,
)
from offline_cache.crypto import PayloadCipher
from offline_cache.key_source import outbox_key
from offline_cache.sealed_store import UNREADABLE
from offline_cache.sqlite_store import SqliteFile, transaction
from payments.trade_numbers import new_trade_number
from payments.trade_states import check_transition

log = logging.getLogger(__name__)

DB_FILE = "trades.sqlite3"

SCHEMA = """
CREATE TABLE IF NOT EXISTS trades (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    out_trade_no TEXT NOT NULL UNIQUE,
    purpose TEXT NOT NULL,
    reference BLOB NOT NULL,
    amount_fen INTEGER NOT NULL,
    method TEXT NOT NULL,
    state TEXT NOT NULL,
    trade_no TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS trades_state ON trades (state, seq);
CREATE INDEX IF NOT EXISTS trades_created ON trades (created_at);
CREATE TABLE IF NOT EXISTS trade_history (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    out_trade_no TEXT NOT NULL,
    state TEXT NOT NULL,
    trade_no TEXT,
    at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS trade_history_trade ON trade_history (out_trade_no, seq);
"""

_UNSETTLED = tuple(s.value for s in TradeState if s not in SETTLED_STATES)


class UnknownTrade(KeyError):
    """No trade of that number in this ledger."""


@dataclass(frozen=True)
class TradeChange:
    """One row of a trade's history."""

    state: TradeState
    trade_no: str | None
    at: str


def utc_now() -> datetime:
    return datetime.fromtimestamp(time.time(), UTC)


class SqliteTradeLedger(SqliteFile):
    """Implements :class:`flows.payment_ports.TradeLedger`; shared by threads (one lock)."""

    def __init__(
        self,
        path: Path,
        cipher: PayloadCipher,
        terminal_id: str,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        super().__init__(path, SCHEMA)
        self._cipher = cipher
        self._terminal_id = terminal_id
        self._clock = clock

    @classmethod
    def open(
        cls,
        outbox_dir: Path,
        terminal_id: str,
        *,
        key_file: Path | None = None,
        key_beside_data_ok: bool = True,
    ) -> SqliteTradeLedger:
        """The ledger beside the outbox in ``outbox_dir``, sealed with the outbox's key
        (found as the outbox finds it: :func:`offline_cache.key_source.outbox_key`)."""
        key = outbox_key(outbox_dir, key_file=key_file, beside_data_ok=key_beside_data_ok)
        return cls(outbox_dir / DB_FILE, PayloadCipher(key), terminal_id)

    # ------------------------------------------------------------------ the port

    def open_trade(
        self, purpose: TradePurpose, reference: str, amount_fen: int, method: PayMethod
    ) -> TradeRecord:
        if amount_fen <= 0:
            raise ValueError("a trade's amount is a positive number of fen")
        now = self._clock()
        out_trade_no = new_trade_number(self._terminal_id, now)
        stamp = _stamp(now)
        sealed = self._cipher.seal(reference.encode(), _aad(out_trade_no))
        with transaction(self._conn, self._lock):
            self._conn.execute(
                "INSERT INTO trades (out_trade_no, purpose, reference, amount_fen, method,"
                " state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    out_trade_no,
                    purpose.value,
                    sealed,
                    amount_fen,
                    method.value,
                    TradeState.CREATED.value,
                    stamp,
                    stamp,
                ),
            )
            self._append_history(out_trade_no, TradeState.CREATED, None, stamp)
        log.info(
            "trade opened",
            extra={
                "out_trade_no": out_trade_no,
                "purpose": purpose.value,
                "amount_fen": amount_fen,
            },
        )
        return TradeRecord(
            out_trade_no, purpose, reference, amount_fen, method, TradeState.CREATED, None, stamp
        )

    def advance(
        self, out_trade_no: str, state: TradeState, trade_no: str | None = None
    ) -> TradeRecord:
        """Write the trade's next state (and the gateway's trade number once known); the
        same state again only fills in a trade number. A step the table in
        :class:`TradeState` does not allow raises
        :class:`payments.trade_states.IllegalTransition` and writes nothing."""
        stamp = _stamp(self._clock())
        with transaction(self._conn, self._lock):
            row = self._row(out_trade_no)
            check_transition(out_trade_no, TradeState(row["state"]), state)
            kept_trade_no = trade_no or row["trade_no"]
            self._conn.execute(
                "UPDATE trades SET state = ?, trade_no = ?, updated_at = ? WHERE out_trade_no = ?",
                (state.value, kept_trade_no, stamp, out_trade_no),
            )
            self._append_history(out_trade_no, state, kept_trade_no, stamp)
            row = self._row(out_trade_no)
        log.info("trade advanced", extra={"out_trade_no": out_trade_no, "state": state.value})
        return self._record(row)

    def unsettled(self) -> list[TradeRecord]:
        marks = ", ".join("?" for _ in _UNSETTLED)
        return self._select(f"WHERE state IN ({marks}) ORDER BY seq", _UNSETTLED)

    # ------------------------------------------------------------------ reading

    def get(self, out_trade_no: str) -> TradeRecord:
        with self._lock:
            return self._record(self._row(out_trade_no))

    def history(self, out_trade_no: str) -> list[TradeChange]:
        with self._lock:
            rows = self._conn.execute(
                "SELECT state, trade_no, at FROM trade_history WHERE out_trade_no = ? ORDER BY seq",
                (out_trade_no,),
            ).fetchall()
        return [TradeChange(TradeState(r["state"]), r["trade_no"], r["at"]) for r in rows]

    def opened_between(self, start: datetime, end: datetime) -> list[TradeRecord]:
        """The trades opened in [start, end), oldest first (a day's, for reconciliation)."""
        return self._select(
            "WHERE created_at >= ? AND created_at < ? ORDER BY seq",
            (_stamp(start), _stamp(end)),
        )

    def recent(self, limit: int) -> list[TradeRecord]:
        """The last ``limit`` trades opened, newest first."""
        return self._select("ORDER BY seq DESC LIMIT ?", (limit,))

    def counts(self) -> dict[TradeState, int]:
        """How many trades are in each state (every state named, 0 included)."""
        with self._lock:
            rows = self._conn.execute("SELECT state, COUNT(*) FROM trades GROUP BY state")
            found = {TradeState(state): n for state, n in rows}
        return {state: found.get(state, 0) for state in TradeState}

    # ------------------------------------------------------------------ rows

    def _row(self, out_trade_no: str) -> sqlite3.Row:
        row: sqlite3.Row | None = self._conn.execute(
            "SELECT * FROM trades WHERE out_trade_no = ?", (out_trade_no,)
        ).fetchone()
        if row is None:
            raise UnknownTrade(out_trade_no)
        return row

    def _select(self, tail: str, params: tuple[object, ...]) -> list[TradeRecord]:
        with self._lock:
            rows = self._conn.execute(f"SELECT * FROM trades {tail}", params).fetchall()
        return [self._record(row) for row in rows]

    def _append_history(
        self, out_trade_no: str, state: TradeState, trade_no: str | None, stamp: str
    ) -> None:
        self._conn.execute(
            "INSERT INTO trade_history (out_trade_no, state, trade_no, at) VALUES (?, ?, ?, ?)",
            (out_trade_no, state.value, trade_no, stamp),
        )

    def _record(self, row: sqlite3.Row) -> TradeRecord:
        return TradeRecord(
            out_trade_no=row["out_trade_no"],
            purpose=TradePurpose(row["purpose"]),
            reference=self._reference(row),
            amount_fen=row["amount_fen"],
            method=PayMethod(row["method"]),
            state=TradeState(row["state"]),
            trade_no=row["trade_no"],
            updated_at=row["updated_at"],
        )

    def _reference(self, row: sqlite3.Row) -> str:
        """The trade's reference, opened; '' (logged) when it cannot be: another key than
        the one it was sealed with, or a damaged byte. Recovery leaves such a trade alone
        until the right key is back."""
        try:
            return self._cipher.open(row["reference"], _aad(row["out_trade_no"])).decode()
        except UNREADABLE as exc:
            log.error(
                "trade ledger: a trade's reference cannot be opened",
                extra={"out_trade_no": row["out_trade_no"], "error": type(exc).__name__},
            )
            return ""


def _aad(out_trade_no: str) -> bytes:
    return f"trade:{out_trade_no}".encode()


def _stamp(moment: datetime) -> str:
    """``moment`` as the ledger writes its times: ISO-8601 in UTC, always to the
    microsecond, so that the text sorts as the times do."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")
