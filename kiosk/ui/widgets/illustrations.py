"""Pictures drawn in Qt (no image assets): the ID card reader,
the locker with one open door, a busy spinner and result marks."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import (
    QColor,
    QFont,
    QHideEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QShowEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.ui.theme import FONT_FAMILY, active_theme


class _Animated(QWidget):
    """Ticks ``phase`` while visible, so hidden screens cost nothing."""

    def __init__(self, interval_ms: int = 40, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.phase = 0
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def _tick(self) -> None:
        self.phase = (self.phase + 1) % 3600
        self.update()

    def showEvent(self, event: QShowEvent) -> None:
        self._timer.start()
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        self._timer.stop()
        super().hideEvent(event)


class IdCardIllustration(_Animated):
    """A card reader with an ID card floating down onto it."""

    def sizeHint(self) -> QSize:
        return QSize(active_theme().px(560), active_theme().px(420))

    def paintEvent(self, event: QPaintEvent) -> None:
        t = active_theme()
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        w, h = self.width(), self.height()
        unit = min(w / 560, h / 420)
        cx = w / 2
        # reader
        reader = QRectF(cx - 220 * unit, h - 150 * unit, 440 * unit, 110 * unit)
        p.setPen(QPen(QColor(t.border), 3))
        p.setBrush(QColor("#d9e1ec"))
        p.drawRoundedRect(reader, 24 * unit, 24 * unit)
        pad = reader.adjusted(60 * unit, 20 * unit, -60 * unit, -50 * unit)
        p.setBrush(QColor(t.illustration))
        p.setOpacity(0.25)
        p.drawRoundedRect(pad, 10 * unit, 10 * unit)
        p.setOpacity(1.0)
        # card, bobbing above the reader
        bob = abs((self.phase % 50) - 25) / 25  # 0..1..0
        top = 30 * unit + bob * 40 * unit
        card = QRectF(cx - 170 * unit, top, 340 * unit, 214 * unit)
        p.setPen(QPen(QColor(t.illustration), 3))
        p.setBrush(QColor("#f4f8fd"))
        p.drawRoundedRect(card, 16 * unit, 16 * unit)
        # photo box and text lines
        photo = QRectF(card.right() - 110 * unit, card.top() + 36 * unit, 80 * unit, 100 * unit)
        p.setBrush(QColor("#c9d7ea"))
        p.setPen(Qt.PenStyle.NoPen)
        p.drawRoundedRect(photo, 6 * unit, 6 * unit)
        p.setBrush(QColor(t.illustration))
        head = photo.center() - QPointF(0, 14 * unit)
        p.drawEllipse(head, 16 * unit, 18 * unit)
        body = QPainterPath()
        body.addRoundedRect(
            QRectF(photo.left() + 14 * unit, photo.bottom() - 36 * unit, 52 * unit, 36 * unit),
            16 * unit,
            16 * unit,
        )
        p.drawPath(body)
        p.setBrush(QColor(t.border))
        for i, length in enumerate((150, 120, 170, 110)):
            p.drawRoundedRect(
                QRectF(
                    card.left() + 28 * unit,
                    card.top() + (40 + i * 28) * unit,
                    length * unit,
                    12 * unit,
                ),
                6 * unit,
                6 * unit,
            )
        p.drawRoundedRect(
            QRectF(card.left() + 28 * unit, card.bottom() - 40 * unit, 280 * unit, 14 * unit),
            7 * unit,
            7 * unit,
        )
        # arrow towards the reader
        p.setPen(QPen(QColor(t.primary), 6 * unit, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        ax = cx
        ay1, ay2 = card.bottom() + 12 * unit, reader.top() - 10 * unit
        if ay2 - ay1 > 16 * unit:
            p.drawLine(QPointF(ax, ay1), QPointF(ax, ay2))
            p.drawLine(QPointF(ax - 14 * unit, ay2 - 14 * unit), QPointF(ax, ay2))
            p.drawLine(QPointF(ax + 14 * unit, ay2 - 14 * unit), QPointF(ax, ay2))
        p.end()


class LockerIllustration(QWidget):
    """A bank of compartments with the resident's door open and labelled."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.compartment = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_compartment(self, compartment_id: str) -> None:
        self.compartment = compartment_id
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(active_theme().px(520), active_theme().px(520))

    def paintEvent(self, event: QPaintEvent) -> None:
        t = active_theme()
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        cols, rows = 4, 5
        side = min(self.width() / cols, self.height() / rows) * 0.92
        x0 = (self.width() - side * cols) / 2
        y0 = (self.height() - side * rows) / 2
        open_index = 6  # a fixed, readable position for the drawing
        font = QFont(FONT_FAMILY)
        font.setPixelSize(max(12, round(side * 0.26)))
        font.setBold(True)
        p.setFont(font)
        for r in range(rows):
            for c in range(cols):
                i = r * cols + c
                cell = QRectF(x0 + c * side + 4, y0 + r * side + 4, side - 8, side - 8)
                if i == open_index:
                    p.setPen(QPen(QColor(t.ok), 5))
                    p.setBrush(QColor(t.ok_bg))
                    p.drawRoundedRect(cell, 8, 8)
                    door = QPainterPath()
                    door.moveTo(cell.left(), cell.top())
                    door.lineTo(cell.left() - side * 0.35, cell.top() + side * 0.12)
                    door.lineTo(cell.left() - side * 0.35, cell.bottom() - side * 0.12)
                    door.lineTo(cell.left(), cell.bottom())
                    p.setBrush(QColor("#b9c6d6"))
                    p.drawPath(door)
                    p.setPen(QColor(t.ok))
                    p.drawText(cell, Qt.AlignmentFlag.AlignCenter, self.compartment or "")
                else:
                    p.setPen(QPen(QColor(t.border), 2))
                    p.setBrush(QColor("#dfe6ef"))
                    p.drawRoundedRect(cell, 8, 8)
                    p.setBrush(QColor(t.border))
                    p.drawEllipse(QPointF(cell.right() - side * 0.16, cell.center().y()), 4, 4)
        p.end()


class Spinner(_Animated):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(30, parent)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        side = active_theme().px(160)
        self.setFixedSize(side, side)

    def paintEvent(self, event: QPaintEvent) -> None:
        t = active_theme()
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen_w = max(8, self.width() // 14)
        rect = QRectF(self.rect()).adjusted(pen_w, pen_w, -pen_w, -pen_w)
        p.setPen(QPen(QColor(t.border), pen_w))
        p.drawEllipse(rect)
        p.setPen(QPen(QColor(t.primary), pen_w, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        p.drawArc(rect, -(self.phase * 12 % 360) * 16, 100 * 16)
        p.end()


class ResultMark(QWidget):
    """A big tick (``ok``) or exclamation mark (``error``) in a circle."""

    def __init__(self, kind: str = "ok", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        side = active_theme().px(140)
        self.setFixedSize(side, side)

    def paintEvent(self, event: QPaintEvent) -> None:
        t = active_theme()
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        color = QColor(t.ok if self.kind == "ok" else t.danger)
        rect = QRectF(self.rect()).adjusted(4, 4, -4, -4)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(color)
        p.drawEllipse(rect)
        s = rect.width()
        pen = QPen(QColor("white"), s * 0.09, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        p.setPen(pen)
        o = rect.topLeft()
        if self.kind == "ok":
            p.drawPolyline(
                [
                    o + QPointF(s * 0.28, s * 0.52),
                    o + QPointF(s * 0.44, s * 0.68),
                    o + QPointF(s * 0.73, s * 0.36),
                ]
            )
        else:
            p.drawLine(o + QPointF(s / 2, s * 0.26), o + QPointF(s / 2, s * 0.58))
            p.drawPoint(o + QPointF(s / 2, s * 0.74))
        p.end()
