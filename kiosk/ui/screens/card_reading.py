"""Waiting for a card on the reader: the reader's picture, what to do, the reading
status, and after a failed read (the banner says why) a retry. The resident's ID card
(place_card.py) and a staff card (staff.py) are read on such a page."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from kiosk.ui.screens.base import Screen
from kiosk.ui.widgets.illustrations import IdCardIllustration
from kiosk.ui.widgets.picture_beside import picture_beside_words
from kiosk.ui.widgets.tr import Source, TrButton, TrLabel


class CardReadingScreen(Screen):
    retry_clicked = Signal()

    def __init__(
        self,
        screen_id: str,
        *,
        title: Source,
        body: Source,
        status: Source,
        retry: tuple[Source, str],
        after: Sequence[QWidget] = (),
        spacing: int = 24,
        parent: QWidget | None = None,
    ) -> None:
        """``retry``: the button's words and name; ``after``: more words under it."""
        super().__init__(screen_id, parent)
        self.illustration = IdCardIllustration()
        self.status = TrLabel(status, "title", name=f"{screen_id}_status")
        words, name = retry
        self.retry = TrButton(words, "primary", name=name)
        self.retry.clicked.connect(self.retry_clicked)
        self.retry.hide()
        column = (
            TrLabel(title, "h1", name=f"{screen_id}_title"),
            TrLabel(body, "body"),
            self.status,
            self.retry,
            *after,
        )
        self.root.addLayout(
            picture_beside_words(self.illustration, column, picture_stretch=5, spacing=spacing),
            1,
        )

    def show_state(self, *, failed: bool, busy: bool) -> None:
        """``failed``: the last read failed (the banner says why): offer to read again."""
        self.retry.setVisible(failed and not busy)
        self.status.setVisible(not failed or busy)
