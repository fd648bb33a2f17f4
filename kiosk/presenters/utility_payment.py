"""UtilityPaymentPresenter: 便民缴费's flow state -> its screen, taps -> flow methods.
The utility, the account number and the bill are this journey's own pages
(``kiosk/ui/screens/utility_*.py``); the payment's are the shared ones
(:mod:`kiosk.presenters.payment`). No ID card: nothing to give back at the end."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtWidgets import QWidget

from device_contracts import Text
from flows.payment_ports import BillDue
from kiosk.flow_api import PaymentFlowPort, PaymentSessionView, Unsubscribe
from kiosk.presenters import payment
from kiosk.presenters.base import ResidentPresenter, ScreenSet
from kiosk.presenters.payment import PaymentPart, PaymentScreens
from kiosk.presenters.shell import Shell
from kiosk.ui.screens.busy import BusyScreen
from kiosk.ui.screens.result import ResultScreen
from kiosk.ui.screens.utility_account import AccountEntryScreen
from kiosk.ui.screens.utility_bill import BillScreen
from kiosk.ui.screens.utility_choice import UtilityChoiceScreen
from kiosk.ui.widgets.money import amount_source
from kiosk.ui.widgets.tr import K

STEPS = ("step.utility", "step.account", "step.bill", "step.pay", "step.pay_receipt")
#: each state's step (its index in STEPS; done: past the last, every step ticked)
STEP_OF = {"choosing_utility": 0, "entering_account": 1, "finding_bill": 1, "showing_bill": 2}
STEP_OF |= dict.fromkeys(payment.STATES | {"settling", "refunding"}, 3)
STEP_OF |= {"printing_receipt": 4, "refunded": 5, "done": 5}
MACHINE_BUSY = payment.MACHINE_BUSY | {"finding_bill", "settling", "refunding", "printing_receipt"}
#: where the footer's cancel ends the journey (no money has moved, or the trade is
#: cancelled by the flow first)
_CANCEL = payment.CANCELLABLE | {"choosing_utility", "entering_account", "showing_bill"}
#: where the footer's back goes one page back
_BACK = frozenset({"entering_account", "showing_bill"})


class UtilitySessionView(Protocol):
    @property
    def utility(self) -> str | None: ...
    @property
    def account(self) -> str: ...
    @property
    def bill(self) -> BillDue | None: ...
    @property
    def busy(self) -> bool: ...
    @property
    def message(self) -> Text | None: ...
    @property
    def payment(self) -> PaymentSessionView: ...
    @property
    def trade_no(self) -> str | None: ...
    @property
    def settle_pending(self) -> bool:
        """Paid, and the biller did not answer: the recovery settles the bill later."""
        ...

    @property
    def refund_pending(self) -> bool:
        """Refused by the biller, and the refund not through yet: the recovery sends it."""
        ...


class UtilityPaymentFlowPort(PaymentFlowPort, Protocol):
    @property
    def state(self) -> str: ...
    @property
    def session(self) -> UtilitySessionView: ...

    def subscribe(self, fn: Callable[[], None]) -> Unsubscribe: ...
    def start(self) -> None: ...
    def choose_utility(self, utility: str) -> None: ...
    def enter_account(self, account: str) -> None: ...
    def pay(self) -> None: ...
    def back(self) -> None: ...
    def another(self) -> None: ...
    def finish(self) -> None: ...
    def cancel(self) -> None: ...
    def reset(self) -> None: ...
    @property
    def card_to_take(self) -> bool:
        """Always False: 便民缴费 takes no ID card."""
        ...


class UtilityPaymentScreens(ScreenSet):
    def __init__(self) -> None:
        self.choosing_utility = UtilityChoiceScreen()
        self.entering_account = AccountEntryScreen()
        self.showing_bill = BillScreen()
        self.payment = PaymentScreens()
        self.settling = BusyScreen("pay_settling", "pay_settling.title")
        self.refunding = BusyScreen("pay_refunding", "pay_refunding.title")
        self.printing_receipt = BusyScreen("pay_printing", "pay_printing.title")
        self.refunded = ResultScreen(
            "pay_refunded",
            "error",
            "pay_refunded.title",
            "pay_refunded.body",
            "common.finish",
            "btn_finish",
        )
        self.done = ResultScreen(
            "pay_done",
            "ok",
            "pay_done.title",
            "pay_done.body",
            "common.finish",
            "btn_finish",
            second=("pay_done.another", "btn_pay_another"),
        )

    def for_state(self, state: str) -> QWidget | None:
        # the account's page stays up while the bill is looked up (its keypad off)
        state = "entering_account" if state == "finding_bill" else state
        return self.payment.for_state(state) or super().for_state(state)


class UtilityPaymentPresenter(ResidentPresenter[UtilityPaymentFlowPort, UtilityPaymentScreens]):
    """Drives 便民缴费's screens from ``flow``; call :meth:`begin` to start."""

    machine_busy = MACHINE_BUSY

    def __init__(
        self,
        flow: UtilityPaymentFlowPort,
        shell: Shell,
        screens: UtilityPaymentScreens | None = None,
    ) -> None:
        self._payment = PaymentPart(flow, self.cancel)
        super().__init__(flow, shell, screens or UtilityPaymentScreens.build())

    def begin(self) -> None:
        self.active = True
        self._to_attract = True
        if self.state == "idle":
            self.flow.start()
        self.refresh()

    def back(self) -> None:
        """One page back where there is one; else the cancel (a payment under way is
        cancelled by the flow, never abandoned)."""
        (self.flow.back if self.state in _BACK else self.cancel)()

    def _render_state(self, state: str, previous: str) -> None:
        screen = self.screens.for_state(state)
        if screen is None:
            return
        s, sc = self.flow.session, self.screens
        self._payment.render(sc.payment, state, s.payment)
        utility = K(f"utility.{s.utility}") if s.utility else None
        if state in {"entering_account", "finding_bill"} and utility is not None:
            sc.entering_account.show_entry(utility, s.message, busy=state == "finding_bill")
            if previous not in {"entering_account", "finding_bill"}:
                sc.entering_account.show_account(s.account)
        elif state == "showing_bill" and s.bill is not None and utility is not None:
            b = s.bill
            sc.showing_bill.show_bill(utility, b.account, b.holder_masked, b.period, b.amount_fen)
        elif state == "refunded":
            key = "pay_refunded.pending" if s.refund_pending else "pay_refunded.body"
            sc.refunded.set_body(K(key, amount=amount_source(s.payment.amount_fen)))
        elif state == "done":
            key = "pay_done.pending" if s.settle_pending else "pay_done.body"
            sc.done.set_body(K(key, trade=s.trade_no or ""))
        self.shell.set_footer(back=state in _BACK, cancel=state in _CANCEL)
        self.shell.set_steps(STEPS, STEP_OF.get(state, 0))
        pay_state = state in payment.STATES
        self.shell.show_message(self._payment.banner(s.payment) if pay_state else None)
        self.shell.show_screen(screen)

    def _connect(self, sc: UtilityPaymentScreens) -> None:
        f = self.flow
        sc.choosing_utility.chosen.connect(f.choose_utility)
        sc.entering_account.account_submitted.connect(f.enter_account)
        sc.showing_bill.pay_clicked.connect(f.pay)
        sc.showing_bill.other_clicked.connect(f.back)
        self._payment.connect(sc.payment)
        sc.refunded.clicked.connect(self._finish)
        sc.done.clicked.connect(self._finish)
        sc.done.second_clicked.connect(f.another)
