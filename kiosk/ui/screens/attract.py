"""The attract screen: 24小时自助服务区, touch anywhere to start."""

from __future__ import annotations

from PySide6.QtCore import QEasingCurve, QPropertyAnimation, Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QGraphicsOpacityEffect, QWidget

from kiosk.ui.screens.base import Screen
from kiosk.ui.widgets.tr import K, TrButton, TrLabel


class AttractScreen(Screen):
    started = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("attract", parent)
        center = Qt.AlignmentFlag.AlignCenter
        self.root.addStretch(3)
        self.root.addWidget(TrLabel(K("attract.title"), "", align=center, name="attract_title"))
        self.root.addWidget(TrLabel(K("attract.tagline"), "", align=center, name="attract_tagline"))
        self.root.addStretch(2)
        # the prompt is a (flat) button, so a scripted tour can press ``btn_start``
        self.touch = TrButton(K("attract.touch"), "", name="btn_start")
        self.touch.clicked.connect(self.started)
        self.root.addWidget(self.touch, 0, Qt.AlignmentFlag.AlignHCenter)
        self.root.addStretch(2)
        self.root.addWidget(TrLabel(K("attract.hint"), "", align=center, name="attract_hint"))
        effect = QGraphicsOpacityEffect(self.touch)
        self.touch.setGraphicsEffect(effect)
        self._pulse = QPropertyAnimation(effect, b"opacity", self)
        self._pulse.setStartValue(1.0)
        self._pulse.setKeyValueAt(0.5, 0.35)
        self._pulse.setEndValue(1.0)
        self._pulse.setDuration(2400)
        self._pulse.setLoopCount(-1)
        self._pulse.setEasingCurve(QEasingCurve.Type.InOutSine)
        self._pulse.start()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.accept()
        self.started.emit()
