"""Importing files for a material: from a USB drive or from the resident's phone."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from device_contracts import Text
from kiosk.ui.screens.base import Screen, card, clear_layout, scroll
from kiosk.ui.theme import active_theme
from kiosk.ui.widgets.qr import QrCodeWidget
from kiosk.ui.widgets.tr import K, Source, TrButton, TrLabel


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(1, n // 1024)} KB"


class _PreviewLabel(QLabel):
    """A picture scaled to whatever height the layout leaves it (large text leaves less)."""

    def __init__(self, width: int, min_height: int) -> None:
        super().__init__()
        self._picture = QPixmap()
        self.setFixedWidth(width)
        self.setMinimumHeight(min_height)
        # Ignored: the picture's own size must not push the buttons off the screen
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Ignored)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)

    def set_picture(self, picture: QPixmap) -> None:
        self._picture = picture
        self._fit()

    def clear(self) -> None:
        self._picture = QPixmap()
        super().clear()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        if self._picture.isNull():
            return
        self.setPixmap(
            self._picture.scaled(
                max(1, self.width() - 8),
                max(1, self.height() - 8),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )


class IntakeScreen(Screen):
    """``screen_intake_usb`` / ``screen_intake_phone``: files ``btn_file_<i>`` (toggle),
    rejected files with the reason, a preview of the file last chosen
    (``intake_preview``), ``btn_attach``, ``btn_intake_back``."""

    attach_clicked = Signal(list)
    back_clicked = Signal()
    #: a file was chosen: the controller makes its preview off the GUI thread
    preview_requested = Signal(int)

    def __init__(self, source: str, parent: QWidget | None = None) -> None:
        super().__init__(f"intake_{source}", parent)
        t = active_theme()
        self.source = source
        self.back = TrButton(K("intake.back"), "secondary", name="btn_intake_back")
        self.back.clicked.connect(self.back_clicked)
        self.add_heading(None, K(f"intake_{source}.body"), aside=self.back)
        row = QHBoxLayout()
        row.setSpacing(t.px(32))
        self.qr = QrCodeWidget(t.px(300))
        self.qr.setObjectName("intake_qr")
        self.qr.setVisible(source == "phone")
        row.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignTop)
        content = QWidget()
        self.rows = QVBoxLayout(content)
        self.rows.setSpacing(t.px(10))
        row.addWidget(scroll(content), 1)
        pane = QVBoxLayout()
        pane.setSpacing(t.px(8))
        self._preview_side = t.px(440)
        self.preview = _PreviewLabel(self._preview_side, t.px(160))
        self.preview.setObjectName("intake_preview")
        self.preview.setStyleSheet(f"background: {t.surface}; border: 1px solid {t.border};")
        self.preview_caption = TrLabel(
            K("intake.preview_hint"), "muted", name="intake_preview_note"
        )
        self.preview_caption.setWordWrap(True)
        self.preview_caption.setFixedWidth(self._preview_side)
        pane.addWidget(self.preview, 1)
        pane.addWidget(self.preview_caption)
        row.addLayout(pane)
        self.root.addLayout(row, 1)
        self._previewing: int | None = None
        self.attach = TrButton(K("intake.attach"), "primary", name="btn_attach")
        self.attach.clicked.connect(self._attach)
        self.primary_action = self.attach
        self._chosen: set[int] = set()

    def show_intake(
        self,
        material: Text,
        files: Sequence[tuple[str, int]],
        rejected: Sequence[tuple[str, Text]],
        status: Source,
        qr: str = "",
    ) -> None:
        self.title.set_source(K(f"intake_{self.source}.title", material=material))
        if qr:
            self.qr.set_data(qr)
        clear_layout(self.rows)
        self._chosen &= set(range(len(files)))
        if status is not None:
            self.rows.addWidget(TrLabel(status, "title", name="intake_status"))
        for i, (name, size) in enumerate(files):
            frame, layout = card(horizontal=True)
            button = TrButton(
                K("intake.file", name=name, size=_size(size)), "secondary", name=f"btn_file_{i}"
            )
            button.setCheckable(True)
            button.setChecked(i in self._chosen)
            button.setProperty("role", "primary" if i in self._chosen else "secondary")
            button.toggled.connect(lambda on, i=i: self._toggle(i, on))
            layout.addWidget(button, 1)
            self.rows.addWidget(frame)
        for name, reason in rejected:
            self.rows.addWidget(TrLabel(K("intake.rejected", name=name, reason=reason), "muted"))
        self.rows.addStretch(1)
        self.attach.setEnabled(bool(self._chosen))

    def reset(self) -> None:
        self._chosen = set()
        self._previewing = None
        self.preview.clear()
        self.preview_caption.set_source(K("intake.preview_hint"))

    def show_preview(self, index: int, jpeg: bytes | None, pages: int = 1) -> None:
        """The preview of file ``index``, or None when it cannot be shown."""
        if index != self._previewing:
            return  # the resident has already chosen another file
        pixmap = QPixmap()
        if jpeg is None or not pixmap.loadFromData(jpeg, "JPEG"):
            self.preview.clear()
            self.preview_caption.set_source(K("intake.preview_failed"))
            return
        self.preview.set_picture(pixmap)
        caption = K("intake.preview_pages", pages=pages) if pages > 1 else K("intake.file_shown")
        self.preview_caption.set_source(caption)

    def _toggle(self, index: int, on: bool) -> None:
        button = self.findChild(TrButton, f"btn_file_{index}")
        if button is not None:  # chosen files look chosen
            button.setProperty("role", "primary" if on else "secondary")
            button.style().unpolish(button)
            button.style().polish(button)
        if on:
            self._chosen.add(index)
            self._previewing = index
            self.preview.clear()
            self.preview_caption.set_source(K("intake.preview_loading"))
            self.preview_requested.emit(index)
        else:
            self._chosen.discard(index)
        self.attach.setEnabled(bool(self._chosen))

    def _attach(self) -> None:
        self.attach_clicked.emit(sorted(self._chosen))
