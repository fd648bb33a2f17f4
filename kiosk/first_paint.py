"""Knowing when the attract screen has first been painted.

``READY=1`` goes out on the event loop's first turn (kiosk/watchdog.py); the
resident sees the kiosk only once the attract screen has been painted. That
moment is what PRODUCT.md's cold-start bar measures, what ``kiosk bench start``
waits for (``STATUS=attract screen painted`` on ``$NOTIFY_SOCKET``) and where
start-up work that can wait (models, cameras) begins: after it, never before.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

#: the ``STATUS=`` text sent once the attract screen has been painted
PAINTED_STATUS = "attract screen painted"


class FirstPaint(QObject):
    """Calls ``then`` once, on the event-loop turn after ``widget`` first painted
    (the paint itself and the flush to the screen finish first)."""

    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self._then = then
        self._done = False
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._done:
            self._done = True
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._then)
        return False

    @property
    def done(self) -> bool:
        return self._done
