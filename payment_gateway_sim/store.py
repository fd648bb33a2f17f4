"""The gateway's own SQLite file: trades, every charge and refund, the simulated payers
and their payment codes, the notifies sent, the bill rows a test injected.

One connection behind one lock: each gateway call reads and writes its trade in one
transaction under it, so two pays of one trade racing each other are served one after
the other and the second sees the first's charge (never two).
"""

from __future__ import annotations

import contextlib
import enum
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_SCHEMA = """
CREATE TABLE IF NOT EXISTS trades (
    out_trade_no TEXT PRIMARY KEY,
    trade_no TEXT NOT NULL UNIQUE,
    -- 'qr' (precreate), 'code' (pay with a payment code), 'cancelled' (cancel of a
    -- trade never seen: kept closed so a late pay with its number fails)
    channel TEXT NOT NULL,
    subject TEXT NOT NULL,
    total_fen INTEGER NOT NULL,
    status TEXT NOT NULL,
    qr_code TEXT UNIQUE,
    expires_at TEXT,
    buyer_id TEXT,
    awaiting_password INTEGER NOT NULL DEFAULT 0,
    notify_url TEXT,
    created_at TEXT NOT NULL,
    paid_at TEXT,
    closed_at TEXT,
    refunded_fen INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS charges (
    id INTEGER PRIMARY KEY,
    out_trade_no TEXT NOT NULL,
    buyer_id TEXT NOT NULL,
    amount_fen INTEGER NOT NULL,
    at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS refunds (
    out_trade_no TEXT NOT NULL,
    out_request_no TEXT NOT NULL,
    amount_fen INTEGER NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (out_trade_no, out_request_no)
);
CREATE TABLE IF NOT EXISTS buyers (
    buyer_id TEXT PRIMARY KEY,
    logon_id TEXT NOT NULL,
    balance_fen INTEGER NOT NULL,
    -- this payer's phone asks for the password on every payment-code pay
    asks_password INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS codes (
    auth_code TEXT PRIMARY KEY,
    buyer_id TEXT NOT NULL,
    issued_at TEXT NOT NULL,
    used INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS notifies (
    notify_id TEXT PRIMARY KEY,
    out_trade_no TEXT NOT NULL,
    trade_status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    delivered INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS bill_edits (
    id INTEGER PRIMARY KEY,
    bill_date TEXT NOT NULL,
    -- 'extra' (a row the kiosk never made) or 'alter' (a trade's amount changed)
    kind TEXT NOT NULL,
    out_trade_no TEXT NOT NULL,
    amount_fen INTEGER NOT NULL
);
"""


class TradeStatus(enum.StrEnum):
    """trade_status as alipay.trade.query and the notifies say it: waiting for the payer,
    paid, closed (unpaid: cancelled or expired; or refunded in full), finished (paid and
    past its refund window, where the simulator never gets by itself)."""

    WAIT_BUYER_PAY = "WAIT_BUYER_PAY"
    TRADE_SUCCESS = "TRADE_SUCCESS"
    TRADE_CLOSED = "TRADE_CLOSED"
    TRADE_FINISHED = "TRADE_FINISHED"


@dataclass(frozen=True)
class Trade:
    out_trade_no: str
    trade_no: str
    channel: str
    subject: str
    total_fen: int
    status: str
    qr_code: str | None
    expires_at: str | None
    buyer_id: str | None
    awaiting_password: bool
    notify_url: str | None
    created_at: str
    paid_at: str | None
    closed_at: str | None
    refunded_fen: int


class GatewayStore:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._conn.row_factory = sqlite3.Row
        self._conn.execute("PRAGMA journal_mode=WAL")
        # a charge the gateway answered is a charge after a power cut too
        self._conn.execute("PRAGMA synchronous=FULL")
        self._conn.executescript(_SCHEMA)
        self._lock = threading.RLock()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """The lock and one transaction: everything inside commits together or not at all."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            self._conn.close()


def trade_of(row: sqlite3.Row | None) -> Trade | None:
    if row is None:
        return None
    values: dict[str, Any] = dict(row)
    values["awaiting_password"] = bool(values["awaiting_password"])
    return Trade(**values)


def find_trade(conn: sqlite3.Connection, out_trade_no: str) -> Trade | None:
    return trade_of(
        conn.execute("SELECT * FROM trades WHERE out_trade_no = ?", (out_trade_no,)).fetchone()
    )


def current_trade(conn: sqlite3.Connection, out_trade_no: str, now: str) -> Trade | None:
    """The trade as it is at ``now``: an unpaid QR past its time is closed first (the real
    gateway closes it on its own clock; the simulator does when anyone looks)."""
    trade = find_trade(conn, out_trade_no)
    if (
        trade is not None
        and trade.status == TradeStatus.WAIT_BUYER_PAY
        and trade.expires_at is not None
        and trade.expires_at <= now
    ):
        update_trade(conn, out_trade_no, status=TradeStatus.TRADE_CLOSED, closed_at=now)
        trade = find_trade(conn, out_trade_no)
    return trade


def update_trade(conn: sqlite3.Connection, out_trade_no: str, **fields: object) -> None:
    columns = ", ".join(f"{name} = ?" for name in fields)
    conn.execute(
        f"UPDATE trades SET {columns} WHERE out_trade_no = ?", (*fields.values(), out_trade_no)
    )
