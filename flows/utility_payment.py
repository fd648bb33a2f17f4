"""便民缴费: a resident pays a water, electricity, gas or heating bill at the kiosk, with
no ID card. The account number is typed (or the bill's barcode scanned), the biller's
bill shown (the holder masked by the biller), the payment taken
(:mod:`flows.payment_steps`), the bill settled at the biller, the receipt printed.

The money is safe at every step: the trade is in the ledger before the gateway hears of
it; a bill the biller refuses once paid (paid meanwhile, closed, the amount changed) is
refunded and the receipt says so; a biller that does not answer leaves the trade PAID
for the recovery (``payments/recovery.py``) to settle, and the receipt says it is under
way. See docs/ARCHITECTURE.md for the states.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from device_contracts import Completion, Operation, Text
from flows import messages
from flows.journey_ports import JourneyPorts
from flows.payment_journey_ports import PaymentPorts
from flows.payment_ports import BillDue, SettleOutcome, TradePurpose, TradeState, Utility
from flows.payment_receipt import UTILITY_NAMES, PaidTrade, utility_receipt
from flows.payment_session import PaymentOrder, PaymentSession
from flows.payment_steps import PaymentChoices, PaymentSteps
from flows.payment_trade import call_gateway, refund_trade
from flows.utility_payment_machine import UtilityPaymentMachine, UtilityPaymentState

__all__ = ["UtilityPaymentFlow", "UtilityPaymentSession", "UtilityPaymentState"]

log = logging.getLogger(__name__)

S = UtilityPaymentState

#: an account number (户号) as typed or read off the bill's barcode
ACCOUNT = re.compile(r"\d{6,20}")
ACCOUNT_FORMAT = Text("请输入6至20位数字户号", "Please enter the account number: 6 to 20 digits")
NO_BILL = Text(
    "该户号没有待缴账单，请核对户号", "No bill is due on that account: please check the number"
)
REFUND_REASON = "账单未能销账，原路退款"


@dataclass(repr=False)
class UtilityPaymentSession:
    """The bill being paid and the payment (no personal data beyond the biller's masked
    holder; wiped at the end)."""

    utility: Utility | None = None
    account: str = ""
    bill: BillDue | None = None
    busy: bool = False
    message: Text | None = None
    payment: PaymentSession = field(default_factory=PaymentSession)
    #: the biller did not answer the settlement: the recovery settles it later
    settle_pending: bool = False
    #: the biller refused the paid bill: its money was sent back (pending: not yet)
    refund_made: bool = False
    refund_pending: bool = False
    receipt_failed: bool = False

    @property
    def trade_no(self) -> str | None:
        return self.payment.trade_no

    def wipe(self) -> None:
        """Drop every reference, so a presenter holding this object keeps nothing."""
        fresh = UtilityPaymentSession()
        for f in dataclasses.fields(self):
            setattr(self, f.name, getattr(fresh, f.name))

    def __repr__(self) -> str:
        return f"UtilityPaymentSession(utility={self.utility}, bill={self.bill is not None})"


class UtilityPaymentFlow(PaymentChoices[UtilityPaymentState]):
    session: UtilityPaymentSession
    payment_steps: PaymentSteps

    def __init__(self, ports: JourneyPorts) -> None:
        if ports.payments is None:
            raise ValueError("便民缴费 needs the payment ports (JourneyPorts.payments)")
        super().__init__(
            "utility_payment",
            UtilityPaymentMachine(_Guards(self)),
            S,
            ports.loop,
            ports.events,
            ports.settings,
        )
        self.payments: PaymentPorts = ports.payments
        self.devices = ports.devices
        self.terminal_id = ports.terminal_id
        self.session = UtilityPaymentSession()
        self._scan: Operation[str] | None = None
        self.payment_steps = self._take_payments(
            ports.payments, ports.devices.qr_scanner, lambda: self.session.payment
        )
        self._entry.update(
            {
                S.ENTERING_ACCOUNT: self._listen_for_bill,
                S.FINDING_BILL: self._find_bill,
                S.SETTLING: self._settle,
                S.REFUNDING: self._refund,
                S.PRINTING_RECEIPT: self._print,
            }
        )

    @property
    def card_to_take(self) -> bool:
        """No ID card in this journey: nothing to give back at the end."""
        return False

    # ------------------------------------------------------------------ the resident
    def start(self) -> None:
        if self._may_start():
            self._fire("start")

    def choose_utility(self, utility: str) -> None:
        if self.state is S.CHOOSING_UTILITY:
            self.session.utility = Utility(utility)
            self.session.message = None
            self._fire("utility_chosen")

    def enter_account(self, account: str) -> None:
        if self.state is not S.ENTERING_ACCOUNT:
            return
        account = account.strip()
        if not ACCOUNT.fullmatch(account):
            self.session.message = ACCOUNT_FORMAT
            self._changed()
            return
        self._stop_scanning()
        self.session.account, self.session.message = account, None
        self._fire("account_entered")

    def back(self) -> None:
        """The account's page to the utilities, the bill's to the account's."""
        if self.state is S.ENTERING_ACCOUNT:
            self._stop_scanning()
            self.session.message = None
            self._fire("back")
        elif self.state is S.SHOWING_BILL:
            self.session.bill = None
            self._fire("back")

    def pay(self) -> None:
        bill = self.session.bill
        if self.state is not S.SHOWING_BILL or bill is None:
            return
        subject = f"{UTILITY_NAMES[bill.utility]} {bill.period}"
        order = PaymentOrder(TradePurpose.UTILITY_BILL, bill.bill_id, bill.amount_fen, subject)
        self.payment_steps.begin(order)
        self._fire("pay")

    def another(self) -> None:
        """Pay another bill."""
        if self.state is S.DONE:
            self.session = UtilityPaymentSession()
            self._fire("another")

    def finish(self) -> None:
        if self.state in (S.DONE, S.REFUNDED):
            self._finish()

    # ------------------------------------------------------------------ the bill
    def _listen_for_bill(self) -> None:
        """The bill's barcode on the scanner gives the account number too."""
        self._scan = self.devices.qr_scanner.scan(self.settings.scan_timeout)
        self._watch(self._scan, self._on_bill_scanned)

    def _on_bill_scanned(self, c: Completion[str]) -> None:
        self._scan = None
        if c.ok and c.value is not None:
            digits = "".join(ch for ch in c.value if ch.isdigit())
            self.enter_account(digits)
        if self.state is S.ENTERING_ACCOUNT:
            self._listen_for_bill()

    def _stop_scanning(self) -> None:
        op, self._scan = self._scan, None
        if op is not None:
            self._abandon(op)

    def _find_bill(self) -> None:
        s = self.session
        biller, utility, account = self.payments.biller, s.utility, s.account
        assert utility is not None
        s.busy = True
        self._call_platform(
            "utility.find_bill", lambda: biller.find_bill(utility, account), self._on_bill
        )

    def _on_bill(self, c: Completion[BillDue | None]) -> None:
        s = self.session
        s.busy = False
        if c.ok and c.value is not None:
            s.bill = c.value
            self._fire("bill_found")
            return
        s.message = NO_BILL if c.ok else (c.message or messages.PLATFORM_UNAVAILABLE)
        log.info("no bill", extra={"flow": "utility_payment", "code": c.code.value})
        self._fire("no_bill")

    # ------------------------------------------------------------------ paid
    def _trade(self) -> PaidTrade:
        p = self.session.payment
        assert p.out_trade_no is not None and p.trade_no is not None
        return PaidTrade(p.out_trade_no, p.trade_no, p.paid_fen)

    def _settle(self) -> None:
        s = self.session
        bill, trade = s.bill, self._trade()
        assert bill is not None
        biller, ledger = self.payments.biller, self.payments.ledger
        s.busy = True

        def settle() -> SettleOutcome:
            outcome = biller.settle_bill(bill.bill_id, trade.out_trade_no, trade.amount_fen)
            if outcome is SettleOutcome.SETTLED:
                # before the receipt: a settled trade is never recovered again
                ledger.advance(trade.out_trade_no, TradeState.COMPLETED)
            return outcome

        self._call_platform("utility.settle", settle, self._on_settled)

    def _on_settled(self, c: Completion[SettleOutcome]) -> None:
        s = self.session
        s.busy = False
        if c.ok and c.value is SettleOutcome.REFUSED:
            log.warning("bill refused its payment", extra={"flow": "utility_payment"})
            self._fire("settle_refused")
            return
        # not answered: the trade stays PAID, the recovery settles it
        s.settle_pending = not c.ok
        log.info("bill settled", extra={"flow": "utility_payment", "pending": s.settle_pending})
        self._fire("settled")

    def _refund(self) -> None:
        s = self.session
        trade, p = self._trade(), self.payments
        s.busy = True
        s.refund_made = True

        def refund() -> bool:
            return refund_trade(
                p.gateway, p.ledger, trade.out_trade_no, trade.amount_fen, REFUND_REASON
            )

        self._watch(call_gateway("payment.refund", refund, p.times.gateway_call), self._on_refunded)

    def _on_refunded(self, c: Completion[bool]) -> None:
        s = self.session
        s.busy = False
        # not refunded yet: the ledger says REFUNDING, the recovery sends it again
        s.refund_pending = not (c.ok and c.value)
        self._fire("refund_sent")

    def _print(self) -> None:
        s = self.session
        assert s.bill is not None
        receipt = utility_receipt(
            terminal_id=self.terminal_id,
            paid_at=datetime.now(),
            bill=s.bill,
            trade=self._trade(),
            refunded=s.refund_made,
            pending=s.refund_pending if s.refund_made else s.settle_pending,
        )
        s.busy = True
        op = self.devices.printer.print_receipt(receipt, self.settings.print_timeout)
        self._watch(op, self._on_printed)

    def _on_printed(self, c: Completion[Any]) -> None:
        s = self.session
        s.busy = False
        s.receipt_failed = not c.ok
        if not c.ok:
            s.message = messages.RECEIPT_FAILED
        self._fire("printed")

    # ------------------------------------------------------------------ lifecycle
    def _wipe(self) -> None:
        self.payment_steps.leave()
        self._scan = None
        self.session.wipe()
        self.session = UtilityPaymentSession()
        super()._wipe()


class _Guards:
    def __init__(self, flow: UtilityPaymentFlow) -> None:
        self._flow = flow

    def refund_made(self) -> bool:
        return self._flow.session.refund_made
