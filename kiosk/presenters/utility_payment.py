"""UtilityPaymentPresenter: 便民缴费's flow state -> its screen, taps -> flow methods.
The utility, the account number and the bill are this journey's own pages
(``kiosk/ui/screens/utility_*.py``); the payment's are the shared ones
(:mod:`kiosk.presenters.payment`)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from kiosk.presenters.base import ScreenSet
from kiosk.presenters.payment import PaymentScreens
from kiosk.ui.screens.busy import BusyScreen
from kiosk.ui.screens.result import ResultScreen
from kiosk.ui.screens.utility_account import AccountEntryScreen
from kiosk.ui.screens.utility_bill import BillScreen
from kiosk.ui.screens.utility_choice import UtilityChoiceScreen


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
