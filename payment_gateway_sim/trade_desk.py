"""alipay.trade.precreate, .pay, .query and .cancel: the rules the real gateway keeps,
one trade per out_trade_no.

- The same out_trade_no again with the same amount is the same trade (a precreate gets
  its QR back, a pay its answer: never a second charge); with another amount it is
  refused (ACQ.CONTEXT_INCONSISTENT); once closed, it stays closed.
- A payment code (auth_code) is good once, for a minute.
- cancel closes an unpaid trade, refunds a paid one, and records a number it never saw
  as closed, so a pay that arrives after its cancel fails.

Each function runs inside the caller's transaction and returns the answer and the
notifies to send once it committed.
"""

from __future__ import annotations

import re
import secrets
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from payment_gateway_sim import answers
from payment_gateway_sim.answers import Answer, yuan
from payment_gateway_sim.charging import charge, give_back
from payment_gateway_sim.clock import TIME_FORMAT
from payment_gateway_sim.notices import Notice, paid_notice, refund_notice
from payment_gateway_sim.payer import asks_password, logon_id_of, redeem_code
from payment_gateway_sim.store import Trade, TradeStatus, current_trade, find_trade, update_trade

Outcome = tuple[Answer, list[Notice | None]]

#: an unpaid QR closes after this unless the request says otherwise
DEFAULT_QR_TIMEOUT = "2m"
_TIMEOUT = re.compile(r"^(\d{1,4})([mhd])$")
_UNIT_S = {"m": 60, "h": 3600, "d": 86400}
_OUT_TRADE_NO = re.compile(r"^[A-Za-z0-9_\-]{1,64}$")


def _new_trade_no(now: datetime) -> str:
    """28 digits as Alipay's: the date, a channel mark, a serial."""
    return (
        now.strftime("%Y%m%d") + "22001" + "".join(secrets.choice("0123456789") for _ in range(15))
    )


def _new_qr_code() -> str:
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
    return "https://qr.alipay.com/bax0" + "".join(secrets.choice(alphabet) for _ in range(20))


@dataclass(frozen=True)
class _Order:
    out_trade_no: str
    fen: int
    subject: str


def _order(biz: dict[str, Any]) -> _Order | Answer:
    """What a precreate or pay asks to be paid, or the answer refusing it."""
    out_trade_no = str(biz.get("out_trade_no", ""))
    if not _OUT_TRADE_NO.match(out_trade_no):
        return answers.invalid_arguments("isv.invalid-parameter", "out_trade_no 无效")
    if not str(biz.get("subject", "")):
        return answers.invalid_arguments("isv.missing-parameter", "缺少必选参数 subject")
    fen = answers.fen_of(biz.get("total_amount"))
    if fen is None:
        return answers.invalid_arguments("isv.invalid-parameter", "total_amount 无效")
    return _Order(out_trade_no, fen, str(biz["subject"]))


def _open_trade(
    conn: sqlite3.Connection, now: datetime, out_trade_no: str, channel: str, **fields: object
) -> Trade:
    """A new trade under ``out_trade_no`` with a fresh trade_no, made ``now``."""
    stamp = now.strftime(TIME_FORMAT)
    row: dict[str, object] = {"out_trade_no": out_trade_no, "trade_no": _new_trade_no(now)}
    row["channel"] = channel
    row.update(created_at=stamp, **fields)
    names = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    conn.execute(f"INSERT INTO trades ({names}) VALUES ({marks})", tuple(row.values()))
    trade = find_trade(conn, out_trade_no)
    assert trade is not None
    return trade


def _open_order(
    conn: sqlite3.Connection,
    now: datetime,
    order: _Order,
    channel: str,
    notify_url: str | None,
    **fields: object,
) -> Trade:
    """The trade of a precreate or pay: waiting for the payer."""
    return _open_trade(
        conn,
        now,
        order.out_trade_no,
        channel,
        subject=order.subject,
        total_fen=order.fen,
        status=TradeStatus.WAIT_BUYER_PAY,
        notify_url=notify_url,
        **fields,
    )


def _paid_fields(conn: sqlite3.Connection, trade: Trade) -> dict[str, str]:
    return {
        "trade_no": trade.trade_no,
        "out_trade_no": trade.out_trade_no,
        "buyer_logon_id": logon_id_of(conn, trade.buyer_id),
        "total_amount": yuan(trade.total_fen),
        "receipt_amount": yuan(trade.total_fen),
        "buyer_pay_amount": yuan(trade.total_fen),
        "gmt_payment": trade.paid_at or "",
    }


def precreate(
    conn: sqlite3.Connection, now: datetime, biz: dict[str, Any], notify_url: str | None
) -> Outcome:
    order = _order(biz)
    if isinstance(order, dict):
        return order, []
    out_trade_no, fen = order.out_trade_no, order.fen
    stamp = now.strftime(TIME_FORMAT)
    timeout = _TIMEOUT.match(str(biz.get("qr_code_timeout_express") or DEFAULT_QR_TIMEOUT))
    if timeout is None:
        return answers.invalid_arguments("isv.invalid-parameter", "qr_code_timeout_express"), []
    trade = current_trade(conn, out_trade_no, stamp)
    if trade is None:
        lifetime = timedelta(seconds=int(timeout.group(1)) * _UNIT_S[timeout.group(2)])
        expires_at = (now + lifetime).strftime(TIME_FORMAT)
        trade = _open_order(
            conn, now, order, "qr", notify_url, qr_code=_new_qr_code(), expires_at=expires_at
        )
        return answers.success(out_trade_no=out_trade_no, qr_code=trade.qr_code), []
    if trade.status == TradeStatus.TRADE_CLOSED:
        return answers.trade_has_closed(), []
    if trade.total_fen != fen or trade.channel != "qr":
        return answers.context_inconsistent(), []
    if trade.status == TradeStatus.TRADE_SUCCESS:
        return answers.business_failed("ACQ.TRADE_HAS_SUCCESS", "交易已被支付"), []
    return answers.success(out_trade_no=out_trade_no, qr_code=trade.qr_code), []


def pay(
    conn: sqlite3.Connection,
    now: datetime,
    biz: dict[str, Any],
    notify_url: str | None,
    app_id: str,
    password_fault: bool,
) -> Outcome:
    """A payment code's pay (scene bar_code). ``password_fault``: the payer's phone asks
    for the password this time (10003), whatever the payer's own setting."""
    order = _order(biz)
    if isinstance(order, dict):
        return order, []
    out_trade_no, fen = order.out_trade_no, order.fen
    stamp = now.strftime(TIME_FORMAT)
    if biz.get("scene", "bar_code") not in ("bar_code", "wave_code"):
        return answers.invalid_arguments("isv.invalid-parameter", "scene 无效"), []
    trade = current_trade(conn, out_trade_no, stamp)
    if trade is not None:
        return _pay_again(conn, trade, fen), []
    buyer_id = redeem_code(conn, str(biz.get("auth_code", "")), now)
    if buyer_id is None:
        return answers.business_failed("ACQ.PAYMENT_AUTH_CODE_INVALID", "支付失败，付款码无效"), []
    trade = _open_order(conn, now, order, "code", notify_url, buyer_id=buyer_id)
    if password_fault or asks_password(conn, buyer_id):
        update_trade(conn, out_trade_no, awaiting_password=1)
        return answers.user_paying(
            trade_no=trade.trade_no,
            out_trade_no=out_trade_no,
            buyer_logon_id=logon_id_of(conn, buyer_id),
            total_amount=yuan(fen),
        ), []
    if not charge(conn, trade, buyer_id, stamp):
        # refused outright: the real gateway keeps no trade a later query could find
        conn.execute("DELETE FROM trades WHERE out_trade_no = ?", (out_trade_no,))
        return answers.business_failed("ACQ.BUYER_BALANCE_NOT_ENOUGH", "买家余额不足"), []
    paid = find_trade(conn, out_trade_no)
    assert paid is not None
    return answers.success(**_paid_fields(conn, paid)), [paid_notice(paid, app_id, stamp)]


def _pay_again(conn: sqlite3.Connection, trade: Trade, fen: int) -> Answer:
    """A pay naming a trade the gateway has: the same answer again, nothing charged."""
    if trade.status == TradeStatus.TRADE_CLOSED:
        return answers.trade_has_closed()
    if trade.total_fen != fen or trade.channel != "code":
        return answers.context_inconsistent()
    if trade.status == TradeStatus.TRADE_SUCCESS:
        return answers.success(**_paid_fields(conn, trade))
    return answers.user_paying(
        trade_no=trade.trade_no,
        out_trade_no=trade.out_trade_no,
        buyer_logon_id=logon_id_of(conn, trade.buyer_id),
        total_amount=yuan(trade.total_fen),
    )


def lookup(conn: sqlite3.Connection, biz: dict[str, Any], now: str) -> Trade | None:
    """The trade a query, cancel or refund names by out_trade_no or else trade_no."""
    out_trade_no = str(biz.get("out_trade_no") or "")
    if not out_trade_no and biz.get("trade_no"):
        row = conn.execute(
            "SELECT out_trade_no FROM trades WHERE trade_no = ?", (str(biz["trade_no"]),)
        ).fetchone()
        out_trade_no = "" if row is None else str(row["out_trade_no"])
    return current_trade(conn, out_trade_no, now) if out_trade_no else None


def query(conn: sqlite3.Connection, now: datetime, biz: dict[str, Any]) -> Outcome:
    trade = lookup(conn, biz, now.strftime(TIME_FORMAT))
    if trade is None:
        return answers.trade_not_exist(), []
    paid = trade.paid_at is not None
    fields: dict[str, str] = {
        "trade_no": trade.trade_no,
        "out_trade_no": trade.out_trade_no,
        "trade_status": trade.status,
        "total_amount": yuan(trade.total_fen),
        "receipt_amount": yuan(trade.total_fen if paid else 0),
        "buyer_pay_amount": yuan(trade.total_fen if paid else 0),
    }
    if trade.buyer_id is not None:
        fields["buyer_logon_id"] = logon_id_of(conn, trade.buyer_id)
    if trade.paid_at is not None:
        fields["send_pay_date"] = trade.paid_at
    return answers.success(**fields), []


#: the out_request_no a cancel's refund is recorded under (one per trade)
CANCEL_REQUEST_NO = "CANCEL"


def cancel(conn: sqlite3.Connection, now: datetime, biz: dict[str, Any], app_id: str) -> Outcome:
    stamp = now.strftime(TIME_FORMAT)
    out_trade_no = str(biz.get("out_trade_no") or "")
    trade = lookup(conn, biz, stamp)
    if trade is None:
        if not _OUT_TRADE_NO.match(out_trade_no):
            return answers.trade_not_exist(), []
        trade = _open_trade(
            conn,
            now,
            out_trade_no,
            "cancelled",
            subject="",
            total_fen=0,
            status=TradeStatus.TRADE_CLOSED,
            closed_at=stamp,
        )
    notices: list[Notice | None] = []
    if trade.status == TradeStatus.WAIT_BUYER_PAY:
        update_trade(conn, trade.out_trade_no, status=TradeStatus.TRADE_CLOSED, closed_at=stamp)
    elif trade.status == TradeStatus.TRADE_SUCCESS:
        give_back(conn, trade, trade.total_fen - trade.refunded_fen, CANCEL_REQUEST_NO, stamp)
        refunded = find_trade(conn, trade.out_trade_no)
        assert refunded is not None
        notices.append(refund_notice(refunded, app_id, CANCEL_REQUEST_NO, stamp))
    after = find_trade(conn, trade.out_trade_no)
    assert after is not None
    action = "refund" if after.refunded_fen > 0 else "close"
    return answers.success(
        trade_no=after.trade_no, out_trade_no=after.out_trade_no, retry_flag="N", action=action
    ), notices
