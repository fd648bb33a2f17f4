"""Each unsettled trade of the ledger brought to its end, per the table in
:class:`flows.payment_ports.TradeState`: at the kiosk's start (a kill -9 at any step
leaves the trade where its last durable write put it), from ``kiosk payments recover``,
and now and then while the kiosk runs (a paid fee whose case was still queued).

* CREATED / SENT: the gateway is asked. Paid -> PAID (and on, below). Anything else
  (never seen, waiting for the buyer, closed) -> cancelled (撤销: a QR no longer shown
  must not be paid later; a number the gateway never saw is recorded closed, so a late
  pay under it fails) -> CANCELLED, or REFUNDED when the money had moved meanwhile.
* PAID: a bill is settled at the platform (SETTLED -> COMPLETED, REFUSED -> REFUNDING);
  a fee is COMPLETED when the platform holds its case, REFUNDING when it refused the
  case or no case was ever stored, left PAID while the case waits in the outbox.
* REFUNDING: the refund is sent (out_request_no = out_trade_no + "-R", the same one every
  time, so the gateway refunds once) -> REFUNDED.

What cannot be decided now (no gateway, no platform, a reference that does not open)
is left where it is for the next pass, never guessed. A pass that runs while journeys
may be under way (the CLI, the kiosk's own timer, the start's pass once the screen is
up) leaves trades changed after a given time alone: the resident may be looking at
that QR.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from flows.payment_ports import (
    CancelOutcome,
    GatewayStatus,
    GatewayUnreachable,
    PaymentGateway,
    SettleOutcome,
    TradePurpose,
    TradeRecord,
    TradeState,
    UtilityBiller,
)
from flows.ports import PlatformError
from payments.case_standing import CaseStanding
from payments.trade_ledger import SqliteTradeLedger
from payments.trade_numbers import refund_request_number

log = logging.getLogger(__name__)

#: how often a cancel the gateway asks to repeat (retry_flag Y) is sent in one pass
CANCEL_TRIES = 3
REFUND_REASON = "业务未能办结，原路退款"


@dataclass(frozen=True)
class RecoveryStep:
    """What one pass did with one trade (no personal data: the reference is left out)."""

    out_trade_no: str
    purpose: TradePurpose
    amount_fen: int
    before: TradeState
    after: TradeState
    #: why it stands where it does, for the technician ("gateway unreachable" ...)
    note: str = ""


@dataclass
class RecoveryReport:
    steps: list[RecoveryStep] = field(default_factory=list)
    #: trades too young for this pass (a journey may hold them)
    skipped_young: int = 0

    @property
    def settled(self) -> int:
        return sum(1 for s in self.steps if s.after in _SETTLED)

    @property
    def left(self) -> list[RecoveryStep]:
        return [s for s in self.steps if s.after not in _SETTLED]


_SETTLED = frozenset({TradeState.COMPLETED, TradeState.CANCELLED, TradeState.REFUNDED})


class TradeRecovery:
    """One pass over the ledger's unsettled trades (:meth:`run`); blocking: run it off
    the GUI thread."""

    def __init__(
        self,
        ledger: SqliteTradeLedger,
        gateway: PaymentGateway,
        biller: UtilityBiller,
        case_standing: Callable[[str], CaseStanding],
    ) -> None:
        self._ledger = ledger
        self._gateway = gateway
        self._biller = biller
        self._case_standing = case_standing

    def run(self, changed_before: datetime | None = None) -> RecoveryReport:
        """One pass; with ``changed_before``, trades changed since then are left alone
        (a journey may hold them: at the kiosk's start, the start's time; while it runs,
        a while ago)."""
        report = RecoveryReport()
        for trade in self._ledger.unsettled():
            if changed_before is not None and datetime.fromisoformat(trade.updated_at) >= (
                changed_before
            ):
                report.skipped_young += 1
                continue
            before = trade.state
            trade, note = self._settle(trade)
            report.steps.append(
                RecoveryStep(
                    trade.out_trade_no,
                    trade.purpose,
                    trade.amount_fen,
                    before,
                    trade.state,
                    note,
                )
            )
            log.info(
                "trade recovered" if trade.state in _SETTLED else "trade left for later",
                extra={
                    "out_trade_no": trade.out_trade_no,
                    "from": before.value,
                    "to": trade.state.value,
                    "note": note,
                },
            )
        return report

    def _settle(self, trade: TradeRecord) -> tuple[TradeRecord, str]:
        """The trade moved as far as it can go now, and why it stopped there."""
        try:
            if trade.state in (TradeState.CREATED, TradeState.SENT):
                trade = self._resolve_unknown(trade)
            if trade.state is TradeState.PAID:
                trade = self._complete(trade)
            if trade.state is TradeState.REFUNDING:
                trade = self._refund(trade)
        except GatewayUnreachable as exc:
            return trade, f"gateway: {exc}"
        except PlatformError as exc:
            return trade, f"platform: {exc.detail or type(exc).__name__}"
        except _Undecided as exc:
            return trade, str(exc)
        return trade, ""

    def _resolve_unknown(self, trade: TradeRecord) -> TradeRecord:
        answer = self._gateway.query(trade.out_trade_no)
        if answer.status is GatewayStatus.SUCCESS:
            return self._ledger.advance(trade.out_trade_no, TradeState.PAID, answer.trade_no)
        if answer.status is GatewayStatus.FAILED:
            raise _Undecided(f"gateway query refused: {answer.sub_code}")
        for _ in range(CANCEL_TRIES):
            outcome = self._gateway.cancel(trade.out_trade_no)
            if outcome is CancelOutcome.CLOSED:
                return self._ledger.advance(trade.out_trade_no, TradeState.CANCELLED)
            if outcome is CancelOutcome.REFUNDED:
                return self._ledger.advance(trade.out_trade_no, TradeState.REFUNDED)
        raise _Undecided("the gateway asks to cancel again later")

    def _complete(self, trade: TradeRecord) -> TradeRecord:
        if not trade.reference:
            raise _Undecided("its reference does not open (another key?)")
        if trade.purpose is TradePurpose.UTILITY_BILL:
            outcome = self._biller.settle_bill(
                trade.reference, trade.out_trade_no, trade.amount_fen
            )
            done = outcome is SettleOutcome.SETTLED
        else:
            standing = self._case_standing(trade.reference)
            if standing is CaseStanding.WAITING:
                raise _Undecided("its case still waits in the outbox")
            done = standing is CaseStanding.HELD
        state = TradeState.COMPLETED if done else TradeState.REFUNDING
        return self._ledger.advance(trade.out_trade_no, state)

    def _refund(self, trade: TradeRecord) -> TradeRecord:
        request_no = refund_request_number(trade.out_trade_no)
        if not self._gateway.refund(
            trade.out_trade_no, trade.amount_fen, request_no, REFUND_REASON
        ):
            raise _Undecided("the gateway refused the refund: staff must see to it")
        return self._ledger.advance(trade.out_trade_no, TradeState.REFUNDED)


class _Undecided(Exception):
    """Nothing more can be done with this trade in this pass; the message says why."""
