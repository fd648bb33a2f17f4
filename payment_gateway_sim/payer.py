"""The simulated payers: an Alipay account with a balance, the payment codes (付款码) its
phone shows, a QR scanned and paid on the phone, the password confirmed on it. Played by
the tests and the tours through the ``/sim`` routes; nothing here is the kiosk's to call."""

from __future__ import annotations

import enum
import secrets
import sqlite3
from datetime import datetime, timedelta

from payment_gateway_sim.charging import charge
from payment_gateway_sim.clock import TIME_FORMAT
from payment_gateway_sim.notices import Notice, paid_notice
from payment_gateway_sim.store import Trade, TradeStatus, current_trade, find_trade

#: a payment code is good for one pay within a minute of being shown
CODE_LIFETIME_S = 60


class PayerResult(enum.StrEnum):
    PAID = "paid"
    BALANCE_NOT_ENOUGH = "balance_not_enough"
    #: the QR or trade is closed (expired, cancelled) or unknown: nothing to pay
    CLOSED = "closed"
    ALREADY_PAID = "already_paid"
    UNKNOWN = "unknown"


def new_buyer(conn: sqlite3.Connection, balance_fen: int, asks_password: bool) -> tuple[str, str]:
    """A payer with ``balance_fen``: its buyer id (2088 and 12 digits, as Alipay's user ids)
    and its masked logon id (what answers show of it)."""
    buyer_id = "2088" + "".join(secrets.choice("0123456789") for _ in range(12))
    logon_id = f"186****{buyer_id[-4:]}"
    conn.execute(
        "INSERT INTO buyers (buyer_id, logon_id, balance_fen, asks_password) VALUES (?, ?, ?, ?)",
        (buyer_id, logon_id, balance_fen, int(asks_password)),
    )
    return buyer_id, logon_id


def buyer_balance(conn: sqlite3.Connection, buyer_id: str) -> int | None:
    row = conn.execute("SELECT balance_fen FROM buyers WHERE buyer_id = ?", (buyer_id,)).fetchone()
    return None if row is None else int(row["balance_fen"])


def logon_id_of(conn: sqlite3.Connection, buyer_id: str | None) -> str:
    row = conn.execute("SELECT logon_id FROM buyers WHERE buyer_id = ?", (buyer_id,)).fetchone()
    return "" if row is None else str(row["logon_id"])


def asks_password(conn: sqlite3.Connection, buyer_id: str) -> bool:
    row = conn.execute(
        "SELECT asks_password FROM buyers WHERE buyer_id = ?", (buyer_id,)
    ).fetchone()
    return row is not None and bool(row["asks_password"])


def new_code(conn: sqlite3.Connection, buyer_id: str, now: datetime) -> str | None:
    """A fresh payment code for the payer (18 digits starting 28), or None if unknown."""
    if buyer_balance(conn, buyer_id) is None:
        return None
    code = "28" + "".join(secrets.choice("0123456789") for _ in range(16))
    conn.execute(
        "INSERT INTO codes (auth_code, buyer_id, issued_at) VALUES (?, ?, ?)",
        (code, buyer_id, now.strftime(TIME_FORMAT)),
    )
    return code


def redeem_code(conn: sqlite3.Connection, auth_code: str, now: datetime) -> str | None:
    """The payer behind a payment code, using it up; None if the code is unknown, used or
    older than a minute."""
    row = conn.execute(
        "SELECT buyer_id, issued_at, used FROM codes WHERE auth_code = ?", (auth_code,)
    ).fetchone()
    if row is None or row["used"]:
        return None
    conn.execute("UPDATE codes SET used = 1 WHERE auth_code = ?", (auth_code,))
    issued = datetime.strptime(row["issued_at"], TIME_FORMAT)
    if now - issued > timedelta(seconds=CODE_LIFETIME_S):
        return None
    return str(row["buyer_id"])


def scan_and_pay(
    conn: sqlite3.Connection, qr_code: str, buyer_id: str, now: str, app_id: str
) -> tuple[PayerResult, Trade | None, Notice | None]:
    """The payer's phone scans a payment QR and pays it."""
    row = conn.execute("SELECT out_trade_no FROM trades WHERE qr_code = ?", (qr_code,)).fetchone()
    if row is None:
        return PayerResult.UNKNOWN, None, None
    return _pay_waiting(conn, row["out_trade_no"], buyer_id, now, app_id)


def confirm_password(
    conn: sqlite3.Connection, out_trade_no: str, now: str, app_id: str
) -> tuple[PayerResult, Trade | None, Notice | None]:
    """The payer confirms on the phone a payment-code pay that answered USERPAYING."""
    trade = find_trade(conn, out_trade_no)
    if trade is None or trade.buyer_id is None:
        return PayerResult.UNKNOWN, trade, None
    if trade.status == TradeStatus.WAIT_BUYER_PAY and not trade.awaiting_password:
        return PayerResult.UNKNOWN, trade, None
    return _pay_waiting(conn, out_trade_no, trade.buyer_id, now, app_id)


def _pay_waiting(
    conn: sqlite3.Connection, out_trade_no: str, buyer_id: str, now: str, app_id: str
) -> tuple[PayerResult, Trade | None, Notice | None]:
    trade = current_trade(conn, out_trade_no, now)
    assert trade is not None
    if trade.status == TradeStatus.TRADE_SUCCESS:
        return PayerResult.ALREADY_PAID, trade, None
    if trade.status != TradeStatus.WAIT_BUYER_PAY:
        return PayerResult.CLOSED, trade, None
    if not charge(conn, trade, buyer_id, now):
        return PayerResult.BALANCE_NOT_ENOUGH, trade, None
    paid = find_trade(conn, out_trade_no)
    assert paid is not None
    return PayerResult.PAID, paid, paid_notice(paid, app_id, now)
