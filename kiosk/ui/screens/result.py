"""A plain result page (tick or warning, title, body, one button or two side by side):
collection done/failed, staff locked out."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QWidget

from kiosk.ui.screens.base import Screen, card
from kiosk.ui.theme import active_theme
from kiosk.ui.widgets.illustrations import ResultMark
from kiosk.ui.widgets.tr import K, Source, TrButton, TrLabel


class ResultScreen(Screen):
    clicked = Signal()
    #: the second button's tap (only with ``second``)
    second_clicked = Signal()

    def __init__(
        self,
        screen_id: str,
        kind: str,
        title_key: str,
        body_key: str,
        button_key: str,
        button_name: str,
        parent: QWidget | None = None,
        *,
        second: tuple[str, str] | None = None,
    ) -> None:
        """``second``: (text key, object name) of a secondary button beside the main one."""
        super().__init__(screen_id, parent)
        center = Qt.AlignmentFlag.AlignCenter
        self.root.addStretch(1)
        frame, layout = card()
        frame.setMaximumWidth(1200)
        frame.setMinimumWidth(900)
        layout.addWidget(ResultMark(kind), 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(TrLabel(K(title_key), "h1", align=center, name=f"{screen_id}_title"))
        self.body = TrLabel(K(body_key), "body", align=center, name=f"{screen_id}_body")
        self._default_body = body_key
        layout.addWidget(self.body)
        self.button = TrButton(K(button_key), "primary", name=button_name)
        self.button.setMinimumWidth(420)
        self.button.clicked.connect(self.clicked)
        self.second: TrButton | None = None
        if second is None:
            layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        else:
            self.second = TrButton(K(second[0]), "secondary", name=second[1])
            self.second.setMinimumWidth(420)
            self.second.clicked.connect(self.second_clicked)
            buttons = QHBoxLayout()
            buttons.setSpacing(active_theme().px(24))
            buttons.addStretch(1)
            buttons.addWidget(self.button)
            buttons.addWidget(self.second)
            buttons.addStretch(1)
            layout.addLayout(buttons)
        self.add_centred(frame)

    def set_body(self, source: Source) -> None:
        """Say why (a flow's message), or the default text when ``source`` is None."""
        self.body.set_source(source if source is not None else K(self._default_body))
