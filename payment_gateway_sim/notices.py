"""What an asynchronous notify says (``notify_type`` trade_status_sync), built inside the
transaction that changed the trade and sent once it committed: a trade paid, or money
of it given back. No payer data goes out: trade numbers, amounts, times, status."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from payment_gateway_sim.answers import yuan
from payment_gateway_sim.store import Trade


@dataclass(frozen=True)
class Notice:
    notify_url: str
    #: every parameter but sign and sign_type, which the notifier adds
    params: dict[str, str]

    @property
    def notify_id(self) -> str:
        return self.params["notify_id"]


def _base(trade: Trade, app_id: str, now: str) -> dict[str, str]:
    return {
        "notify_id": secrets.token_hex(16),
        "notify_time": now,
        "notify_type": "trade_status_sync",
        "app_id": app_id,
        "charset": "utf-8",
        "version": "1.0",
        "trade_no": trade.trade_no,
        "out_trade_no": trade.out_trade_no,
        "trade_status": trade.status,
        "total_amount": yuan(trade.total_fen),
        "subject": trade.subject,
        "gmt_create": trade.created_at,
    }


def paid_notice(trade: Trade, app_id: str, now: str) -> Notice | None:
    """``trade`` as it is once paid; None when the request named no notify_url."""
    if not trade.notify_url:
        return None
    params = _base(trade, app_id, now)
    params.update(
        receipt_amount=yuan(trade.total_fen),
        buyer_pay_amount=yuan(trade.total_fen),
        invoice_amount=yuan(trade.total_fen),
        gmt_payment=trade.paid_at or now,
    )
    return Notice(trade.notify_url, params)


def refund_notice(trade: Trade, app_id: str, out_request_no: str, now: str) -> Notice | None:
    """``trade`` as it is after a refund (TRADE_CLOSED once all of it went back)."""
    if not trade.notify_url:
        return None
    params = _base(trade, app_id, now)
    params.update(
        refund_fee=yuan(trade.refunded_fen),
        out_biz_no=out_request_no,
        gmt_refund=now,
        gmt_payment=trade.paid_at or "",
    )
    return Notice(trade.notify_url, params)
