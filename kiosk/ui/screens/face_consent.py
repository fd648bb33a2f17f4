"""Consent before the face check: what is compared, where the images go, and the way
round it (staff check the identity in person)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from kiosk.ui.screens.consent import ConsentScreen
from kiosk.ui.theme import active_theme


class FaceConsentScreen(ConsentScreen):
    """``btn_consent_agree`` / ``btn_consent_decline``."""

    agree_clicked = Signal()
    decline_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        # the four points are read before the answer: in large text they take the body's
        # size (as titles the last two fell below the fold, under the buttons; issue 19
        # item 10)
        super().__init__(
            "face_consent",
            title="consent.title",
            intro=("consent.body", "consent_body"),
            points=("consent.compared", "consent.memory", "consent.cleared", "consent.optional"),
            point_role="title" if active_theme().scale <= 1.0 else "body",
            parent=parent,
        )
        self.decline = self.answer(
            "consent.decline", "secondary", "btn_consent_decline", self.decline_clicked
        )
        self.agree = self.answer(
            "consent.agree", "primary", "btn_consent_agree", self.agree_clicked
        )
