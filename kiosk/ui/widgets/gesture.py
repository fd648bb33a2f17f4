"""The hidden technician gesture: five taps on the header emblem within three seconds."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Signal


class TapGesture(QObject):
    triggered = Signal()

    def __init__(self, target: QObject, taps: int = 5, within_s: float = 3.0) -> None:
        super().__init__(target)
        self.taps = taps
        self.within_s = within_s
        self._times: list[float] = []
        target.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.MouseButtonPress:
            now = time.monotonic()
            self._times = [t for t in self._times if now - t <= self.within_s] + [now]
            if len(self._times) >= self.taps:
                self._times = []
                self.triggered.emit()
        return False
