"""The payment QR the resident scans with the phone (alipay.trade.precreate's qr_code),
the amount, and the seconds until the code expires, counted down on the page."""

from __future__ import annotations

import math
import time

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QWidget

from kiosk.ui.screens.base import Screen
from kiosk.ui.widgets.money import amount_source
from kiosk.ui.widgets.picture_beside import picture_beside_words
from kiosk.ui.widgets.qr import QrCodeWidget
from kiosk.ui.widgets.tr import K, TrButton, TrLabel

#: the QR's side in pixels: a phone reads it from arm's length; not scaled with large
#: text (a phone reads it as well either way, and the page has no more height)
QR_SIDE = 460


class PaymentQrScreen(Screen):
    """``screen_pay_qr``: the code in ``pay_qr_code`` (its content: ``data()``), the
    amount in ``pay_qr_amount``, the countdown in ``pay_qr_countdown``;
    ``btn_pay_other`` goes back to the ways to pay."""

    other_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("pay_qr", parent)
        self.add_heading(K("pay_qr.title"))
        self.qr = QrCodeWidget(QR_SIDE)
        self.qr.setObjectName("pay_qr_code")
        self.amount = TrLabel(None, "h1", name="pay_qr_amount")
        self.countdown = TrLabel(None, "warn", name="pay_qr_countdown")
        self.other = TrButton(K("pay_qr.other"), "secondary", name="btn_pay_other")
        self.other.clicked.connect(self.other_clicked)
        words = (self.amount, TrLabel(K("pay_qr.body"), "body"), self.countdown, self.other)
        self.root.addLayout(picture_beside_words(self.qr, words, picture_stretch=0), 1)
        #: when the code expires (time.monotonic()); the label counts down to it
        self._deadline = 0.0
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._show_seconds)

    def show_qr(self, content: str, amount_fen: int, seconds_left: float) -> None:
        """The code to scan, what it pays, and how long it stays valid."""
        self.qr.set_data(content)
        self.amount.set_source(K("pay_qr.amount", amount=amount_source(amount_fen)))
        self._deadline = time.monotonic() + max(0.0, seconds_left)
        self._show_seconds()
        self._tick.start()

    def _show_seconds(self) -> None:
        left = max(0, math.ceil(self._deadline - time.monotonic()))
        self.countdown.set_source(K("pay_qr.countdown", n=left))
        if left == 0:
            self._tick.stop()

    def hideEvent(self, event: QHideEvent) -> None:
        self._tick.stop()  # no ticking under another page
        super().hideEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        if self._deadline > time.monotonic():
            self._show_seconds()
            self._tick.start()
        super().showEvent(event)
