"""Money moving between a simulated payer and the merchant: one charge per trade, its
refunds. Each is a row of its own (``charges``, ``refunds``) beside the trade, so a test
counts what was really taken, not what the trade's status says."""

from __future__ import annotations

import sqlite3

from payment_gateway_sim.store import Trade, TradeStatus, update_trade


def charge(conn: sqlite3.Connection, trade: Trade, buyer_id: str, now: str) -> bool:
    """Take the trade's amount from the payer and mark it paid; False (nothing taken)
    when the balance is not enough."""
    row = conn.execute("SELECT balance_fen FROM buyers WHERE buyer_id = ?", (buyer_id,)).fetchone()
    if row is None or row["balance_fen"] < trade.total_fen:
        return False
    conn.execute(
        "UPDATE buyers SET balance_fen = balance_fen - ? WHERE buyer_id = ?",
        (trade.total_fen, buyer_id),
    )
    conn.execute(
        "INSERT INTO charges (out_trade_no, buyer_id, amount_fen, at) VALUES (?, ?, ?, ?)",
        (trade.out_trade_no, buyer_id, trade.total_fen, now),
    )
    update_trade(
        conn,
        trade.out_trade_no,
        status=TradeStatus.TRADE_SUCCESS,
        buyer_id=buyer_id,
        awaiting_password=0,
        paid_at=now,
    )
    return True


def give_back(
    conn: sqlite3.Connection, trade: Trade, amount_fen: int, out_request_no: str, now: str
) -> None:
    """Return ``amount_fen`` of a paid trade to its payer; the whole of it closes the trade."""
    conn.execute(
        "UPDATE buyers SET balance_fen = balance_fen + ? WHERE buyer_id = ?",
        (amount_fen, trade.buyer_id),
    )
    conn.execute(
        "INSERT INTO refunds (out_trade_no, out_request_no, amount_fen, at) VALUES (?, ?, ?, ?)",
        (trade.out_trade_no, out_request_no, amount_fen, now),
    )
    refunded = trade.refunded_fen + amount_fen
    if refunded >= trade.total_fen:
        update_trade(
            conn,
            trade.out_trade_no,
            refunded_fen=refunded,
            status=TradeStatus.TRADE_CLOSED,
            closed_at=now,
        )
    else:
        update_trade(conn, trade.out_trade_no, refunded_fen=refunded)


def charge_count(conn: sqlite3.Connection, out_trade_no: str) -> int:
    row = conn.execute(
        "SELECT COUNT(*) AS n FROM charges WHERE out_trade_no = ?", (out_trade_no,)
    ).fetchone()
    return int(row["n"])
