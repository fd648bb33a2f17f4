"""The payment's steps on the flow's loop (the states of :mod:`flows.payment_machine`),
one part of a journey that takes a payment (便民缴费, a matter's fee).

The gateway and the ledger are worked on worker threads (:mod:`flows.payment_trade`),
the waits with the loop's timers (a QR's life, the payer's password, asking the gateway
again every few seconds), never by sleeping. The journey hands its own state changes
in through :class:`PaymentHost` and calls :meth:`PaymentSteps.leave` when its session
ends, so a trade under way is cancelled, never abandoned.
"""

from __future__ import annotations

import enum
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from device_contracts import Completion, CompletionCode, Operation, QrScanner
from flows import payment_messages as pm
from flows.machine_flow import MachineFlow
from flows.payment_journey_ports import PaymentPorts
from flows.payment_machine import PaymentState
from flows.payment_ports import CancelOutcome, GatewayAnswer, GatewayStatus, PayMethod
from flows.payment_session import PaymentOrder, PaymentSession
from flows.payment_trade import TradeAttempt, call_gateway
from flows.ports import FlowLoop, Timer

log = logging.getLogger(__name__)

P = PaymentState
S = TypeVar("S", bound=enum.StrEnum)

#: an Alipay payment code (付款码): 16 to 24 digits starting 25 to 30
PAYMENT_CODE = re.compile(r"(2[5-9]|30)\d{14,22}")

Handler = Callable[[Completion[Any]], None]


@dataclass(frozen=True)
class PaymentHost:
    """What the steps need of the journey that holds them (its protected parts, handed
    in by the journey itself)."""

    fire: Callable[[str], bool]
    watch: Callable[[Operation[Any], Handler], Operation[Any]]
    changed: Callable[[], None]
    state: Callable[[], str]
    session: Callable[[], PaymentSession]
    abandon: Callable[[Operation[Any]], None]


class PaymentSteps:
    """The payment's entry actions and the resident's choices in it."""

    def __init__(
        self, ports: PaymentPorts, loop: FlowLoop, scanner: QrScanner, host: PaymentHost
    ) -> None:
        self.ports = ports
        self._loop = loop
        self._scanner = scanner
        self._host = host
        self._attempt: TradeAttempt | None = None
        self._timers: list[Timer] = []
        #: the payment code read, between the scanner and the pay call (never kept)
        self._auth_code = ""
        #: where the cancelling step leads once the trade is closed
        self._after_close = "back_to_methods"
        self._checks_left = 0
        self._scan: Operation[str] | None = None
        #: the last attempt the journey left under way (its ``closed`` event: for the tests)
        self.left: TradeAttempt | None = None

    def entries(self) -> dict[PaymentState, Callable[[], None]]:
        return {
            P.CREATING: self._create,
            P.SHOWING_QR: self._show_qr,
            P.WAITING_CODE: self._listen_for_code,
            P.PAYING: self._pay,
            P.USER_PAYING: self._await_password,
            P.CHECKING: self._check,
            P.CANCELLING: self._close,
        }

    @property
    def session(self) -> PaymentSession:
        return self._host.session()

    # ------------------------------------------------------------------ the journey
    def begin(self, order: PaymentOrder) -> None:
        """What will be paid; the journey then enters the payment (``choosing_method``)."""
        s = self.session
        s.order, s.clock, s.trade_no, s.paid_fen = order, self.ports.clock, None, 0
        s.new_attempt()

    def leave(self) -> None:
        """The journey's session ends: no more waits; a trade under way is closed."""
        self._disarm()
        self._stop_scanning()
        attempt, self._attempt = self._attempt, None
        if attempt is not None:
            self.left = attempt
            attempt.leave()

    # ------------------------------------------------------------------ the resident
    def choose_method(self, method: str) -> None:
        if self._host.state() != P.CHOOSING_METHOD:
            return
        chosen = PayMethod(method)
        self.session.new_attempt()
        self.session.method = chosen
        self._host.fire("pay_by_qr" if chosen is PayMethod.QR else "pay_by_code")

    def other_method(self) -> None:
        """From the QR or the scanner back to the ways to pay (the QR's trade closed)."""
        state = self._host.state()
        if state == P.SHOWING_QR:
            self._close_then("back_to_methods")
        elif state == P.WAITING_CODE:
            self._stop_scanning()
            self._host.fire("back_to_methods")

    def pay_again(self) -> None:
        if self._host.state() in (P.FAILED, P.EXPIRED):
            self.session.new_attempt()
            self._host.fire("back_to_methods")

    # ------------------------------------------------------------------ QR
    def _new_trade(self, method: PayMethod) -> TradeAttempt:
        order = self.session.order
        assert order is not None, "begin() comes first"
        self._attempt = TradeAttempt(self.ports.gateway, self.ports.ledger, order, method)
        return self._attempt

    def _create(self) -> None:
        attempt = self._new_trade(PayMethod.QR)
        self._gateway_step("payment.precreate", attempt.precreate, self._on_created)

    def _on_created(self, c: Completion[GatewayAnswer]) -> None:
        answer = c.value if c.ok else None
        if (
            answer is not None
            and answer.qr_code
            and answer.status
            in (
                GatewayStatus.WAIT_BUYER_PAY,
                GatewayStatus.NOT_EXIST,
            )
        ):
            s = self.session
            s.qr_code = answer.qr_code
            s.qr_deadline = self.ports.clock.now() + self.ports.times.qr_life
            self._host.fire("qr_ready")
            return
        self._answered(c)

    def _show_qr(self) -> None:
        self._disarm()
        left = self.session.qr_seconds_left()
        self._later(left, lambda: self._close_then("trade_expired"))
        self._poll()

    # ------------------------------------------------------------------ payment code
    def _listen_for_code(self) -> None:
        self._scan = self._scanner.scan(self.ports.times.code_scan)
        self._host.watch(self._scan, self._on_code)

    def _stop_scanning(self) -> None:
        """The scanner stops listening for a code, so the next scan goes elsewhere."""
        op, self._scan = self._scan, None
        if op is not None:
            self._host.abandon(op)

    def _on_code(self, c: Completion[str]) -> None:
        s = self.session
        self._scan = None
        if c.ok and c.value is not None:
            code = c.value.strip()
            if PAYMENT_CODE.fullmatch(code):
                s.message = None
                self._auth_code = code
                self._host.fire("code_scanned")
                return
            s.message = pm.NOT_A_PAYMENT_CODE
        elif c.code is not CompletionCode.TIMEOUT:
            log.warning("payment code not read", extra={"code": c.code.value})
            s.message = c.text
            return
        self._listen_for_code()

    def _pay(self) -> None:
        code, self._auth_code = self._auth_code, ""
        attempt = self._new_trade(PayMethod.CODE)
        self._gateway_step("payment.pay", lambda: attempt.pay_with_code(code), self._answered)

    def _await_password(self) -> None:
        self._disarm()
        self._later(self.ports.times.confirm_within, self._not_confirmed)
        self._poll()

    def _not_confirmed(self) -> None:
        self.session.failure = pm.NOT_CONFIRMED
        self._close_then("trade_not_paid")

    # ------------------------------------------------------------------ the gateway's answers
    def _answered(self, c: Completion[GatewayAnswer]) -> None:
        """A precreate's or a pay's answer (no QR in it): paid, on the phone, refused, or
        unknown (asked after in ``checking``)."""
        answer = c.value if c.ok else None
        if answer is None:
            log.warning("payment answer lost", extra={"code": c.code.value, "detail": c.detail})
            self._host.fire("answer_lost")
        elif answer.status is GatewayStatus.SUCCESS:
            self._paid(answer)
        elif answer.status is GatewayStatus.USER_PAYING:
            self._host.fire("awaiting_password")
        elif answer.status in (GatewayStatus.FAILED, GatewayStatus.CLOSED):
            self._declined(answer)
        else:
            self._host.fire("answer_lost")

    def _declined(self, answer: GatewayAnswer) -> None:
        self.session.failure = pm.declined(answer.sub_code)
        log.info("payment declined", extra={"sub_code": answer.sub_code or ""})
        self._host.fire("payment_declined")

    def _paid(self, answer: GatewayAnswer) -> None:
        s = self.session
        s.trade_no = answer.trade_no or ""
        s.paid_fen = answer.paid_fen or s.amount_fen
        s.qr_code = None
        log.info("payment paid", extra={"out_trade_no": s.out_trade_no, "fen": s.paid_fen})
        self._attempt = None  # paid: nothing of it to cancel any more
        self._host.fire("payment_confirmed")

    def _poll(self) -> None:
        """Ask the gateway again after a while whether the QR or the password was paid."""
        attempt = self._attempt
        assert attempt is not None

        def ask() -> None:
            self._gateway_step("payment.query", attempt.query, self._on_polled)

        self._later(self.ports.times.poll_every, ask)

    def _on_polled(self, c: Completion[GatewayAnswer]) -> None:
        answer = c.value if c.ok else None
        status = answer.status if answer is not None else None
        if answer is not None and status is GatewayStatus.SUCCESS:
            self._disarm()
            self._paid(answer)
        elif status in (GatewayStatus.CLOSED, GatewayStatus.FAILED) and (
            self._host.state() == P.SHOWING_QR
        ):
            self._disarm()
            self._host.fire("trade_expired")
        elif status in (GatewayStatus.CLOSED, GatewayStatus.FAILED):
            self._disarm()
            self.session.failure = pm.NOT_CONFIRMED
            self._host.fire("trade_not_paid")
        else:  # not yet, or no answer this time: ask again
            self._poll()

    # ------------------------------------------------------------------ unknown, closing
    def _check(self) -> None:
        self._checks_left = self.ports.times.checks
        self._ask_after()

    def _ask_after(self) -> None:
        attempt = self._attempt
        if attempt is None or attempt.out_trade_no is None:
            # nothing reached the ledger, so nothing reached the gateway either
            self.session.failure = pm.UNKNOWN
            self._host.fire("trade_not_paid")
            return
        self._gateway_step("payment.query", attempt.query, self._on_checked)

    def _on_checked(self, c: Completion[GatewayAnswer]) -> None:
        answer = c.value if c.ok else None
        if answer is None:
            self._checks_left -= 1
            if self._checks_left > 0:
                self._later(self.ports.times.poll_every, self._ask_after)
                return
            self.session.failure = pm.UNKNOWN
            self._close_then("trade_not_paid")
        elif answer.status is GatewayStatus.SUCCESS:
            self._paid(answer)
        elif answer.status is GatewayStatus.USER_PAYING or (
            answer.status is GatewayStatus.WAIT_BUYER_PAY and self.session.method is PayMethod.CODE
        ):
            self._host.fire("awaiting_password")
        elif answer.status in (GatewayStatus.FAILED, GatewayStatus.CLOSED):
            self.session.failure = pm.declined(answer.sub_code)
            self._host.fire("trade_not_paid")
        else:  # a QR nobody saw, or a trade the gateway never got: closed for good
            self.session.failure = pm.UNKNOWN
            self._close_then("trade_not_paid")

    def _close_then(self, event: str) -> None:
        self._disarm()
        self._after_close = event
        self._host.fire("close_trade")

    def _close(self) -> None:
        attempt = self._attempt
        assert attempt is not None
        self._gateway_step("payment.cancel", attempt.close, self._on_closed)

    def _on_closed(self, c: Completion[Any]) -> None:
        s = self.session
        event = self._after_close
        if not c.ok:
            # left SENT in the ledger: the recovery asks the gateway again and refunds
            log.warning("trade not closed", extra={"out_trade_no": s.out_trade_no})
            s.failure, event = pm.UNKNOWN, "trade_not_paid"
        elif c.value is CancelOutcome.REFUNDED:
            s.failure, event = pm.REFUNDED, "trade_not_paid"
        self._attempt = None
        self._host.fire(event)

    # ------------------------------------------------------------------ plumbing
    def _gateway_step(self, name: str, step: Callable[[], Any], handle: Handler) -> None:
        def handled(c: Completion[Any]) -> None:
            if self._attempt is not None:
                self.session.out_trade_no = self._attempt.out_trade_no
            handle(c)

        self._host.watch(call_gateway(name, step, self.ports.times.gateway_call), handled)

    def _later(self, seconds: float, fn: Callable[[], None]) -> None:
        """``fn`` after ``seconds`` on the loop, unless the state changed or the steps
        were disarmed first."""
        state = self._host.state()

        def fire() -> None:
            if timer in self._timers:
                self._timers.remove(timer)
                if self._host.state() == state:
                    fn()
                    self._host.changed()

        timer = self._loop.call_later(seconds, fire)
        self._timers.append(timer)

    def _disarm(self) -> None:
        timers, self._timers = self._timers, []
        for timer in timers:
            timer.cancel()


class PaymentChoices(MachineFlow[S]):
    """A journey that takes a payment: its steps (None: the site takes no payments) and
    the resident's taps on the payment's pages."""

    payment_steps: PaymentSteps | None

    def _take_payments(
        self,
        ports: PaymentPorts,
        scanner: QrScanner,
        session: Callable[[], PaymentSession],
    ) -> PaymentSteps:
        """The payment's steps on this flow (its states, its loop, its session's part)."""
        host = PaymentHost(
            self._fire, self._watch, self._changed, lambda: self.state, session, self._abandon
        )
        steps = PaymentSteps(ports, self._loop, scanner, host)
        self._entry.update({self._states(k.value): v for k, v in steps.entries().items()})
        return steps

    def choose_method(self, method: str) -> None:
        if self.payment_steps is not None:
            self.payment_steps.choose_method(method)

    def other_method(self) -> None:
        """Back to the ways to pay (the trade under way is closed first)."""
        if self.payment_steps is not None:
            self.payment_steps.other_method()

    def pay_again(self) -> None:
        """After a failure or an expired QR: the ways to pay again, a new trade."""
        if self.payment_steps is not None:
            self.payment_steps.pay_again()
