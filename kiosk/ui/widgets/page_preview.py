"""The document camera's live picture on the materials screen: the GUI thread only paints.

Frames come as for the face check (:class:`~kiosk.ui.widgets.live_picture.LivePicture`,
not mirrored): scaled to fit this widget and converted on the camera's thread
(``devices/camera/page_preview.py``), the newest only, a slow paint drops frames. Over
the picture: the page outline the camera found (the crop's own detector), green when the
page can be taken, amber with a hint, and a bar filling as the page keeps still towards
its auto-capture. A page just taken is shown large for a moment (:meth:`show_taken`).
Nothing is stored or logged; :meth:`clear` (the screen hidden) drops every buffer.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer, Slot
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import QWidget

from device_contracts import PageStep, PreviewFrame
from kiosk.ui.theme import active_theme
from kiosk.ui.widgets.live_picture import LivePicture, fit_rect

#: how long a page just taken is shown large before the live picture comes back
TAKEN_MS = 1500
_OK = QColor("#3ddc84")
_WARN = QColor("#ffb020")
_MOVING = QColor("#ffffff")


class PagePreview(LivePicture):
    """The live picture of the plate (or a dark viewfinder before the first frame)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, name="page_preview", mirror=False)
        self._outline: tuple[tuple[int, int], ...] | None = None
        self._step: PageStep | None = None
        self._hint = False
        self._steady = 0.0
        self._taken: QPixmap | None = None
        self._taken_timer = QTimer(self)
        self._taken_timer.setSingleShot(True)
        self._taken_timer.timeout.connect(self._end_taken)

    def sizeHint(self) -> QSize:
        return QSize(active_theme().px(640), active_theme().px(480))

    def minimumSizeHint(self) -> QSize:
        return QSize(active_theme().px(240), active_theme().px(160))

    def showing_taken(self) -> bool:
        return self._taken is not None

    def set_state(self, step: PageStep | None, hint: bool, steady: float) -> None:
        """What the camera says now: colours the outline and fills the bar."""
        if (step, hint, steady) != (self._step, self._hint, self._steady):
            self._step, self._hint, self._steady = step, hint, steady
            self.update()

    def show_taken(self, page: QPixmap) -> None:
        """The page just taken, large over the picture, for :data:`TAKEN_MS`."""
        self._taken = page
        self._taken_timer.start(TAKEN_MS)
        self.update()

    def took_frame(self, frame: PreviewFrame) -> None:
        self._outline = frame.outline

    def forget_frame(self) -> None:
        self._outline = None
        self._taken = None
        self._taken_timer.stop()

    @Slot()
    def _end_taken(self) -> None:
        self._taken = None
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        p, view = self.rounded_painter(24)
        p.fillRect(view, QColor("#1c2633"))
        if self._image is not None:
            target = fit_rect(self._image.size(), view)
            self.draw_frame(p, target)
            if self._outline is not None:
                self._paint_outline(p, target)
            if self._step is PageStep.STEADY and not self._hint and self._steady > 0:
                bar = QRectF(target.left(), target.bottom() - 12, target.width(), 12)
                p.fillRect(bar, QColor(0, 0, 0, 110))
                bar.setWidth(target.width() * min(1.0, self._steady))
                p.fillRect(bar, _OK)
        if self._taken is not None and not self._taken.isNull():
            p.fillRect(view, QColor(10, 20, 35, 170))
            page = fit_rect(self._taken.size(), view.adjusted(24, 24, -24, -24))
            p.drawPixmap(page.toRect(), self._taken)
            p.setPen(QPen(_OK, 6))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(page)
        p.end()

    def _paint_outline(self, p: QPainter, target: QRectF) -> None:
        assert self._image is not None and self._outline is not None
        sx = target.width() / self._image.width()
        sy = target.height() / self._image.height()
        polygon = QPolygonF(
            [QPointF(target.left() + x * sx, target.top() + y * sy) for x, y in self._outline]
        )
        if self._hint:
            colour, style = _WARN, Qt.PenStyle.SolidLine
        elif self._step in (PageStep.STEADY, PageStep.TAKEN):
            colour, style = _OK, Qt.PenStyle.SolidLine
        else:
            colour, style = _MOVING, Qt.PenStyle.DashLine
        fill = QColor(colour)
        fill.setAlpha(40)
        p.setBrush(fill)
        p.setPen(QPen(colour, 5, style))
        p.drawPolygon(polygon)
