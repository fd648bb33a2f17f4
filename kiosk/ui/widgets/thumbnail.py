"""A captured page's thumbnail with a delete button underneath."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt, Signal
from PySide6.QtGui import QImage, QImageReader, QPixmap
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.ui.theme import active_theme
from kiosk.ui.widgets.tr import K, Source, TrButton, TrLabel


def thumbnail_pixmap(data: bytes, height: int) -> QPixmap:
    """Decode an encoded page image at thumbnail size (empty on bad data).

    The decoder is asked for the small size directly (a JPEG decodes at 1/2, 1/4 or
    1/8 scale for a fraction of the work): this runs on the GUI thread, and a full
    1280-px page decode there cost up to 100 ms while OCR kept both cores busy.
    """
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    size = reader.size()
    if size.isValid() and size.height() > height:
        reader.setScaledSize(QSize(max(1, round(size.width() * height / size.height())), height))
    image = reader.read()
    if image.isNull():
        return QPixmap()
    if image.height() != height:
        image = image.scaledToHeight(height, Qt.TransformationMode.SmoothTransformation)
    return QPixmap.fromImage(image)


_decoder_ready = False


def warm_up_decoder() -> None:
    """Decode one tiny JPEG now, at start-up: PySide6 builds some Python enum types
    lazily on the first decode, which once cost ~100 ms on the GUI thread in the
    middle of a journey (measured by ``kiosk bench gui``)."""
    global _decoder_ready
    if _decoder_ready:
        return
    _decoder_ready = True
    image = QImage(8, 8, QImage.Format.Format_RGB32)
    image.fill(0xFFFFFF)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "JPEG")  # type: ignore[call-overload]
    thumbnail_pixmap(bytes(data.data()), 4)


class PageThumbnail(QWidget):
    remove_clicked = Signal(int)

    def __init__(
        self,
        index: int,
        pixmap: QPixmap,
        parent: QWidget | None = None,
        *,
        caption: Source = None,
        caption_role: str = "muted",
    ) -> None:
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
        if caption is not None:
            # what OCR made of the page ("looks right", "wrong kind?")
            note = TrLabel(caption, caption_role, name=f"page_note_{index}")
            note.setMinimumWidth(t.px(150))
            note.setMaximumWidth(t.px(260))
            note.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            layout.addWidget(note, 0, Qt.AlignmentFlag.AlignHCenter)
        remove = TrButton(K("capture.remove"), "danger", name=f"btn_remove_page_{index}")
        remove.clicked.connect(lambda: self.remove_clicked.emit(self.index))
        layout.addWidget(remove)
