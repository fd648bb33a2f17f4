"""Collection: type the 6-digit pickup code on the keypad (or scan its QR)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.ui.screens.base import Screen
from kiosk.ui.theme import active_theme
from kiosk.ui.widgets.keypad import NumericKeypad, keypad_page
from kiosk.ui.widgets.tr import K, TrButton, TrLabel


class CodeEntryScreen(Screen):
    """The keypad's buttons are ``btn_key_0`` ... ``btn_key_9``, ``btn_key_delete``, ``btn_key_clear``, ``btn_key_ok``."""

    code_submitted = Signal(str)
    #: "use my ID card instead" (pickup by ID card + face check)
    use_card_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("entering_code", parent)
        t = active_theme()
        side = QVBoxLayout()
        # tighter in large text: the English title takes two lines there, and a card
        # left by the previous resident (请取回身份证) takes a strip of the height
        # (issue 19 item 10)
        side.setSpacing(t.px(24 if t.scale <= 1.0 else 10))
        side.addStretch(1)
        side.addWidget(TrLabel(K("code.title"), "h1", name="entering_code_title"))
        side.addWidget(TrLabel(K("code.body"), "body"))
        self.keypad = NumericKeypad(6, embed_display=False)
        side.addSpacing(t.px(12))
        side.addWidget(self.keypad.display)
        self.attempts = TrLabel(None, "warn", name="code_attempts")
        side.addWidget(self.attempts)
        self.use_card = TrButton(K("code.use_card"), "secondary", name="btn_use_card")
        self.use_card.clicked.connect(self.use_card_clicked)
        # in the footer, beside cancel: the keypad side keeps its height for large text
        self.primary_action = self.use_card
        side.addStretch(2)
        keypad_page(self.root, side, self.keypad, self.code_submitted.emit)

    def show_entry(self, *, attempts_left: int | None, busy: bool) -> None:
        """``attempts_left`` shown after a wrong code (None hides it)."""
        self.attempts.set_source(
            K("code.attempts", n=attempts_left) if attempts_left is not None else None
        )
        self.attempts.setVisible(attempts_left is not None)
        self.keypad.set_enabled_input(not busy)

    def reset_entry(self) -> None:
        self.keypad.clear()
