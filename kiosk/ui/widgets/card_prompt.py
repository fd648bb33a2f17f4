"""请取回身份证: the strip under the header while an ID card no journey needs any more
lies on the reader (flows/card_return.py). Large, amber, on every screen (the done
screens, and the attract screen after an idle wipe), until the reader says the card
was taken; it names no one and shows nothing of the card."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QFrame, QHBoxLayout, QWidget

from kiosk.ui.theme import active_theme
from kiosk.ui.widgets.tr import K, TrLabel


class CardPrompt(QFrame):
    """``card_prompt_text`` says it; hidden until :meth:`set_shown`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card_prompt")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        t = active_theme()

        # the standard size in large text too: 40 px bold is large already, and the strip
        # takes its height from every screen (at 1.4x the keypads and the face consent's
        # points no longer fitted under it, issue 19 item 10)
        def px(base: float) -> int:
            return round(base * min(t.scale, 1.0))

        # styled here, not in kiosk.qss: one widget, its colours from the theme
        self.setStyleSheet(
            f"#card_prompt {{ background: {t.warn_bg}; border: {px(3)}px solid {t.warn};"
            f" border-radius: {px(16)}px; }}"
            f" #card_prompt QLabel {{ color: {t.warn}; background: transparent;"
            f" font-weight: 700; }}"
            f" #card_prompt_text {{ font-size: {px(40)}px; }}"
            f" #card_prompt_hint {{ font-size: {px(24)}px; font-weight: 500; }}"
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(px(32), px(10), px(32), px(10))
        layout.setSpacing(px(24))
        self.icon = _CardIcon(QColor(t.warn), px(72))
        self.text = TrLabel(K("card.take"), "", wrap=False, name="card_prompt_text")
        self.hint = TrLabel(K("card.take_hint"), "", name="card_prompt_hint")
        layout.addWidget(self.icon)
        layout.addWidget(self.text)
        layout.addWidget(self.hint, 1)
        self.hide()

    def set_shown(self, shown: bool) -> None:
        self.setVisible(shown)


class _CardIcon(QWidget):
    """An ID card drawn in the prompt's colour (no emoji: the kiosk's fonts lack it)."""

    def __init__(self, colour: QColor, width: int) -> None:
        super().__init__()
        self._colour = colour
        self.setFixedSize(width, round(width * 0.66))

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        w, h = self.width(), self.height()
        line = max(2.0, w / 24)
        p.setPen(QPen(self._colour, line))
        p.drawRoundedRect(QRectF(line, line, w - 2 * line, h - 2 * line), w / 10, w / 10)
        p.setBrush(self._colour)
        p.setPen(Qt.PenStyle.NoPen)
        p.drawEllipse(QRectF(w * 0.14, h * 0.25, w * 0.24, h * 0.36))  # the photo
        for row in (0.3, 0.5, 0.7):  # the printed lines
            p.drawRect(QRectF(w * 0.48, h * row - line / 2, w * 0.38, line))
        p.end()
