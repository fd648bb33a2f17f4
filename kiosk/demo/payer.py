"""The resident at the payment's pages, for the tours and the end-to-end tests: a payer
at the gateway simulator (a balance, a phone) who does what the screen shows, never
what the flow holds inside. The QR is read off the screen's own picture (the widget
grabbed, decoded with OpenCV's detector) and paid through the simulator's phone
(``/sim/scan``); the payment code is made by the phone and held to the kiosk's scanner;
the password is confirmed when the screen asks for it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtWidgets import QWidget

from devices.qr.camera import decode_png

if TYPE_CHECKING:
    from kiosk.demo.tour import TourDriver
    from kiosk.main_window import MainWindow
    from payment_gateway_sim.control_client import GatewayControl

#: the QR's widget on the payment's QR page (kiosk/ui/screens/payment_qr.py)
QR_WIDGET = "pay_qr_code"


def qr_on_screen(window: MainWindow) -> str | None:
    """The text of the payment QR the window shows now, read off its picture (None: no
    QR on the screen, or none readable)."""
    found = window.current_screen().findChild(QWidget, QR_WIDGET)
    if found is None or not found.isVisible():
        return None
    data = QBuffer()
    data.open(QIODevice.OpenModeFlag.WriteOnly)
    found.grab().save(data, "PNG")
    return decode_png(bytes(data.data().data()))


class Payer:
    """A payer of the gateway simulator with ``balance_fen`` on the account;
    ``asks_password``: the phone asks for the payment password before a code pays."""

    def __init__(
        self, control: GatewayControl, balance_fen: int, *, asks_password: bool = False
    ) -> None:
        self.control = control
        self.buyer_id = control.new_buyer(balance_fen, asks_password=asks_password).buyer_id

    def scan_the_screen(self, d: TourDriver) -> str:
        """On the QR page: the phone scans the code the screen shows and pays; the
        simulator's word ("paid", "balance_not_enough" ...)."""
        d.wait_screen("pay_qr")
        read: list[str] = []

        def readable() -> bool:
            text = qr_on_screen(d.window)
            if text:
                read.append(text)
            return bool(text)

        d.wait_until("a readable payment QR on the screen", readable)
        return self.control.scan(read[-1], self.buyer_id)

    def show_code(self, d: TourDriver, scanner: Callable[[str], None]) -> None:
        """On the payment-code page: a fresh code from the phone, held to ``scanner``."""
        d.wait_screen("pay_code")
        scanner(self.control.payment_code(self.buyer_id))

    def confirm_password(self, d: TourDriver, out_trade_no: Callable[[], str | None]) -> str:
        """When the screen asks for the password on the phone: confirmed there, for the
        trade the phone shows (``out_trade_no``: the trade the kiosk sent)."""
        d.wait_screen("pay_user_paying")
        trade = out_trade_no()
        if trade is None:
            raise RuntimeError("the phone shows no trade to confirm")
        return self.control.confirm_password(trade)
