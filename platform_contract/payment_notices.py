"""What the platform heard from the payment gateway's asynchronous notifies (issue 23),
as the back office reads it: each trade once, where it stands by the newest notify, and
what it paid on the platform (a utility bill, a case's fee), for the clerks and for a
reconciliation by hand. Trade numbers, amounts, times: nothing of the payer."""

from __future__ import annotations

from pydantic import BaseModel, Field

#: the gateway's trade states as its notifies say them (alipay's trade_status)
TRADE_STATUSES = ("WAIT_BUYER_PAY", "TRADE_SUCCESS", "TRADE_FINISHED", "TRADE_CLOSED")


class TradeSeenOut(BaseModel):
    out_trade_no: str
    trade_no: str
    trade_status: str = Field(description="by the newest notify: one of TRADE_STATUSES")
    amount_fen: int
    notify_time: str = Field(description="the newest notify's time, as the gateway wrote it")
    bill_id: str | None = Field(None, description="the utility bill this trade settled")
    case_code: str | None = Field(None, description="the case whose fee this trade paid")


class PaymentReportOut(BaseModel):
    notices: int = Field(description="notifies received (each notify_id once)")
    by_status: dict[str, int] = Field(description="trades per trade_status")
    trades: list[TradeSeenOut]
