"""What the payment journeys (便民缴费, a matter's fee) ask of the payment gateway, of the
kiosk's own trade ledger and of the utility biller (issue 23).

Money is where a kiosk is trusted or not, so the shape is fixed here, below every
implementation: the gateway's client (``payments/gateway_client.py``, python-alipay-sdk),
the durable trade ledger (``payments/trade_ledger.py``) and the biller's client
(``offline_cache/utility_bills.py``) implement these; the flows and the recovery after a
kill -9 use nothing else. Amounts are whole fen (分), never floats.

The one rule the ledger exists for: a trade number is written durably *before* the first
call that could charge anyone, and every later fact is written before it is acted on, so a
kiosk killed at any step finds each trade on restart and either completes it or cancels /
refunds it (see :class:`TradeState`).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Protocol

from device_contracts import Text


class PayMethod(enum.StrEnum):
    #: the kiosk shows a payment QR the resident scans with the phone (alipay.trade.precreate)
    QR = "qr"
    #: the kiosk's scanner reads the resident's payment code, 付款码 (alipay.trade.pay)
    CODE = "code"


class TradePurpose(enum.StrEnum):
    UTILITY_BILL = "utility_bill"
    MATTER_FEE = "matter_fee"


class Utility(enum.StrEnum):
    WATER = "water"
    ELECTRICITY = "electricity"
    GAS = "gas"
    HEATING = "heating"


class GatewayStatus(enum.StrEnum):
    """Where the gateway says a trade is."""

    #: created (a QR shown, or a code taken) and not paid yet
    WAIT_BUYER_PAY = "wait_buyer_pay"
    #: the payer's phone asks for the password (alipay.trade.pay's 10003 USERPAYING)
    USER_PAYING = "user_paying"
    #: paid; money taken
    SUCCESS = "success"
    #: closed unpaid, cancelled, expired or fully refunded: no money held
    CLOSED = "closed"
    #: the gateway has no such trade (never reached it)
    NOT_EXIST = "not_exist"
    #: refused outright (balance not enough, code invalid or expired ...): see ``sub_code``
    FAILED = "failed"


@dataclass(frozen=True)
class TradeRequest:
    #: the kiosk's trade number (out_trade_no), from the ledger, unique per attempt
    out_trade_no: str
    amount_fen: int
    #: what is paid, shown on the payer's phone: no personal data (e.g. "水费 2026-11")
    subject: str


@dataclass(frozen=True)
class GatewayAnswer:
    status: GatewayStatus
    out_trade_no: str
    #: the gateway's own trade number once it has one (trade_no)
    trade_no: str | None = None
    #: the payment QR's content (precreate only)
    qr_code: str | None = None
    #: what was paid, when paid
    paid_fen: int | None = None
    #: the gateway's reason for FAILED (ACQ.BUYER_BALANCE_NOT_ENOUGH, ACQ.PAYMENT_AUTH_CODE_INVALID ...)
    sub_code: str | None = None


class CancelOutcome(enum.StrEnum):
    #: the trade was closed before any money moved
    CLOSED = "closed"
    #: the money had moved and went back (alipay.trade.cancel's action "refund")
    REFUNDED = "refunded"
    #: the gateway asks to call cancel again (retry_flag Y)
    RETRY = "retry"


class GatewayUnreachable(Exception):
    """No answer in time, or one that cannot be believed (a bad signature): the trade's
    result is UNKNOWN and must be queried, never assumed either way."""


class PaymentGateway(Protocol):
    """Blocking calls; the flows make them on worker threads (``flows/platform_call.py``)."""

    def precreate(self, trade: TradeRequest) -> GatewayAnswer: ...

    def pay_with_code(self, trade: TradeRequest, auth_code: str) -> GatewayAnswer: ...

    def query(self, out_trade_no: str) -> GatewayAnswer: ...

    def cancel(self, out_trade_no: str) -> CancelOutcome: ...

    def refund(self, out_trade_no: str, amount_fen: int, out_request_no: str, reason: str) -> bool:
        """True once the gateway says the amount went back (idempotent by out_request_no)."""
        ...


class TradeState(enum.StrEnum):
    """The kiosk ledger's state of one trade. Terminal: COMPLETED, CANCELLED, REFUNDED.

    | state | written when | recovery after a kill -9 |
    | --- | --- | --- |
    | CREATED | before the first gateway call | query; not there -> CANCELLED (cancel anyway) |
    | SENT | a precreate / pay was sent (answer may be unknown) | query: SUCCESS -> PAID; else cancel |
    | PAID | the gateway said SUCCESS | complete the bill / fee; refused -> REFUNDING |
    | REFUNDING | the bill or fee cannot be completed | refund (same out_request_no) |
    | COMPLETED | the bill is marked paid / the case holds the trade | nothing |
    | CANCELLED | the gateway closed or cancelled the trade unpaid | nothing |
    | REFUNDED | the money went back | nothing |
    """

    CREATED = "created"
    SENT = "sent"
    PAID = "paid"
    REFUNDING = "refunding"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    REFUNDED = "refunded"


SETTLED_STATES = frozenset({TradeState.COMPLETED, TradeState.CANCELLED, TradeState.REFUNDED})


@dataclass(frozen=True)
class TradeRecord:
    out_trade_no: str
    purpose: TradePurpose
    #: the bill's id (UTILITY_BILL) or the case's idempotency key (MATTER_FEE): no personal data
    reference: str
    amount_fen: int
    method: PayMethod
    state: TradeState
    trade_no: str | None = None
    #: ISO-8601 UTC of the last change
    updated_at: str = ""


class TradeLedger(Protocol):
    """The kiosk's durable, encrypted record of every trade (the reconciliation's side)."""

    def open_trade(
        self, purpose: TradePurpose, reference: str, amount_fen: int, method: PayMethod
    ) -> TradeRecord:
        """Write a new trade (CREATED) with a fresh out_trade_no, durably, and return it."""
        ...

    def advance(
        self, out_trade_no: str, state: TradeState, trade_no: str | None = None
    ) -> TradeRecord:
        """Write the trade's next state durably before the caller acts on it."""
        ...

    def unsettled(self) -> list[TradeRecord]:
        """Every trade not in SETTLED_STATES, oldest first (what recovery walks)."""
        ...


@dataclass(frozen=True)
class BillDue:
    """A utility bill as the biller answers it: nothing but what the screen shows."""

    bill_id: str
    utility: Utility
    #: the account number (户号) as typed or scanned
    account: str
    #: the holder's name masked by the biller (e.g. "张*"), never the whole name
    holder_masked: str
    #: the billing period, e.g. "2026-11"
    period: str
    amount_fen: int


class SettleOutcome(enum.StrEnum):
    #: the bill is marked paid by this trade (also when it already was, by this same trade)
    SETTLED = "settled"
    #: the bill cannot take this payment (paid by another trade, closed, amount changed):
    #: the money must go back
    REFUSED = "refused"


class UtilityBiller(Protocol):
    """The utility-billing side (on the platform); PlatformUnavailable when it does not answer."""

    def find_bill(self, utility: Utility, account: str) -> BillDue | None: ...

    def settle_bill(self, bill_id: str, out_trade_no: str, amount_fen: int) -> SettleOutcome: ...


@dataclass(frozen=True)
class PaymentFailure:
    """Why a payment did not go through, for the screen (bilingual) and the log (code)."""

    code: str
    text: Text
