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
        layout.setSpacing(t.px(16 if t.scale <= 1.0 else 8))
        intro = TrLabel(K("consent.body"), "body", name="consent_body")
        layout.addWidget(intro)
        # the four points are read before the answer: in large text they take the body's
        # size (as titles the last two fell below the fold, under the buttons)
        role = "title" if t.scale <= 1.0 else "body"
        self.must_read: list[QWidget] = [intro]
        for key in ("consent.compared", "consent.memory", "consent.cleared", "consent.optional"):
            row = QHBoxLayout()
            row.setSpacing(t.px(12))
            row.addWidget(TrLabel("•", role, wrap=False), 0, Qt.AlignmentFlag.AlignTop)
            point = TrLabel(K(key), role, name=key.replace(".", "_"))
            row.addWidget(point, 1)
            layout.addLayout(row)
            self.must_read.append(point)
        for widget in self.must_read:
            widget.setProperty("must_read", True)  # tests/ui/layout_check.py: in view
        # the answer in the footer, the main one at its right end (as on every screen):
        # always in view, and the four points keep the room above it (issue 19 item 10)
        answers = QWidget()
        buttons = QHBoxLayout(answers)
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.setSpacing(t.px(20))
        self.agree = TrButton(K("consent.agree"), "primary", name="btn_consent_agree")
        self.agree.clicked.connect(self.agree_clicked)
        self.decline = TrButton(K("consent.decline"), "secondary", name="btn_consent_decline")
        self.decline.clicked.connect(self.decline_clicked)
        buttons.addWidget(self.decline)
        buttons.addWidget(self.agree)
        self.primary_action = answers
        content = QWidget()
        body = QVBoxLayout(content)
        body.setContentsMargins(0, 0, t.px(16), 0)
        body.addWidget(frame)
        body.addStretch(1)
        self.root.addWidget(scroll(content), 1)  # large text never clips
