"""A camera's live picture on the face check: the GUI thread only paints.

The camera's thread scales, converts and mirrors each frame to the widget's size
(``devices.camera.face_preview``) and hands it to the widget's
:class:`~kiosk.ui.widgets.preview_mailbox.PreviewMailbox`, which keeps only the newest
one (see :class:`~kiosk.ui.widgets.live_picture.LivePicture`). Over the picture: the
oval the face should fill and the box around the face found. Nothing of the picture is
stored or logged; :meth:`LivePreview.clear` (called when the screen is hidden) drops
every buffer.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from device_contracts import PreviewFrame
from kiosk.ui.theme import active_theme
from kiosk.ui.widgets.live_picture import LivePicture, cover_rect

#: the oval guide, as shares of the picture's width and height
OVAL_W, OVAL_H, OVAL_RAISE = 0.44, 0.74, 0.02


class LivePreview(LivePicture):
    """The live picture (or a dark viewfinder before the first frame) with the oval the
    face should fill and the box around the face found."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, name="live_preview", mirror=True)
        self._box: tuple[int, int, int, int] | None = None

    def sizeHint(self) -> QSize:
        return QSize(active_theme().px(560), active_theme().px(560))

    def took_frame(self, frame: PreviewFrame) -> None:
        self._box = frame.box

    def forget_frame(self) -> None:
        self._box = None

    def paintEvent(self, event: QPaintEvent) -> None:
        p, view = self.rounded_painter(28)
        if self._image is None:
            p.fillRect(view, QColor("#1c2633"))
        else:
            # the frame was made at this size; a resize since is covered, not distorted
            self.draw_frame(p, cover_rect(self._image.size(), view))
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
            target = cover_rect(self._image.size(), view)
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
