"""Large tappable tiles: home-screen services with a drawn icon, and list rows."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui.theme import active_theme
from kiosk.ui.widgets.pay_pictograms import draw_pay_pictogram
from kiosk.ui.widgets.tr import Source, TrLabel


class ServiceIcon(QWidget):
    """A simple drawn pictogram: ``declare``, ``collect``, ``progress``, ``appointment``,
    ``post``."""

    def __init__(self, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.muted = False
        side = active_theme().px(104)
        self.setFixedSize(side, side)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def paintEvent(self, event: QPaintEvent) -> None:
        t = active_theme()
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        s = float(self.width())
        bg = QColor(t.muted if self.muted else t.primary)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(bg)
        p.drawRoundedRect(QRectF(0, 0, s, s), s * 0.22, s * 0.22)
        pen = QPen(QColor("white"), s * 0.06, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        u = s / 100
        if draw_pay_pictogram(self.kind, p, u):
            pass  # 便民缴费's: the coin, the utilities, the ways to pay
        elif self.kind == "declare":  # a document with a pen stroke
            p.drawRoundedRect(QRectF(28 * u, 20 * u, 40 * u, 56 * u), 4 * u, 4 * u)
            for y in (36, 48, 60):
                p.drawLine(QPointF(36 * u, y * u), QPointF(58 * u, y * u))
            p.drawLine(QPointF(62 * u, 80 * u), QPointF(80 * u, 56 * u))
        elif self.kind == "collect":  # a locker with a door ajar
            p.drawRoundedRect(QRectF(22 * u, 20 * u, 56 * u, 60 * u), 4 * u, 4 * u)
            p.drawLine(QPointF(50 * u, 20 * u), QPointF(50 * u, 80 * u))
            p.drawLine(QPointF(22 * u, 50 * u), QPointF(78 * u, 50 * u))
            p.drawEllipse(QPointF(42 * u, 35 * u), 2.5 * u, 2.5 * u)
        elif self.kind == "print":  # a printer with a page coming out
            p.drawRoundedRect(QRectF(18 * u, 38 * u, 64 * u, 28 * u), 4 * u, 4 * u)
            p.drawRect(QRectF(32 * u, 20 * u, 36 * u, 18 * u))
            p.drawRect(QRectF(32 * u, 58 * u, 36 * u, 24 * u))
        elif self.kind == "progress":  # a magnifier over lines
            p.drawEllipse(QPointF(44 * u, 44 * u), 20 * u, 20 * u)
            p.drawLine(QPointF(59 * u, 59 * u), QPointF(78 * u, 78 * u))
        elif self.kind == "post":  # an envelope
            p.drawRoundedRect(QRectF(18 * u, 28 * u, 64 * u, 44 * u), 4 * u, 4 * u)
            p.drawPolyline(
                [QPointF(18 * u, 30 * u), QPointF(50 * u, 54 * u), QPointF(82 * u, 30 * u)]
            )
        else:  # appointment: calendar with a tick
            p.drawRoundedRect(QRectF(22 * u, 26 * u, 56 * u, 52 * u), 4 * u, 4 * u)
            p.drawLine(QPointF(22 * u, 40 * u), QPointF(78 * u, 40 * u))
            p.drawLine(QPointF(36 * u, 18 * u), QPointF(36 * u, 30 * u))
            p.drawLine(QPointF(64 * u, 18 * u), QPointF(64 * u, 30 * u))
            p.drawPolyline(
                [QPointF(38 * u, 58 * u), QPointF(47 * u, 67 * u), QPointF(63 * u, 50 * u)]
            )
        p.end()


class ServiceTile(QPushButton):
    """A home-screen service: icon, title, one-line description, optional badge."""

    def __init__(
        self, kind: str, title: Source, desc: Source, badge: Source = None, *, name: str
    ) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setProperty("role", "tile")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        t = active_theme()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(t.px(36), t.px(24), t.px(36), t.px(24))
        layout.setSpacing(t.px(28))
        self.pictogram = ServiceIcon(kind)
        self.pictogram.muted = badge is not None
        layout.addWidget(self.pictogram, 0, Qt.AlignmentFlag.AlignVCenter)
        texts = QVBoxLayout()
        texts.setSpacing(t.px(8))
        texts.addStretch(1)
        # large text: the title's size (about the standard h1): as h1 at 1.4x, two-word
        # English titles took two lines, cut off when 请取回身份证 took its strip of the
        # height (issue 19 item 10)
        self.title_label = TrLabel(
            title, "h1" if active_theme().scale <= 1.0 else "title", wrap=True
        )
        self.desc_label = TrLabel(desc, "muted")
        texts.addWidget(self.title_label)
        texts.addWidget(self.desc_label)
        self.badge = TrLabel(badge, "chip", wrap=False) if badge is not None else None
        if self.badge is not None:
            self.badge.setProperty("kind", "warn")
            texts.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignLeft)
        texts.addStretch(1)
        layout.addLayout(texts, 1)
        for label in (self.title_label, self.desc_label, self.badge):
            if label is not None:
                label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def sizeHint(self) -> QSize:
        return QSize(active_theme().px(700), active_theme().px(260))

    def minimumSizeHint(self) -> QSize:
        return QSize(active_theme().px(360), active_theme().px(160))


@dataclass(frozen=True)
class TileChoice:
    """One tile of a grid: what choosing it says, its pictogram, its words, its button."""

    choice: str
    icon: str
    title: Source
    desc: Source
    name: str
    badge: Source = None


class TileGrid(QGridLayout):
    """Service tiles two to a row; ``tiles`` by choice, ``on_choose(choice)`` on a tap."""

    def __init__(self, choices: Iterable[TileChoice], on_choose: Callable[[str], None]) -> None:
        super().__init__()
        self.setSpacing(active_theme().px(32))
        self.tiles: dict[str, ServiceTile] = {}
        for i, c in enumerate(choices):
            tile = ServiceTile(c.icon, c.title, c.desc, c.badge, name=c.name)
            tile.clicked.connect(lambda _=False, choice=c.choice: on_choose(choice))
            self.tiles[c.choice] = tile
            self.addWidget(tile, i // 2, i % 2)
