"""The top bar: emblem and title, clock, language switch, large-text toggle, call staff."""

from __future__ import annotations

from PySide6.QtCore import QDateTime, QLocale, QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPaintEvent, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.ui.theme import active_theme
from kiosk.ui.widgets.tr import K, TrButton, TrLabel, current_lang


class Emblem(QWidget):
    """A simple service mark: a five-pointed star in a ring (drawn, no asset)."""

    def sizeHint(self) -> QSize:
        s = active_theme().px(64)
        return QSize(s, s)

    def paintEvent(self, event: QPaintEvent) -> None:
        import math

        t = active_theme()
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = min(self.width(), self.height()) - 6
        cx, cy = self.width() / 2, self.height() / 2
        p.setPen(QPen(QColor(t.header_text), 3))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawEllipse(QPointF(cx, cy), side / 2, side / 2)
        outer, inner = side * 0.34, side * 0.14
        pts = []
        for i in range(10):
            r = outer if i % 2 == 0 else inner
            a = -math.pi / 2 + i * math.pi / 5
            pts.append(QPointF(cx + r * math.cos(a), cy + r * math.sin(a)))
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor("#ffd24a"))
        p.drawPolygon(QPolygonF(pts))
        p.end()


class Header(QWidget):
    lang_clicked = Signal()
    large_text_toggled = Signal(bool)
    call_staff_clicked = Signal()
    #: the speaker mark tapped: True mutes the voice prompts (for this resident's session)
    mute_toggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("header")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        t = active_theme()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(t.px(32), 0, t.px(32), 0)
        layout.setSpacing(t.px(20))
        self.emblem = Emblem(self)
        self.emblem.setObjectName("header_emblem")
        layout.addWidget(self.emblem)
        titles = QVBoxLayout()
        titles.setSpacing(0)
        self.title = TrLabel(K("app.title"), "", wrap=False, name="header_title")
        titles.addStretch(1)
        titles.addWidget(self.title)
        titles.addStretch(1)
        layout.addLayout(titles)
        layout.addStretch(1)
        self.clock = QLabel(self)
        self.clock.setObjectName("header_clock")
        layout.addWidget(self.clock)
        layout.addSpacing(t.px(12))
        self.lang_button = TrButton(K("header.lang"), name="btn_lang")
        self.lang_button.clicked.connect(self.lang_clicked)
        layout.addWidget(self.lang_button)
        self.mute_button = TrButton(K("header.voice_on"), name="btn_mute")
        self.mute_button.setCheckable(True)
        self.mute_button.setIconSize(QSize(t.px(32), t.px(32)))
        self.mute_button.toggled.connect(self._mute_toggled)
        self._show_mute(False)
        layout.addWidget(self.mute_button)
        self.large_button = TrButton(K("header.large_text"), name="btn_large_text")
        self.large_button.setCheckable(True)
        self.large_button.toggled.connect(self._large_toggled)
        layout.addWidget(self.large_button)
        self.staff_button = TrButton(K("header.call_staff"), name="btn_call_staff")
        self.staff_button.clicked.connect(self.call_staff_clicked)
        layout.addWidget(self.staff_button)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.tick)
        self._timer.start(1000)
        self.tick()

    def _large_toggled(self, on: bool) -> None:
        self.large_button.set_source(K("header.standard_text" if on else "header.large_text"))
        self.large_text_toggled.emit(on)

    def _mute_toggled(self, muted: bool) -> None:
        self._show_mute(muted)
        self.mute_toggled.emit(muted)

    def _show_mute(self, muted: bool) -> None:
        self.mute_button.set_source(K("header.voice_off" if muted else "header.voice_on"))
        t = active_theme()
        # a checked header button is light: the crossed-out speaker in the dark colour
        colour = QColor(t.primary if muted else t.header_text)
        self.mute_button.setIcon(speaker_icon(t.px(32), muted, colour))

    def set_muted(self, muted: bool) -> None:
        """Reflect the voice's state without emitting ``mute_toggled``."""
        self.mute_button.blockSignals(True)
        self.mute_button.setChecked(muted)
        self.mute_button.blockSignals(False)
        self._show_mute(muted)

    def set_large_text(self, on: bool) -> None:
        """Reflect the mode without emitting ``large_text_toggled``."""
        self.large_button.blockSignals(True)
        self.large_button.setChecked(on)
        self.large_button.blockSignals(False)
        self.large_button.set_source(K("header.standard_text" if on else "header.large_text"))

    def set_resident_controls(self, shown: bool) -> None:
        """Call staff, large text and the voice prompts' speaker mark: the resident's;
        hidden on staff screens."""
        self.large_button.setVisible(shown)
        self.staff_button.setVisible(shown)
        self.mute_button.setVisible(shown)

    def retranslate_ui(self) -> None:
        self.tick()

    def tick(self) -> None:
        now = QDateTime.currentDateTime()
        if current_lang() == "zh":
            locale = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
            self.clock.setText(locale.toString(now, "yyyy年M月d日 dddd  HH:mm"))
        else:
            locale = QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
            self.clock.setText(locale.toString(now, "ddd d MMM yyyy  HH:mm"))


def speaker_icon(side: int, muted: bool, colour: QColor) -> QIcon:
    """A loudspeaker with sound waves, or crossed out when muted (drawn: no asset, and
    the kiosk's fonts lack the emoji)."""
    pix = QPixmap(side, side)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(colour)
    u = side / 16
    p.drawPolygon(
        QPolygonF(
            [
                QPointF(u * 2, u * 6),
                QPointF(u * 5, u * 6),
                QPointF(u * 9, u * 2),
                QPointF(u * 9, u * 14),
                QPointF(u * 5, u * 10),
                QPointF(u * 2, u * 10),
            ]
        )
    )
    pen = QPen(colour, max(1.5, u * 1.3))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    if muted:
        p.drawLine(QPointF(u * 11, u * 5.5), QPointF(u * 15, u * 10.5))
        p.drawLine(QPointF(u * 15, u * 5.5), QPointF(u * 11, u * 10.5))
    else:
        for r in (3.0, 5.5):
            p.drawArc(QRectF(u * (9 - r), u * (8 - r), u * 2 * r, u * 2 * r), -45 * 16, 90 * 16)
    p.end()
    return QIcon(pix)
