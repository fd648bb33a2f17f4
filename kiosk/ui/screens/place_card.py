"""Reading the ID card: an illustration of the reader and what to do."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.ui.screens.base import Screen
from kiosk.ui.theme import active_theme
from kiosk.ui.widgets.illustrations import IdCardIllustration
from kiosk.ui.widgets.tr import K, TrButton, TrLabel


class PlaceCardScreen(Screen):
    retry_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("reading_card", parent)
        t = active_theme()
        row = QHBoxLayout()
        row.setSpacing(t.px(64))
        self.illustration = IdCardIllustration()
        row.addWidget(self.illustration, 5)
        side = QVBoxLayout()
        # tighter in large text: the English title takes two lines there, and a card
        # left by the previous resident (请取回身份证) takes a strip of the height
        # (issue 19 item 10)
        side.setSpacing(t.px(24 if t.scale <= 1.0 else 10))
        side.addStretch(1)
        side.addWidget(TrLabel(K("card.title"), "h1", name="reading_card_title"))
        side.addWidget(TrLabel(K("card.body"), "body"))
        self.status = TrLabel(K("card.reading"), "title", name="reading_card_status")
        self.status.setProperty("role", "title")
        side.addWidget(self.status)
        self.retry = TrButton(K("card.retry"), "primary", name="btn_retry")
        self.retry.clicked.connect(self.retry_clicked)
        self.retry.hide()
        side.addWidget(self.retry, 0, Qt.AlignmentFlag.AlignLeft)
        side.addWidget(TrLabel(K("card.also"), "muted"))
        side.addStretch(1)
        row.addLayout(side, 5)
        self.root.addLayout(row, 1)

    def show_state(self, *, failed: bool, busy: bool) -> None:
        """``failed``: the last read failed (the banner says why); offer a retry."""
        self.retry.setVisible(failed and not busy)
        self.status.setVisible(not failed or busy)
