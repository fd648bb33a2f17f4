"""One payment as the screens see it (the amount, the QR and its time left, why it did
not go through) and the trade it is at; part of a journey's session, wiped with it.

The payment code itself (付款码) is never kept: it goes from the scanner to the gateway."""

from __future__ import annotations

from dataclasses import dataclass

from device_contracts import Text
from flows.payment_ports import PaymentFailure, PayMethod, TradePurpose
from flows.ports import Clock


@dataclass(frozen=True)
class PaymentOrder:
    """What is paid: the ledger's purpose and reference (a bill's id, a case's key: no
    personal data), the amount and what the payer's phone shows."""

    purpose: TradePurpose
    reference: str
    amount_fen: int
    subject: str


@dataclass
class PaymentSession:
    order: PaymentOrder | None = None
    method: PayMethod | None = None
    #: the trade of the attempt under way (out_trade_no), once the ledger holds it
    out_trade_no: str | None = None
    #: the gateway's number once paid (on the receipt and the case)
    trade_no: str | None = None
    qr_code: str | None = None
    #: when the QR expires, on ``clock``
    qr_deadline: float = 0.0
    failure: PaymentFailure | None = None
    #: what the scanner or the gateway said to show on the page under way
    message: Text | None = None
    #: what the last trade paid (the receipt's amount), set with ``trade_no``
    paid_fen: int = 0
    #: the loop's clock, set when a payment begins (None in a fresh session: nothing held)
    clock: Clock | None = None

    @property
    def amount_fen(self) -> int:
        return self.order.amount_fen if self.order is not None else 0

    @property
    def paid(self) -> bool:
        return self.trade_no is not None

    def qr_seconds_left(self) -> float:
        """Seconds until the shown QR expires (0 once it has)."""
        if self.qr_code is None or self.clock is None:
            return 0.0
        return max(0.0, self.qr_deadline - self.clock.now())

    def new_attempt(self) -> None:
        """A new way to pay: a new trade, nothing of the last attempt on screen."""
        self.method = None
        self.out_trade_no = None
        self.qr_code = None
        self.failure = None
        self.message = None
