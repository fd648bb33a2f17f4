"""The newest-frame mailbox between a camera's thread and a live picture on screen.

The camera's thread scales, converts (and, for a face, mirrors) each frame to the
widget's size and hands it to :class:`PreviewMailbox`, which keeps only the newest one
and wakes the GUI thread once per frame it can show: when a paint is slow, the frames
that came meanwhile are replaced, never queued. Shared by the face check's
:class:`~kiosk.ui.widgets.live_preview.LivePreview` and the materials screen's
:class:`~kiosk.ui.widgets.page_preview.PagePreview` (through
:class:`~kiosk.ui.widgets.live_picture.LivePicture`).
"""

from __future__ import annotations

import threading
import time
from collections import deque

from PySide6.QtCore import QObject, Qt, Signal, Slot

from device_contracts import PreviewFrame

#: frames painted in the last this many seconds count for :attr:`PreviewMailbox.fps`
_FPS_WINDOW_S = 2.0


class PreviewMailbox(QObject):
    """A :class:`device_contracts.PreviewSink` for one widget: the newest frame only.

    ``offer`` runs on the camera's thread; ``arrived`` is emitted on the GUI thread,
    at most once per frame taken (a frame offered while one waits replaces it).
    """

    arrived = Signal(object)
    _wake = Signal()

    def __init__(self, parent: QObject | None = None, *, mirror: bool = True) -> None:
        """``mirror``: a face camera is shown as a mirror; a document camera is not."""
        super().__init__(parent)
        self._mirror = mirror
        self._lock = threading.Lock()
        #: False while the screen is away: frames offered then are dropped at once
        self._open = True
        self._latest: PreviewFrame | None = None
        self._waiting = False
        self._size = (640, 480)
        self.offered = 0
        self.dropped = 0
        self.shown = 0
        self._first_paint: float | None = None
        self._last_paint: float | None = None
        self._painted: deque[float] = deque()
        self._wake.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    # PreviewSink ----------------------------------------------------------------
    @property
    def size(self) -> tuple[int, int]:
        with self._lock:
            return self._size

    @property
    def mirror(self) -> bool:
        return self._mirror

    def offer(self, frame: PreviewFrame) -> None:
        with self._lock:
            if not self._open:
                return  # the screen left: a frame the camera sent meanwhile is not kept
            self.offered += 1
            if self._latest is not None:
                self.dropped += 1  # the screen has not taken the last one: replace it
            self._latest = frame
            wake = not self._waiting
            self._waiting = True
        if wake:
            self._wake.emit()

    # GUI side -------------------------------------------------------------------
    def set_size(self, width: int, height: int) -> None:
        with self._lock:
            self._size = (max(2, width), max(2, height))

    def take(self) -> PreviewFrame | None:
        with self._lock:
            frame, self._latest = self._latest, None
            self._waiting = False
        return frame

    def clear(self) -> None:
        """Drop the frame waiting, if any (the screen left)."""
        with self._lock:
            self._latest = None
            self._waiting = False

    def set_open(self, is_open: bool) -> None:
        """Take frames (the screen is shown) or refuse them and drop the one waiting."""
        with self._lock:
            self._open = is_open
            if not is_open:
                self._latest = None
                self._waiting = False

    def holds_frame(self) -> bool:
        with self._lock:
            return self._latest is not None

    def painted(self) -> None:
        """A new frame reached the screen (GUI thread)."""
        now = time.monotonic()
        self._painted.append(now)
        while self._painted and now - self._painted[0] > _FPS_WINDOW_S:
            self._painted.popleft()
        self.shown += 1
        if self._first_paint is None:
            self._first_paint = now
        self._last_paint = now

    @property
    def fps(self) -> float:
        """Frames shown per second, over the last two seconds."""
        if len(self._painted) < 2:
            return 0.0
        span = self._painted[-1] - self._painted[0]
        return (len(self._painted) - 1) / span if span > 0 else 0.0

    def mean_fps(self) -> float:
        """Frames shown per second from the first to the last since :meth:`reset_stats`
        (``kiosk bench gui``)."""
        if self._first_paint is None or self._last_paint is None or self.shown < 2:
            return 0.0
        span = self._last_paint - self._first_paint
        return (self.shown - 1) / span if span > 0 else 0.0

    def reset_stats(self) -> None:
        self.offered = self.dropped = self.shown = 0
        self._first_paint = self._last_paint = None
        self._painted.clear()

    @Slot()
    def _deliver(self) -> None:
        frame = self.take()
        if frame is not None:
            self.arrived.emit(frame)
