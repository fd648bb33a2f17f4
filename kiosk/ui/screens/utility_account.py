"""便民缴费: the account number (户号), typed on the keypad or read off the bill's
barcode / QR by the kiosk's scanner (the flow hears the scanner; this page says so)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from device_contracts import Text
from kiosk.ui.screens.base import Screen
from kiosk.ui.theme import active_theme
from kiosk.ui.widgets.keypad import NumericKeypad, keypad_page
from kiosk.ui.widgets.tr import K, Source, TrLabel

#: an account number's digits, fewest and most (the flow checks them again: 6 to 20,
#: the billers' numbers; the seeded ones are ten)
ACCOUNT_DIGITS = (6, 20)


class AccountEntryScreen(Screen):
    """``screen_utility_account``: the keypad (``btn_key_0`` ... ``btn_key_ok``), the
    number as typed in ``utility_account_number``, ``utility_account_message`` for why
    the last number found no bill."""

    account_submitted = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("utility_account", parent)
        t = active_theme()
        side = QVBoxLayout()
        side.setSpacing(t.px(24 if t.scale <= 1.0 else 10))
        side.addStretch(1)
        self.heading = TrLabel(None, "h1", name="utility_account_title")
        side.addWidget(self.heading)
        side.addWidget(TrLabel(K("utility_account.body"), "body"))
        fewest, most = ACCOUNT_DIGITS
        self.keypad = NumericKeypad(most, embed_display=False, min_length=fewest)
        # the digits as one number, not a box each: twenty boxes have no room
        self.number = TrLabel(None, "code", wrap=False, name="utility_account_number")
        self.number.setMinimumWidth(t.px(560))
        self.keypad.display.hide()
        self.keypad.changed.connect(self.number.set_source)
        side.addSpacing(t.px(12))
        side.addWidget(self.number)
        self.message = TrLabel(None, "warn", name="utility_account_message")
        side.addWidget(self.message)
        side.addStretch(2)
        keypad_page(self.root, side, self.keypad, self.account_submitted.emit)

    def show_entry(self, utility: Source, message: Text | None, *, busy: bool) -> None:
        """Which utility's number is asked for, why the last one found nothing (None:
        nothing to say), the keypad off while the bill is looked up."""
        self.heading.set_source(K("utility_account.title", utility=utility))
        self.message.set_source(K("utility_account.finding") if busy else message)
        self.message.setVisible(busy or message is not None)
        self.keypad.set_enabled_input(not busy)

    def show_account(self, account: str) -> None:
        """The number as the flow holds it (typed, or read off the bill by the scanner)."""
        self.keypad.clear()
        for digit in account:
            self.keypad.press(digit)
