"""The "are you still there?" overlay with a countdown."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.ui.theme import active_theme
from kiosk.ui.widgets.tr import K, TrButton, TrLabel


class IdleOverlay(QWidget):
    """Covers its parent; tapping outside the dialog or "continue" dismisses it."""

    continue_clicked = Signal()
    end_clicked = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("idle_overlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        t = active_theme()
        outer = QVBoxLayout(self)
        outer.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.dialog = QFrame(self)
        self.dialog.setObjectName("idle_dialog")
        self.dialog.setMinimumWidth(t.px(880))
        self.dialog.setMaximumWidth(t.px(1100))
        box = QVBoxLayout(self.dialog)
        box.setContentsMargins(t.px(56), t.px(48), t.px(56), t.px(48))
        box.setSpacing(t.px(24))
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
            box.addWidget(w)
        box.addLayout(buttons)
        outer.addWidget(self.dialog)
        self.hide()

    def set_seconds(self, seconds: int) -> None:
        self.countdown.setText(str(seconds))
        self.body.set_source(K("idle.body", seconds=seconds))

    def cover(self) -> None:
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.raise_()
        self.show()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if not self.dialog.geometry().contains(event.position().toPoint()):
            self.continue_clicked.emit()
        event.accept()
