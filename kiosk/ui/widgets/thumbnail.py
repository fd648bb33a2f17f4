"""A captured page's thumbnail with a delete button underneath."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.ui.theme import active_theme
from kiosk.ui.widgets.tr import K, TrButton


def thumbnail_pixmap(data: bytes, height: int) -> QPixmap:
    """Decode an encoded page image and scale it for a thumbnail (empty on bad data)."""
    pixmap = QPixmap()
    if not pixmap.loadFromData(data):
        return QPixmap()
    return pixmap.scaledToHeight(height, Qt.TransformationMode.SmoothTransformation)


class PageThumbnail(QWidget):
    remove_clicked = Signal(int)

    def __init__(self, index: int, pixmap: QPixmap, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.index = index
        t = active_theme()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(t.px(6))
        picture = QLabel()
        picture.setObjectName(f"page_{index}")
        h = t.px(120)
        picture.setFixedSize(round(h * 0.75), h)
        picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        picture.setStyleSheet("background: #dfe6ef; border: 1px solid #9aa9bb; border-radius: 6px;")
        if not pixmap.isNull():
            picture.setPixmap(
                pixmap.scaled(
                    picture.size(),
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        layout.addWidget(picture, 0, Qt.AlignmentFlag.AlignHCenter)
        remove = TrButton(K("capture.remove"), "danger", name=f"btn_remove_page_{index}")
        remove.clicked.connect(lambda: self.remove_clicked.emit(self.index))
        layout.addWidget(remove)
