"""The payment's screens, shared by 便民缴费 and a matter's fee (the declaration): the
way to pay, the QR with its countdown, the payment code held to the scanner, the
password on the phone, the waits, and what became of it (flows/payment_machine.py is
the flow side).

Each presenter builds its own :class:`PaymentScreens` (a screen belongs to one stack
page) and lets :class:`PaymentPart` render them and wire their buttons to the flow.
"""

from __future__ import annotations

from collections.abc import Callable

from device_contracts import Text
from flows.payment_machine import PaymentState
from kiosk.flow_api import PaymentFlowPort, PaymentSessionView
from kiosk.presenters.base import ScreenSet
from kiosk.ui.screens.busy import BusyScreen
from kiosk.ui.screens.payment_code import PaymentCodeScreen
from kiosk.ui.screens.payment_method import PaymentMethodScreen
from kiosk.ui.screens.payment_qr import PaymentQrScreen
from kiosk.ui.screens.result import ResultScreen
from kiosk.ui.widgets.money import amount_source
from kiosk.ui.widgets.tr import K, Source


def _not_paid(screen_id: str, title_key: str, body_key: str) -> ResultScreen:
    """A payment that did not go through: why, pay again (a new trade) or stop."""
    return ResultScreen(
        screen_id,
        "error",
        title_key,
        body_key,
        "pay_failed.again",
        "btn_pay_again",
        second=("pay_failed.give_up", "btn_pay_give_up"),
    )


class PaymentScreens(ScreenSet):
    """One screen a state of the payment, named as the state."""

    def __init__(self) -> None:
        self.choosing_method = PaymentMethodScreen()
        self.creating = BusyScreen("pay_creating", "pay_creating.title")
        self.showing_qr = PaymentQrScreen()
        self.waiting_code = PaymentCodeScreen()
        self.paying = BusyScreen("pay_paying", "pay_paying.title")
        self.user_paying = BusyScreen(
            "pay_user_paying", "pay_user_paying.title", "pay_user_paying.body"
        )
        self.checking = BusyScreen("pay_checking", "pay_checking.title", "pay_checking.body")
        self.cancelling = BusyScreen("pay_cancelling", "pay_cancelling.title")
        self.paid = BusyScreen("pay_paid", "pay_paid.title")
        self.expired = _not_paid("pay_expired", "pay_expired.title", "pay_expired.body")
        self.failed = _not_paid("pay_failed", "pay_failed.title", "pay_failed.body")


#: the payment's states, named alike in both journeys' machines
STATES = frozenset(state.value for state in PaymentState)
#: the machine (or the resident on the phone, against the flow's own deadline) is at
#: work: no idle reset there
MACHINE_BUSY = frozenset(
    {"creating", "showing_qr", "paying", "user_paying", "checking", "cancelling", "paid"}
)
#: where the footer's cancel is offered (the flow cancels the trade, never abandons it)
CANCELLABLE = frozenset({"choosing_method", "showing_qr", "waiting_code"})


def paid_line(view: PaymentSessionView) -> Source:
    """What was paid and its trade number, for a journey's end page (None: nothing was
    paid)."""
    if view.trade_no is None:
        return None
    return K("pay.paid_line", amount=amount_source(view.paid_fen), trade=view.trade_no)


class PaymentPart:
    """Renders the payment's screens and wires their buttons to the flow; ``end``: the
    presenter's cancel (ends the journey)."""

    def __init__(self, flow: PaymentFlowPort, end: Callable[[], None]) -> None:
        self.flow = flow
        self._end = end

    def connect(self, sc: PaymentScreens) -> None:
        f = self.flow
        sc.choosing_method.chosen.connect(f.choose_method)
        sc.showing_qr.other_clicked.connect(f.other_method)
        sc.waiting_code.other_clicked.connect(f.other_method)
        for page in (sc.failed, sc.expired):
            page.clicked.connect(f.pay_again)
            page.second_clicked.connect(self._end)

    def banner(self, view: PaymentSessionView) -> Text | None:
        """The banner over a payment's page: what the scanner or the gateway said."""
        return view.message

    def render(self, sc: PaymentScreens, state: str, view: PaymentSessionView) -> None:
        if state == "choosing_method":
            sc.choosing_method.show_amount(view.amount_fen)
        elif state == "showing_qr" and view.qr_code:
            sc.showing_qr.show_qr(view.qr_code, view.amount_fen, view.qr_seconds_left())
        elif state == "waiting_code":
            sc.waiting_code.show_amount(view.amount_fen)
        elif state == "failed":
            sc.failed.set_body(view.failure.text if view.failure is not None else None)
