"""A hand signature on the touch screen (告知承诺制): :class:`SignaturePad` takes the
strokes from a finger (touch events) or a mouse and draws them as they come;
:class:`SignatureView` draws strokes already signed, small, for the review.

Strokes are kept as the flows want them: points ``(x, y, t_ms)`` in a square box of
``flows.commitment.BOX`` units a side, whatever the pad's size on screen (the pad
keeps :data:`PAD_ASPECT`, and the view draws them back at the same aspect), and the
time in milliseconds since the first touch.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QTouchEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from flows.commitment import BOX, Point, Stroke
from kiosk.ui.theme import active_theme

#: width to height of the pad and of the view: a name written across, in one line
PAD_ASPECT = 2.5


def _paint_strokes(
    painter: QPainter, area: QRectF, strokes: tuple[Stroke, ...], pen_width: float
) -> None:
    t = active_theme()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(QColor(t.text), pen_width)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    for stroke in strokes:
        points = [
            QPointF(area.x() + x * area.width() / BOX, area.y() + y * area.height() / BOX)
            for x, y, _ in stroke
        ]
        if len(points) == 1:
            painter.drawPoint(points[0])  # a tap shows as the dot it is
            continue
        path = QPainterPath(points[0])
        for p in points[1:]:
            path.lineTo(p)
        painter.drawPath(path)


def _box_area(widget: QWidget, margin: float) -> QRectF:
    """The widget's largest rectangle of :data:`PAD_ASPECT`, centred, inside ``margin``."""
    w, h = widget.width() - 2 * margin, widget.height() - 2 * margin
    if w / max(h, 1) > PAD_ASPECT:
        w = h * PAD_ASPECT
    else:
        h = w / PAD_ASPECT
    return QRectF((widget.width() - w) / 2, (widget.height() - h) / 2, w, h)


class SignaturePad(QWidget):
    """Sign here: ``changed`` after each stroke and on :meth:`clear`; :meth:`strokes`
    reads what was drawn. Touch and mouse both draw (a touch is not turned into a
    mouse press as well: the touch events are taken)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signature_pad")
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(active_theme().px(500), active_theme().px(200))
        self.setCursor(Qt.CursorShape.CrossCursor)
        # moves reach the pad with or without a button held (a press starts a stroke)
        self.setMouseTracking(True)
        self._strokes: list[list[Point]] = []
        self._drawing = False
        self._started: float | None = None

    def sizeHint(self) -> QSize:
        w = active_theme().px(1200)
        return QSize(w, round(w / PAD_ASPECT))

    def strokes(self) -> tuple[Stroke, ...]:
        return tuple(tuple(s) for s in self._strokes)

    def clear(self) -> None:
        self._strokes = []
        self._drawing = False
        self._started = None
        self.update()
        self.changed.emit()

    # -- input ------------------------------------------------------------------------
    def _point(self, pos: QPointF) -> Point:
        area = _box_area(self, 0)
        now = time.monotonic()
        if self._started is None:
            self._started = now
        x = round((pos.x() - area.x()) * BOX / max(area.width(), 1))
        y = round((pos.y() - area.y()) * BOX / max(area.height(), 1))
        # a finger running over the edge stays on the edge: the box holds every point
        return (min(max(x, 0), BOX), min(max(y, 0), BOX), round((now - self._started) * 1000))

    def _begin(self, pos: QPointF) -> None:
        self._drawing = True
        self._strokes.append([self._point(pos)])
        self.update()

    def _extend(self, pos: QPointF) -> None:
        if self._drawing:
            self._strokes[-1].append(self._point(pos))
            self.update()

    def _end(self) -> None:
        if self._drawing:
            self._drawing = False
            self.changed.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._begin(event.position())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self._extend(event.position())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._end()

    def event(self, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd):
            assert isinstance(event, QTouchEvent)
            points = event.points()
            if points:  # the first finger signs; a palm's second touch is ignored
                pos = points[0].position()
                if kind == QEvent.Type.TouchBegin:
                    self._begin(pos)
                elif kind == QEvent.Type.TouchUpdate:
                    self._extend(pos)
                else:
                    self._extend(pos)
                    self._end()
            event.accept()
            return True
        return super().event(event)

    # -- drawing ----------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        t = active_theme()
        painter = QPainter(self)
        area = _box_area(self, 0)
        painter.fillRect(area, QColor(t.input_bg))
        painter.setPen(QPen(QColor(t.border), t.px(2), Qt.PenStyle.DashLine))
        painter.drawRect(area.adjusted(1, 1, -1, -1))
        # the line to sign on, as on paper
        painter.setPen(QPen(QColor(t.muted), t.px(2)))
        base = area.y() + area.height() * 0.78
        painter.drawLine(
            QPointF(area.x() + area.width() * 0.06, base),
            QPointF(area.right() - area.width() * 0.06, base),
        )
        _paint_strokes(painter, area, self.strokes(), t.px(5))
        painter.end()


class SignatureView(QWidget):
    """Strokes already signed, drawn small (the review's thumbnail)."""

    def __init__(self, strokes: tuple[Stroke, ...], height: int, name: str = "") -> None:
        super().__init__()
        if name:
            self.setObjectName(name)
        self._strokes = strokes
        self.setFixedSize(round(height * PAD_ASPECT), height)

    def paintEvent(self, event: QPaintEvent) -> None:
        t = active_theme()
        painter = QPainter(self)
        area = QRectF(0, 0, self.width(), self.height())
        painter.fillRect(area, QColor(t.input_bg))
        painter.setPen(QPen(QColor(t.border), 1))
        painter.drawRect(area.adjusted(0, 0, -1, -1))
        _paint_strokes(painter, area, self._strokes, max(1.5, self.height() / 40))
        painter.end()
