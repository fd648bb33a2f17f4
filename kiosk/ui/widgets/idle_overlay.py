"""The "are you still there?" overlay with a countdown."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from kiosk.ui.theme import active_theme
from kiosk.ui.widgets.overlay_panel import OverlayPanel
from kiosk.ui.widgets.tr import K, TrButton, TrLabel


class IdleOverlay(OverlayPanel):
    """Covers its parent; tapping outside the dialog or "continue" dismisses it."""

    continue_clicked = Signal()
    end_clicked = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(
            parent,
            name="idle_overlay",
            panel_name="idle_dialog",
            width=(880, 1100),
            margins=(56, 48),
            spacing=24,
        )
        t = active_theme()
        self.title = TrLabel(K("idle.title"), "h1", align=Qt.AlignmentFlag.AlignCenter)
        self.countdown = QLabel("20")
        self.countdown.setObjectName("idle_countdown")
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body = TrLabel(K("idle.body", seconds=20), "body", align=Qt.AlignmentFlag.AlignCenter)
        buttons = QHBoxLayout()
        buttons.setSpacing(t.px(24))
        self.end = TrButton(K("idle.end"), "quiet", name="idle_end")
        self.cont = TrButton(K("idle.continue"), "primary", name="idle_continue")
        self.end.clicked.connect(self.end_clicked)
        self.cont.clicked.connect(self.continue_clicked)
        buttons.addWidget(self.end, 1)
        buttons.addWidget(self.cont, 2)
        for w in (self.title, self.countdown, self.body):
            self.box.addWidget(w)
        self.box.addLayout(buttons)

    def set_seconds(self, seconds: int) -> None:
        self.countdown.setText(str(seconds))
        self.body.set_source(K("idle.body", seconds=seconds))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if not self.dialog.geometry().contains(event.position().toPoint()):
            self.continue_clicked.emit()
        event.accept()
