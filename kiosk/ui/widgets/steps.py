"""The journey's step indicator: numbered circles, labels, done steps ticked."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk import i18n
from kiosk.ui.theme import FONT_FAMILY, active_theme
from kiosk.ui.widgets.tr import current_lang


class StepIndicator(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("steps")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._keys: tuple[str, ...] = ()
        self._current = 0

    @property
    def steps(self) -> tuple[str, ...]:
        return self._keys

    @property
    def current(self) -> int:
        return self._current

    def labels(self) -> list[str]:
        return [i18n.tr(k, current_lang()) for k in self._keys]

    def set_steps(self, keys: Sequence[str], current: int) -> None:
        self._keys = tuple(keys)
        self._current = current
        self.updateGeometry()
        self.update()

    def retranslate_ui(self) -> None:
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(1920, active_theme().px(88))

    def minimumSizeHint(self) -> QSize:
        return QSize(400, active_theme().px(88))

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._keys:
            return
        theme = active_theme()
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        n = len(self._keys)
        w, h = self.width(), self.height()
        margin = theme.px(40)
        slot = (w - 2 * margin) / n
        r = theme.px(16)
        cy = theme.px(28)
        primary, border, muted = QColor(theme.primary), QColor(theme.border), QColor(theme.muted)
        ok = QColor(theme.ok)
        # connecting lines
        for i in range(n - 1):
            x1 = margin + slot * (i + 0.5) + r + 6
            x2 = margin + slot * (i + 1.5) - r - 6
            p.setPen(QPen(ok if i < self._current else border, theme.px(3)))
            p.drawLine(QPointF(x1, cy), QPointF(x2, cy))
        num_font = QFont(FONT_FAMILY)
        num_font.setPixelSize(theme.px(18))
        num_font.setBold(True)
        label_font = QFont(FONT_FAMILY)
        label_font.setPixelSize(theme.px(19))
        for i, label in enumerate(self.labels()):
            cx = margin + slot * (i + 0.5)
            circle = QRectF(cx - r, cy - r, 2 * r, 2 * r)
            done, here = i < self._current, i == self._current
            fill = ok if done else primary if here else QColor(theme.surface)
            p.setPen(QPen(fill if (done or here) else border, theme.px(2)))
            p.setBrush(fill)
            p.drawEllipse(circle)
            p.setFont(num_font)
            p.setPen(QColor(theme.primary_text) if (done or here) else muted)
            p.drawText(circle, Qt.AlignmentFlag.AlignCenter, "✓" if done else str(i + 1))
            label_font.setBold(here)
            p.setFont(label_font)
            p.setPen(primary if here else QColor(theme.text) if done else muted)
            p.drawText(
                QRectF(cx - slot / 2, cy + r + 4, slot, h - cy - r - 6),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                label,
            )
        p.end()
