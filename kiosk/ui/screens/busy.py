"""A waiting page with a spinner: submitting, printing, verifying, opening, confirming."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from kiosk.ui.screens.base import Screen
from kiosk.ui.widgets.illustrations import Spinner
from kiosk.ui.widgets.tr import K, TrLabel


class BusyScreen(Screen):
    def __init__(
        self,
        screen_id: str,
        title_key: str,
        body_key: str = "busy.wait",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(screen_id, parent)
        center = Qt.AlignmentFlag.AlignCenter
        self.root.addStretch(2)
        self.spinner = Spinner()
        self.root.addWidget(self.spinner, 0, Qt.AlignmentFlag.AlignHCenter)
        self.root.addSpacing(24)
        self.title = TrLabel(K(title_key), "h1", align=center, name=f"{screen_id}_title")
        self.body = TrLabel(K(body_key), "body", align=center)
        self.root.addWidget(self.title)
        self.root.addWidget(self.body)
        self.root.addStretch(3)
