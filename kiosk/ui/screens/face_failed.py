"""The face check did not match: try again (attempts left) or get help from staff (the
assisted path). The declaration shows it after each failed try, the pickup by ID card
after the last."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from device_contracts import Text
from kiosk.ui.screens.base import Screen, card
from kiosk.ui.theme import active_theme
from kiosk.ui.widgets.illustrations import ResultMark
from kiosk.ui.widgets.tr import K, TrButton, TrLabel, set_role


class FaceFailedScreen(Screen):
    retry_clicked = Signal()
    #: the assisted path instead (staff check the identity in person)
    assist_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("face_failed", parent)
        t = active_theme()
        self.root.addStretch(1)
        frame, layout = card(horizontal=True)
        frame.setMaximumWidth(t.px(1240))
        layout.setSpacing(t.px(40))
        layout.addWidget(ResultMark("error"), 0, Qt.AlignmentFlag.AlignTop)
        texts = QVBoxLayout()
        texts.setSpacing(t.px(16))
        texts.addWidget(TrLabel(K("face_failed.title"), "h1", name="face_failed_title"))
        self.reason = TrLabel(K("face_failed.body"), "body", name="face_failed_reason")
        texts.addWidget(self.reason)
        self.attempts = TrLabel(None, "title", name="face_attempts")
        texts.addWidget(self.attempts)
        self.retry = TrButton(K("face_failed.retry"), "primary", name="btn_retry")
        self.retry.setMinimumWidth(t.px(320))
        self.retry.clicked.connect(self.retry_clicked)
        self.assist = TrButton(K("face_failed.assist"), "secondary", name="btn_face_assist")
        self.assist.setMinimumWidth(t.px(320))
        self.assist.clicked.connect(self.assist_clicked)
        buttons = QHBoxLayout()
        buttons.setSpacing(t.px(24))
        buttons.addWidget(self.retry)
        buttons.addWidget(self.assist)
        buttons.addStretch(1)
        texts.addLayout(buttons)
        layout.addLayout(texts, 1)
        self.add_centred(frame)

    def show_reason(self, reason: Text | None) -> None:
        """Why it failed, from the flow, in plain words (a general hint when None)."""
        self.reason.set_source(reason if reason is not None else K("face_failed.body"))

    def show_attempts(self, left: int) -> None:
        """With tries left: how many, and 再试一次. With none: the one next step (the
        assisted path, now the primary button), and no dead retry button."""
        self.retry.setVisible(left > 0)
        self.retry.setEnabled(left > 0)
        set_role(self.assist, "primary" if left == 0 else "secondary")
        self.attempts.set_source(
            K("face_failed.attempts", n=left)
            if left > 0
            else K("face_failed.none_left", button=K("face_failed.assist"))
        )
