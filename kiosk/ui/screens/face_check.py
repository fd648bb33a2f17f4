"""Face check in progress: the camera placeholder with a face outline."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from devices.base import Text
from kiosk.ui.screens.base import Screen
from kiosk.ui.theme import active_theme
from kiosk.ui.widgets.illustrations import FaceFrame
from kiosk.ui.widgets.tr import K, TrLabel


class FaceCheckScreen(Screen):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("face_check", parent)
        t = active_theme()
        row = QHBoxLayout()
        row.setSpacing(t.px(64))
        self.frame = FaceFrame()
        row.addWidget(self.frame, 5)
        side = QVBoxLayout()
        side.setSpacing(t.px(24))
        side.addStretch(1)
        side.addWidget(TrLabel(K("face.title"), "h1", name="face_check_title"))
        side.addWidget(TrLabel(K("face.body"), "body"))
        self.progress = TrLabel(K("face.checking"), "title", name="face_progress")
        side.addWidget(self.progress)
        side.addWidget(TrLabel(K("face.privacy"), "muted"))
        side.addStretch(1)
        row.addLayout(side, 5)
        self.root.addLayout(row, 1)

    def show_progress(self, message: Text | None) -> None:
        """A progress hint from the camera ("hold still"), or the default text."""
        self.progress.set_source(message if message is not None else K("face.checking"))
