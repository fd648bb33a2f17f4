"""付款码支付: the resident opens the payment code (付款码) on the phone and holds it to
the kiosk's scanner; the flow hears the scanner, this page shows where and what."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from kiosk.ui.screens.base import Screen
from kiosk.ui.theme import active_theme
from kiosk.ui.widgets.money import amount_source
from kiosk.ui.widgets.picture_beside import picture_beside_words
from kiosk.ui.widgets.tiles import ServiceIcon
from kiosk.ui.widgets.tr import K, TrButton, TrLabel

#: the phone's pictogram, in design pixels
PHONE_SIDE = 320


class PaymentCodeScreen(Screen):
    """``screen_pay_code``: the amount in ``pay_code_amount``; ``btn_pay_other`` back to
    the ways to pay."""

    other_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("pay_code", parent)
        t = active_theme()
        self.add_heading(K("pay_code.title"))
        phone = ServiceIcon("code")
        phone.setFixedSize(t.px(PHONE_SIDE), t.px(PHONE_SIDE))
        self.amount = TrLabel(None, "h1", name="pay_code_amount")
        self.other = TrButton(K("pay_code.other"), "secondary", name="btn_pay_other")
        self.other.clicked.connect(self.other_clicked)
        words = (self.amount, TrLabel(K("pay_code.body"), "body"), self.other)
        self.root.addLayout(picture_beside_words(phone, words, picture_stretch=0), 1)

    def show_amount(self, amount_fen: int) -> None:
        self.amount.set_source(K("pay_code.amount", amount=amount_source(amount_fen)))
