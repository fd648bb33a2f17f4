"""A QR code drawn with the ``qrcode`` package's matrix into a QPixmap."""

from __future__ import annotations

import qrcode
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import QSizePolicy, QWidget


def qr_matrix(data: str) -> list[list[bool]]:
    qr = qrcode.QRCode(border=0, error_correction=qrcode.constants.ERROR_CORRECT_M)
    qr.add_data(data)
    qr.make(fit=True)
    return [[bool(cell) for cell in row] for row in qr.get_matrix()]


def qr_pixmap(data: str, size: int, quiet: int = 4) -> QPixmap:
    """A ``size`` x ``size`` black-on-white QR code with a ``quiet``-module margin."""
    matrix = qr_matrix(data)
    modules = len(matrix) + 2 * quiet
    cell = size / modules
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor("white"))
    p = QPainter(pixmap)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("black"))
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                # overlap by a hair so antialiasing leaves no seams between modules
                p.drawRect(QRectF((x + quiet) * cell, (y + quiet) * cell, cell + 0.5, cell + 0.5))
    p.end()
    return pixmap


class QrCodeWidget(QWidget):
    def __init__(self, side: int = 280, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("qr_code")
        self._data = ""
        self._side = side
        self._pixmap: QPixmap | None = None
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setFixedSize(side, side)

    def data(self) -> str:
        return self._data

    def set_data(self, data: str) -> None:
        if data != self._data:
            self._data = data
            self._pixmap = qr_pixmap(data, self._side) if data else None
            self.update()

    def set_side(self, side: int) -> None:
        self._side = side
        self.setFixedSize(side, side)
        self._pixmap = qr_pixmap(self._data, side) if self._data else None
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(self._side, self._side)

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._pixmap is not None:
            p = QPainter(self)
            p.drawPixmap(0, 0, self._pixmap)
            p.end()
