"""A camera's live picture as a widget: what the face and the document previews share.

:class:`LivePicture` owns a :class:`~kiosk.ui.widgets.preview_mailbox.PreviewMailbox`,
tells it the size to make frames at, opens it while shown and closes it (dropping every
buffer) when hidden, turns each frame into a :class:`QImage` over the frame's own bytes
and counts a frame as shown when it is first painted. What is drawn over the picture
(the face oval, the page outline) is the subclass's: it paints with :meth:`draw_frame`
and keeps a frame's extra data through :meth:`took_frame`.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Slot
from PySide6.QtGui import QHideEvent, QImage, QPainter, QPainterPath, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from device_contracts import PreviewFrame
from kiosk.ui.widgets.preview_mailbox import PreviewMailbox


class LivePicture(QWidget):
    """The newest frame of a camera, painted on the GUI thread only."""

    def __init__(self, parent: QWidget | None, *, name: str, mirror: bool) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.mailbox = PreviewMailbox(self, mirror=mirror)
        self.mailbox.arrived.connect(self._show_frame)
        self._image: QImage | None = None
        self._pixels: bytes | None = None  # the QImage's buffer: kept alive with it
        self._fresh = False  # a frame arrived since the last paint
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def has_frame(self) -> bool:
        return self._image is not None or self.mailbox.holds_frame()

    def clear(self) -> None:
        """Drop the picture and every buffer (the screen left)."""
        self.mailbox.clear()
        self._image = None
        self._pixels = None
        self.forget_frame()
        self.update()

    # for subclasses -------------------------------------------------------------
    def took_frame(self, frame: PreviewFrame) -> None:
        """Keep what is drawn over the picture from ``frame`` (its box, its outline)."""

    def forget_frame(self) -> None:
        """Drop what :meth:`took_frame` kept (the picture was cleared)."""

    def rounded_painter(self, radius: float) -> tuple[QPainter, QRectF]:
        """A painter on this widget, smoothed and clipped to its rect with rounded corners
        of ``radius``, and that rect; the caller ends it."""
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        view = QRectF(self.rect())
        clip = QPainterPath()
        clip.addRoundedRect(view, radius, radius)
        p.setClipPath(clip)
        return p, view

    def draw_frame(self, p: QPainter, target: QRectF) -> None:
        """Paint the picture into ``target``; the first paint of a frame counts as shown."""
        if self._image is None:
            return
        p.drawImage(target, self._image)
        if self._fresh:
            self._fresh = False
            self.mailbox.painted()

    # Qt -------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        self.mailbox.set_size(self.width(), self.height())
        super().resizeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        self.mailbox.set_size(self.width(), self.height())
        self.mailbox.set_open(True)
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        self.mailbox.set_open(False)  # a frame the camera sends after this is not kept
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
        self.took_frame(frame)
        self._fresh = True
        self.update()


def fit_rect(size: QSize, view: QRectF) -> QRectF:
    """Where an image of ``size`` goes to fit inside ``view`` whole, centred."""
    return _scaled(size, view, cover=False)


def cover_rect(size: QSize, view: QRectF) -> QRectF:
    """Where an image of ``size`` goes to fill ``view`` without distortion, centred."""
    return _scaled(size, view, cover=True)


def _scaled(size: QSize, view: QRectF, *, cover: bool) -> QRectF:
    if size.width() <= 0 or size.height() <= 0:
        return view
    pick = max if cover else min
    scale = pick(view.width() / size.width(), view.height() / size.height())
    target = QRectF(0, 0, size.width() * scale, size.height() * scale)
    target.moveCenter(view.center())
    return target
