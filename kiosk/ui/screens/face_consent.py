"""Consent before the face check: what is compared, where the images go, and the way
round it (staff check the identity in person)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.ui.screens.base import Screen, card, scroll
from kiosk.ui.theme import active_theme
from kiosk.ui.widgets.tr import K, TrButton, TrLabel


class FaceConsentScreen(Screen):
    """``btn_consent_agree`` / ``btn_consent_decline``."""

    agree_clicked = Signal()
    decline_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("face_consent", parent)
        t = active_theme()
        self.add_heading(K("consent.title"))
        frame, layout = card()
        layout.setSpacing(t.px(16))
        layout.addWidget(TrLabel(K("consent.body"), "body", name="consent_body"))
        for key in ("consent.compared", "consent.memory", "consent.cleared", "consent.optional"):
            row = QHBoxLayout()
            row.setSpacing(t.px(12))
            row.addWidget(TrLabel("•", "title", wrap=False), 0, Qt.AlignmentFlag.AlignTop)
            row.addWidget(TrLabel(K(key), "title", name=key.replace(".", "_")), 1)
            layout.addLayout(row)
        buttons = QHBoxLayout()
        buttons.setSpacing(t.px(24))
        self.agree = TrButton(K("consent.agree"), "primary", name="btn_consent_agree")
        self.agree.clicked.connect(self.agree_clicked)
        self.decline = TrButton(K("consent.decline"), "secondary", name="btn_consent_decline")
        self.decline.clicked.connect(self.decline_clicked)
        buttons.addWidget(self.agree)
        buttons.addWidget(self.decline)
        buttons.addStretch(1)
        content = QWidget()
        body = QVBoxLayout(content)
        body.setContentsMargins(0, 0, t.px(16), 0)
        body.addWidget(frame)
        body.addStretch(1)
        self.root.addWidget(scroll(content), 1)  # large text never clips
        self.root.addLayout(buttons)  # the answer stays in view, never scrolled away
