"""A camera's live picture on screen: the GUI thread only paints.

The camera's thread scales, converts and mirrors each frame to the widget's size
(``devices.camera.face_preview``) and hands it to :class:`PreviewMailbox`, which keeps
only the newest one and wakes the GUI thread once per frame it can show: when a paint
is slow, the frames that came meanwhile are replaced, never queued. Nothing of the
picture is stored or logged; :meth:`LivePreview.clear` (called when the screen is
hidden) drops every buffer.
"""

from __future__ import annotations

import threading
import time
from collections import deque

from PySide6.QtCore import QObject, QPointF, QRectF, QSize, Qt, Signal, Slot
from PySide6.QtGui import (
    QColor,
    QHideEvent,
    QImage,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from devices.base import PreviewFrame
from kiosk.ui.theme import active_theme

#: the oval guide, as shares of the picture's width and height
OVAL_W, OVAL_H, OVAL_RAISE = 0.44, 0.74, 0.02
#: frames painted in the last this many seconds count for :attr:`PreviewMailbox.fps`
_FPS_WINDOW_S = 2.0


class PreviewMailbox(QObject):
    """A :class:`devices.base.PreviewSink` for one widget: the newest frame only.

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


class LivePreview(QWidget):
    """The live picture (or a dark viewfinder before the first frame) with the oval the
    face should fill and the box around the face found."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("live_preview")
        self.mailbox = PreviewMailbox(self)
        self.mailbox.arrived.connect(self._show_frame)
        self._image: QImage | None = None
        self._pixels: bytes | None = None  # the QImage's buffer: kept alive with it
        self._box: tuple[int, int, int, int] | None = None
        self._fresh = False  # a frame arrived since the last paint
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(active_theme().px(560), active_theme().px(560))

    def has_frame(self) -> bool:
        return self._image is not None or self.mailbox.holds_frame()

    def clear(self) -> None:
        """Drop the picture and every buffer (the check ended, or the screen left)."""
        self.mailbox.clear()
        self._image = None
        self._pixels = None
        self._box = None
        self.update()

    # Qt -----------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        self.mailbox.set_size(self.width(), self.height())
        super().resizeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        self.mailbox.set_size(self.width(), self.height())
        self.mailbox.set_open(True)
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        self.mailbox.set_open(False)
        self.clear()
        super().hideEvent(event)

    @Slot(object)
    def _show_frame(self, frame: PreviewFrame) -> None:
        if not self.isVisible():
            return  # a frame in flight when the screen left: dropped
        if len(frame.rgb) != frame.width * frame.height * 3:
            return
        self._pixels = frame.rgb
        self._image = QImage(
            self._pixels, frame.width, frame.height, frame.width * 3, QImage.Format.Format_RGB888
        )
        self._box = frame.box
        self._fresh = True
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        view = QRectF(self.rect())
        clip = QPainterPath()
        clip.addRoundedRect(view, 28, 28)
        p.setClipPath(clip)
        if self._image is None:
            p.fillRect(view, QColor("#1c2633"))
        else:
            # the frame was made at this size; a resize since is covered, not distorted
            p.drawImage(_cover(self._image.size(), view), self._image)
            if self._fresh:
                self._fresh = False
                self.mailbox.painted()
        oval = QRectF(0, 0, view.width() * OVAL_W, view.height() * OVAL_H)
        oval.moveCenter(view.center() - QPointF(0, view.height() * OVAL_RAISE))
        shade = QPainterPath()
        shade.addRect(view)
        hole = QPainterPath()
        hole.addEllipse(oval)
        p.fillPath(shade.subtracted(hole), QColor(10, 20, 35, 120))
        p.setPen(QPen(QColor("#ffffff"), 5, Qt.PenStyle.DashLine))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawEllipse(oval)
        if self._box is not None and self._image is not None:
            target = _cover(self._image.size(), view)
            sx = target.width() / self._image.width()
            sy = target.height() / self._image.height()
            left, top, right, bottom = self._box
            p.setPen(QPen(QColor("#3ddc84"), 4))
            p.drawRoundedRect(
                QRectF(
                    target.left() + left * sx,
                    target.top() + top * sy,
                    (right - left) * sx,
                    (bottom - top) * sy,
                ),
                12,
                12,
            )
        p.end()


def _cover(size: QSize, view: QRectF) -> QRectF:
    """Where an image of ``size`` goes to fill ``view`` without distortion, centred."""
    if size.width() <= 0 or size.height() <= 0:
        return view
    scale = max(view.width() / size.width(), view.height() / size.height())
    target = QRectF(0, 0, size.width() * scale, size.height() * scale)
    target.moveCenter(view.center())
    return target
