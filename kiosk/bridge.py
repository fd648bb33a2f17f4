"""Qt side of the flows' threading contract.

:class:`QtFlowLoop` is the :class:`flows.ports.FlowLoop` of the app: ``post``
may be called from any thread and runs the callable on the GUI thread through
a queued signal; ``call_later`` uses a single-shot :class:`QTimer`.
Unsolicited device events reach the flows through this loop too, by the Qt-free
:class:`flows.device_bridge.DeviceEventBridge` (one path, the same in tests).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

log = logging.getLogger(__name__)


class QtTimer:
    """A pending ``call_later``; ``cancel`` is safe from any thread and idempotent."""

    def __init__(self, loop: QtFlowLoop, seconds: float, fn: Callable[[], None]) -> None:
        self._fn = fn
        self._cancelled = threading.Event()
        self._timer: QTimer | None = None
        self._loop = loop
        loop.post(lambda: self._arm(seconds))

    def _arm(self, seconds: float) -> None:
        if self._cancelled.is_set():
            return
        timer = QTimer(self._loop)
        timer.setSingleShot(True)
        timer.setTimerType(Qt.TimerType.PreciseTimer)
        timer.timeout.connect(self._fire)
        timer.start(max(0, round(seconds * 1000)))
        self._timer = timer

    def _fire(self) -> None:
        self._drop_timer()
        self._loop._pending.discard(self)
        if not self._cancelled.is_set():
            self._cancelled.set()  # fires once
            self._fn()

    def _drop_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer.deleteLater()
            self._timer = None

    def cancel(self) -> None:
        self._cancelled.set()
        self._loop.post(self._drop_timer)
        self._loop.post(lambda: self._loop._pending.discard(self))

    @property
    def active(self) -> bool:
        return not self._cancelled.is_set()


class QtFlowLoop(QObject):
    """Runs flow code on the thread this object lives on (the GUI thread)."""

    _posted = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Queued even when emitted on the GUI thread: post() never re-enters the caller.
        self._posted.connect(self._run, Qt.ConnectionType.QueuedConnection)
        # pending timers are owned here: a caller may drop its handle and still expect the call
        self._pending: set[QtTimer] = set()

    def post(self, fn: Callable[[], None]) -> None:
        self._posted.emit(fn)

    def call_later(self, seconds: float, fn: Callable[[], None]) -> QtTimer:
        timer = QtTimer(self, seconds, fn)
        self.post(lambda: self._pending.add(timer) if timer.active else None)
        return timer

    @Slot(object)
    def _run(self, fn: Callable[[], None]) -> None:
        try:
            fn()
        except Exception:
            # A flow must never take the GUI down; the flow logs its own context.
            log.exception("posted callable failed")


__all__ = ["QtFlowLoop", "QtTimer"]
