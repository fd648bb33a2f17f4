"""The pictograms of paying at the kiosk (issue 23), drawn in a service tile's white pen:
便民缴费's coin, the four utilities, and the two ways to pay (a QR on the screen, the
phone's payment code held to the scanner)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainter, QPolygonF


def _pay(p: QPainter, u: float) -> None:  # a coin with the yuan sign
    p.drawEllipse(QPointF(50 * u, 50 * u), 30 * u, 30 * u)
    p.drawPolyline([QPointF(38 * u, 32 * u), QPointF(50 * u, 48 * u), QPointF(62 * u, 32 * u)])
    p.drawLine(QPointF(50 * u, 48 * u), QPointF(50 * u, 70 * u))
    p.drawLine(QPointF(40 * u, 52 * u), QPointF(60 * u, 52 * u))
    p.drawLine(QPointF(40 * u, 61 * u), QPointF(60 * u, 61 * u))


def _water(p: QPainter, u: float) -> None:  # a drop
    p.drawPolyline([QPointF(50 * u, 18 * u), QPointF(30 * u, 52 * u)])
    p.drawPolyline([QPointF(50 * u, 18 * u), QPointF(70 * u, 52 * u)])
    p.drawArc(QRectF(28 * u, 38 * u, 44 * u, 44 * u), 180 * 16, 180 * 16)


def _electricity(p: QPainter, u: float) -> None:  # a lightning bolt
    p.drawPolygon(
        QPolygonF(
            [
                QPointF(56 * u, 16 * u),
                QPointF(30 * u, 54 * u),
                QPointF(48 * u, 54 * u),
                QPointF(42 * u, 84 * u),
                QPointF(70 * u, 44 * u),
                QPointF(52 * u, 44 * u),
            ]
        )
    )


def _gas(p: QPainter, u: float) -> None:  # a flame over a burner
    p.drawArc(QRectF(32 * u, 30 * u, 36 * u, 44 * u), 200 * 16, 140 * 16)
    p.drawPolyline([QPointF(34 * u, 60 * u), QPointF(50 * u, 20 * u), QPointF(66 * u, 60 * u)])
    p.drawLine(QPointF(26 * u, 82 * u), QPointF(74 * u, 82 * u))


def _heating(p: QPainter, u: float) -> None:  # a radiator's fins with warmth above
    for x in (30, 44, 58, 72):
        p.drawRoundedRect(QRectF((x - 5) * u, 48 * u, 10 * u, 34 * u), 4 * u, 4 * u)
    for x in (36, 50, 64):
        p.drawArc(QRectF((x - 4) * u, 18 * u, 8 * u, 12 * u), 90 * 16, 180 * 16)
        p.drawArc(QRectF((x - 4) * u, 30 * u, 8 * u, 10 * u), 90 * 16, -180 * 16)


def _qr(p: QPainter, u: float) -> None:  # a QR code's three finder squares and dots
    for x, y in ((22, 22), (58, 22), (22, 58)):
        p.drawRect(QRectF(x * u, y * u, 20 * u, 20 * u))
    for x, y in ((62, 62), (74, 62), (62, 74), (74, 74)):
        p.drawPoint(QPointF(x * u, y * u))


def _code(p: QPainter, u: float) -> None:  # a phone showing a barcode
    p.drawRoundedRect(QRectF(32 * u, 14 * u, 36 * u, 72 * u), 6 * u, 6 * u)
    for x in (40, 50, 60):
        p.drawLine(QPointF(x * u, 34 * u), QPointF(x * u, 52 * u))
    p.drawLine(QPointF(46 * u, 76 * u), QPointF(54 * u, 76 * u))


#: each kind drawn over a 100 x 100 grid of ``u``
_DRAW: dict[str, Callable[[QPainter, float], None]] = {
    "pay": _pay,
    "water": _water,
    "electricity": _electricity,
    "gas": _gas,
    "heating": _heating,
    "qr": _qr,
    "code": _code,
}


def draw_pay_pictogram(kind: str, p: QPainter, u: float) -> bool:
    """Draw ``kind`` with ``p``'s pen; False when it is not one of these kinds."""
    draw = _DRAW.get(kind)
    if draw is None:
        return False
    draw(p, u)
    return True
