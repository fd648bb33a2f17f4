"""Idle timeout: after a quiet spell, ask "still there?", then wipe the session.

:class:`IdleWatcher` filters every input event of the application. When no touch
or key arrives for ``timeout_s`` while ``is_active()`` says a journey is in
progress, it shows :class:`IdleOverlay` counting down ``warning_s`` seconds. A
touch dismisses it; at zero it calls ``on_expire`` (the window resets the active
flow, which wipes personal data, and returns to the attract screen).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from kiosk.ui.widgets.idle_overlay import IdleOverlay

log = logging.getLogger(__name__)

_ACTIVITY = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.KeyPress,
        QEvent.Type.Wheel,
        QEvent.Type.TabletPress,
    }
)


class IdleWatcher(QObject):
    warning_shown = Signal()
    expired = Signal()

    def __init__(
        self,
        window: QWidget,
        *,
        timeout_s: float,
        warning_s: int = 20,
        is_active: Callable[[], bool],
        on_expire: Callable[[], None],
    ) -> None:
        super().__init__(window)
        self._timeout_s = timeout_s
        self._warning_s = warning_s
        self._is_active = is_active
        self._on_expire = on_expire
        self._remaining = warning_s
        self._window = window
        self.overlay = self._make_overlay()
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.timeout.connect(self._on_idle)
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._on_tick)
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.restart()

    def _make_overlay(self) -> IdleOverlay:
        overlay = IdleOverlay(self._window)
        overlay.continue_clicked.connect(self.dismiss)
        overlay.end_clicked.connect(self.expire)
        return overlay

    def rebuild_overlay(self) -> None:
        """Recreate the overlay (after a theme change), keeping a running countdown."""
        showing = self.warning
        self.overlay.hide()
        self.overlay.deleteLater()
        self.overlay = self._make_overlay()
        if showing:
            self.overlay.set_seconds(self._remaining)
            self.overlay.cover()

    # -- configuration -----------------------------------------------------
    @property
    def timeout_s(self) -> float:
        return self._timeout_s

    def set_timeout(self, timeout_s: float) -> None:
        self._timeout_s = timeout_s
        if not self.warning:
            self.restart()

    @property
    def warning(self) -> bool:
        return not self.overlay.isHidden()

    @property
    def remaining(self) -> int:
        return self._remaining

    # -- behaviour -----------------------------------------------------------
    def restart(self) -> None:
        """Start counting idle time from now."""
        self._idle.start(max(1, round(self._timeout_s * 1000)))

    def dismiss(self) -> None:
        self._tick.stop()
        self.overlay.hide()
        self.restart()

    def expire(self) -> None:
        self._tick.stop()
        self.overlay.hide()
        log.info("idle timeout: session reset")
        self._on_expire()
        self.expired.emit()
        self.restart()

    def stop(self) -> None:
        self._idle.stop()
        self._tick.stop()
        self.overlay.hide()
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def _on_idle(self) -> None:
        if not self._is_active():
            self.restart()
            return
        self._remaining = self._warning_s
        self.overlay.set_seconds(self._remaining)
        self.overlay.cover()
        self._tick.start()
        self.warning_shown.emit()

    def _on_tick(self) -> None:
        self._remaining -= 1
        if self._remaining <= 0:
            self.expire()
        else:
            self.overlay.set_seconds(self._remaining)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY:
            if not self.warning:
                self.restart()
            elif event.type() == QEvent.Type.KeyPress:
                self.dismiss()
            # presses during the warning go to the overlay, which decides
        return False
