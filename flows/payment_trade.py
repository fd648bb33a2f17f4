"""One payment attempt's trade, worked off the flow's loop: the ledger written before
each act (CREATED, SENT, then the gateway; PAID before the journey goes on; CANCELLED or
REFUNDED once the gateway closed it), and what the gateway answered.

The journey may end while a step is under way on a worker thread (the resident leaves,
the idle timeout): :meth:`TradeAttempt.leave` then closes the trade itself once no step
runs any more, on a thread of its own, so a trade is cancelled, never abandoned. A trade
found paid is left PAID: the recovery (``payments/recovery.py``) completes the bill or
the fee, or refunds it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TypeVar

from device_contracts import Completion, CompletionCode, Operation
from flows.payment_ports import (
    CancelOutcome,
    GatewayAnswer,
    GatewayStatus,
    GatewayUnreachable,
    PaymentGateway,
    PayMethod,
    TradeLedger,
    TradeRequest,
    TradeState,
)
from flows.payment_session import PaymentOrder

log = logging.getLogger(__name__)

T = TypeVar("T")

#: the gateway did not answer in time, or its answer could not be believed
UNKNOWN = CompletionCode.DEVICE_NOT_READY
#: how often a cancel is sent again when the gateway asks for it (retry_flag Y)
CANCEL_TRIES = 3


def call_gateway(name: str, fn: Callable[[], T], timeout: float | None) -> Operation[T]:
    """Run a blocking gateway step off the caller's thread; an answer that never came is
    UNKNOWN (never a success nor a refusal)."""

    def work(_op: Operation[T]) -> Completion[T]:
        try:
            return Completion.success(fn())
        except GatewayUnreachable:
            return Completion.failure(UNKNOWN, detail="gateway_unreachable")

    return Operation.spawn(name, work, timeout)


def refund_trade(
    gateway: PaymentGateway, ledger: TradeLedger, out_trade_no: str, amount_fen: int, reason: str
) -> bool:
    """Give a paid trade's money back (the bill or the fee could not take it): REFUNDING
    first, REFUNDED once the gateway says so (the recovery sends the same request again,
    by its out_request_no, when it did not)."""
    ledger.advance(out_trade_no, TradeState.REFUNDING)
    if not gateway.refund(out_trade_no, amount_fen, refund_request_no(out_trade_no), reason):
        return False
    ledger.advance(out_trade_no, TradeState.REFUNDED)
    log.info("trade refunded", extra={"out_trade_no": out_trade_no, "amount_fen": amount_fen})
    return True


def refund_request_no(out_trade_no: str) -> str:
    """The refund's out_request_no: one refund per trade, the same on every try."""
    return out_trade_no + "-R"


class TradeAttempt:
    """One trade number's life at this kiosk, shared by the loop and the worker threads
    (one lock)."""

    def __init__(
        self,
        gateway: PaymentGateway,
        ledger: TradeLedger,
        order: PaymentOrder,
        method: PayMethod,
    ) -> None:
        self._gateway = gateway
        self._ledger = ledger
        self.order = order
        self.method = method
        self._lock = threading.Lock()
        self.out_trade_no: str | None = None
        #: paid, cancelled or refunded, as the ledger holds it: nothing left to close
        self._ended = False
        self._steps = 0
        self._left = False
        #: the close the journey's leaving asked for was started (once: an unreachable
        #: gateway leaves the trade to the recovery, never to a loop of retries here)
        self._closing = False
        #: set once that close ended, closed or not (for the tests and the log)
        self.closed = threading.Event()

    # ------------------------------------------------------------------ steps (worker side)
    def precreate(self) -> GatewayAnswer:
        return self._step(lambda: self._open_and_send(self._gateway.precreate))

    def pay_with_code(self, auth_code: str) -> GatewayAnswer:
        return self._step(
            lambda: self._open_and_send(lambda t: self._gateway.pay_with_code(t, auth_code))
        )

    def query(self) -> GatewayAnswer:
        out = self._number()
        return self._step(lambda: self._record(self._gateway.query(out)))

    def close(self) -> CancelOutcome:
        """Close the trade at the gateway (a paid one is refunded by it) and write what
        became of it; GatewayUnreachable leaves it SENT for the recovery."""
        return self._step(self._close)

    # ------------------------------------------------------------------ the journey left
    def leave(self) -> Operation[CancelOutcome] | None:
        """The journey ended: close the trade unless it is paid or closed already; at once
        when no step runs (the returned operation), else when the last step ends."""
        with self._lock:
            self._left = True
            now = self._claim_close()
        return self._close_in_background() if now else None

    # ------------------------------------------------------------------ internals
    def _number(self) -> str:
        assert self.out_trade_no is not None, "no trade opened yet"
        return self.out_trade_no

    def _step(self, fn: Callable[[], T]) -> T:
        with self._lock:
            self._steps += 1
        try:
            return fn()
        finally:
            with self._lock:
                self._steps -= 1
                close = self._left and self._claim_close()
            if close:
                self._close_in_background()

    def _claim_close(self) -> bool:
        """Under the lock: True (once) when the trade is to be closed now: no step runs,
        a trade was opened, nothing closed or paid it."""
        if self._steps or self.out_trade_no is None or self._ended or self._closing:
            return False
        self._closing = True
        return True

    def _close_in_background(self) -> Operation[CancelOutcome]:
        log.info("trade closed as the journey left", extra={"out_trade_no": self.out_trade_no})
        op = call_gateway("payment.close", self.close, None)
        op.add_done_callback(lambda _c: self.closed.set())
        return op

    def _open_and_send(self, send: Callable[[TradeRequest], GatewayAnswer]) -> GatewayAnswer:
        o = self.order
        record = self._ledger.open_trade(o.purpose, o.reference, o.amount_fen, self.method)
        with self._lock:
            self.out_trade_no = record.out_trade_no
        # SENT before the call: killed during it, the recovery asks the gateway
        self._ledger.advance(record.out_trade_no, TradeState.SENT)
        return self._record(send(TradeRequest(record.out_trade_no, o.amount_fen, o.subject)))

    def _record(self, answer: GatewayAnswer) -> GatewayAnswer:
        """Write what the gateway says before the journey acts on it."""
        out = self._number()
        if answer.status is GatewayStatus.SUCCESS:
            self._ledger.advance(out, TradeState.PAID, answer.trade_no)
            self._ended = True
        elif answer.status in (GatewayStatus.CLOSED, GatewayStatus.FAILED):
            self._ledger.advance(out, TradeState.CANCELLED, answer.trade_no)
            self._ended = True
        return answer

    def _close(self) -> CancelOutcome:
        out = self._number()
        outcome = CancelOutcome.RETRY
        for _ in range(CANCEL_TRIES):
            outcome = self._gateway.cancel(out)
            if outcome is not CancelOutcome.RETRY:
                break
        if outcome is CancelOutcome.RETRY:
            raise GatewayUnreachable("the gateway kept asking to cancel again")
        state = TradeState.CANCELLED if outcome is CancelOutcome.CLOSED else TradeState.REFUNDED
        self._ledger.advance(out, state)
        self._ended = True
        log.info("trade closed", extra={"out_trade_no": out, "outcome": outcome.value})
        return outcome
