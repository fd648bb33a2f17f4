"""alipay.trade.refund: money of a paid trade given back, idempotent by out_request_no
(the same request again answers the same, fund_change N, nothing moves twice); all of
it back closes the trade."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any

from payment_gateway_sim import answers
from payment_gateway_sim.answers import yuan
from payment_gateway_sim.charging import give_back
from payment_gateway_sim.clock import TIME_FORMAT
from payment_gateway_sim.notices import refund_notice
from payment_gateway_sim.payer import logon_id_of
from payment_gateway_sim.store import Trade, TradeStatus, find_trade
from payment_gateway_sim.trade_desk import Outcome, lookup


def refund(conn: sqlite3.Connection, now: datetime, biz: dict[str, Any], app_id: str) -> Outcome:
    stamp = now.strftime(TIME_FORMAT)
    fen = answers.fen_of(biz.get("refund_amount"))
    if fen is None:
        return answers.invalid_arguments("isv.invalid-parameter", "refund_amount 无效"), []
    trade = lookup(conn, biz, stamp)
    if trade is None:
        return answers.trade_not_exist(), []
    # without out_request_no the refund is the whole trade's, numbered as the trade
    request_no = str(biz.get("out_request_no") or trade.out_trade_no)
    earlier = conn.execute(
        "SELECT amount_fen FROM refunds WHERE out_trade_no = ? AND out_request_no = ?",
        (trade.out_trade_no, request_no),
    ).fetchone()
    if earlier is not None:
        if int(earlier["amount_fen"]) != fen:
            return answers.context_inconsistent(), []
        return _refunded(conn, trade, fund_change="N", stamp=stamp), []
    if trade.paid_at is None or trade.status not in (
        TradeStatus.TRADE_SUCCESS,
        TradeStatus.TRADE_CLOSED,
    ):
        return answers.business_failed("ACQ.TRADE_STATUS_ERROR", "交易状态不合法"), []
    if fen > trade.total_fen - trade.refunded_fen:
        return answers.business_failed("ACQ.REFUND_AMT_NOT_EQUAL_TOTAL", "退款金额超限"), []
    give_back(conn, trade, fen, request_no, stamp)
    after = find_trade(conn, trade.out_trade_no)
    assert after is not None
    return _refunded(conn, after, fund_change="Y", stamp=stamp), [
        refund_notice(after, app_id, request_no, stamp)
    ]


def _refunded(
    conn: sqlite3.Connection, trade: Trade, *, fund_change: str, stamp: str
) -> answers.Answer:
    return answers.success(
        trade_no=trade.trade_no,
        out_trade_no=trade.out_trade_no,
        buyer_logon_id=logon_id_of(conn, trade.buyer_id),
        fund_change=fund_change,
        refund_fee=yuan(trade.refunded_fen),
        gmt_refund_pay=stamp,
    )
