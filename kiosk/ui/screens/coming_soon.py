"""A deliberate "coming soon" page for services not yet connected."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QWidget

from kiosk.ui.screens.base import Screen, card
from kiosk.ui.widgets.tiles import ServiceIcon
from kiosk.ui.widgets.tr import K, TrButton, TrLabel


class ComingSoonScreen(Screen):
    home_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("coming_soon", parent)
        self.root.addStretch(1)
        frame, layout = card()
        frame.setMaximumWidth(1100)
        self.icon = ServiceIcon("progress")
        layout.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(TrLabel(K("soon.title"), "h1", align=Qt.AlignmentFlag.AlignCenter))
        self.body = TrLabel(None, "body", align=Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.body)
        self.home = TrButton(K("common.back_home"), "primary", name="btn_soon_home")
        self.home.clicked.connect(self.home_clicked)
        layout.addWidget(self.home, 0, Qt.AlignmentFlag.AlignHCenter)
        # (centred by stretches: with an alignment flag, large text laid the title over
        # the icon)
        self.add_centred(frame, 100)

    def show_service(self, service: str) -> None:
        self.icon.kind = service
        self.icon.muted = True
        self.icon.update()
        self.body.set_source(K("soon.body", service=K(f"home.{service}")))
