"""The assisted path (no face check): call staff, who check the ID card in person and
confirm it with their staff card + PIN; or do the face check after all; or end. The
declaration and the pickup by ID card each show one, with their own explanation."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from device_contracts import Text
from kiosk.ui.screens.base import Screen, card, scroll
from kiosk.ui.theme import active_theme
from kiosk.ui.widgets.tr import K, TrButton, TrLabel


class AssistedScreen(Screen):
    """``btn_assist_call``, ``btn_assist_continue`` (once staff were called),
    ``btn_assist_face``, ``btn_assist_end``; the status label ``assisted_status``."""

    call_clicked = Signal()
    continue_clicked = Signal()
    face_clicked = Signal()
    end_clicked = Signal()

    def __init__(self, body_key: str = "assisted.body", parent: QWidget | None = None) -> None:
        super().__init__("assisted", parent)
        t = active_theme()
        self.add_heading(K("assisted.title"))
        frame, layout = card()
        layout.setSpacing(t.px(18))
        self._body_key = body_key
        self.body = TrLabel(K(body_key), "body", name="assisted_body")
        layout.addWidget(self.body)
        self.status = TrLabel(None, "title", name="assisted_status")
        self.status.hide()
        layout.addWidget(self.status)
        row = QHBoxLayout()
        row.setSpacing(t.px(24))
        self.call = TrButton(K("assisted.call"), "primary", name="btn_assist_call")
        self.call.clicked.connect(self.call_clicked)
        self.go_on = TrButton(K("assisted.continue"), "primary", name="btn_assist_continue")
        self.go_on.clicked.connect(self.continue_clicked)
        self.face = TrButton(K("assisted.face"), "secondary", name="btn_assist_face")
        self.face.clicked.connect(self.face_clicked)
        end = TrButton(K("assisted.end"), "secondary", name="btn_assist_end")
        end.clicked.connect(self.end_clicked)
        for button in (self.call, self.go_on, self.face, end):
            row.addWidget(button)
        row.addStretch(1)
        content = QWidget()
        body = QVBoxLayout(content)
        body.setContentsMargins(0, 0, t.px(16), 0)
        body.setSpacing(t.px(18))
        body.addWidget(frame)
        body.addStretch(1)
        self.root.addWidget(scroll(content), 1)  # large text never clips
        self.root.addLayout(row)  # the actions stay in view, never scrolled away
        self.show_assistance(called=False)

    def show_assistance(
        self, *, called: bool, message: Text | None = None, face_left: bool = True
    ) -> None:
        """Before the call: only "call staff"; after it: "staff confirm with their card".
        ``face_left``: face-check tries remain (none after the last failed one)."""
        self.face.setEnabled(face_left)
        self.face.setVisible(face_left)  # a greyed-out offer only confuses
        # with no face-check tries left the text must not offer one
        self.body.set_source(K(self._body_key if face_left else f"{self._body_key}_no_face"))
        self.go_on.setEnabled(called)
        self.call.setEnabled(not called)
        self.status.set_source(message if message is not None else K("assisted.called"))
        self.status.setVisible(called)
        self.status.setAlignment(Qt.AlignmentFlag.AlignLeft)
