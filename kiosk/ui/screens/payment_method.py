"""The payment's first page (a bill's or a matter's fee): the amount and the two ways
Chinese kiosks take it, a QR on the screen (扫码支付) or the phone's payment code held
to the scanner (付款码支付)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from flows.payment_ports import PayMethod
from kiosk.ui.screens.tile_choice import TileChoiceScreen
from kiosk.ui.widgets.money import amount_source
from kiosk.ui.widgets.tr import K


class PaymentMethodScreen(TileChoiceScreen):
    """``screen_pay_method``: ``btn_pay_qr``, ``btn_pay_code``; ``chosen`` carries the
    :class:`PayMethod` value; the amount in ``pay_method_subtitle``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("pay_method", list(PayMethod), "pay_method", "btn_pay", parent)
        self.subtitle.setProperty("role", "title")

    def show_amount(self, amount_fen: int) -> None:
        self.subtitle.set_source(K("pay_method.amount", amount=amount_source(amount_fen)))
        self.subtitle.setVisible(True)
