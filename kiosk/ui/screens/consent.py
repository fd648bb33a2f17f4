"""A question put before something personal is shared (the face check's photo, the
video call's camera): the heading, an intro and the points the resident reads before
answering, the answers in the footer with the main one at its right end, as on every
screen. The face check's and the video call's consent screens are built on it."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, SignalInstance
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.ui.screens.base import Screen, card, scroll
from kiosk.ui.theme import active_theme
from kiosk.ui.widgets.tr import K, TrButton, TrLabel


class ConsentScreen(Screen):
    """The intro and ``points`` (i18n keys) in a card, each marked ``must_read``; the
    subclass adds its answers with :meth:`answer`, the main one last."""

    def __init__(
        self,
        screen_id: str,
        *,
        title: str,
        intro: tuple[str, str],
        points: Sequence[str],
        point_role: str,
        parent: QWidget | None = None,
    ) -> None:
        """``intro``: its i18n key and its object name; ``point_role``: the points' text
        role (in large text the body's, so the last ones stay above the answers)."""
        super().__init__(screen_id, parent)
        t = active_theme()
        self.add_heading(K(title))
        frame, layout = card()
        layout.setSpacing(t.px(16 if t.scale <= 1.0 else 8))
        first = TrLabel(K(intro[0]), "body", name=intro[1])
        layout.addWidget(first)
        self.must_read: list[QWidget] = [first]
        for key in points:
            row = QHBoxLayout()
            row.setSpacing(t.px(12))
            row.addWidget(TrLabel("•", point_role, wrap=False), 0, Qt.AlignmentFlag.AlignTop)
            point = TrLabel(K(key), point_role, name=key.replace(".", "_"))
            row.addWidget(point, 1)
            layout.addLayout(row)
            self.must_read.append(point)
        for widget in self.must_read:
            widget.setProperty("must_read", True)  # tests/ui/layout_check.py: in view
        # the answers in the footer: always in view, the points keep the room above them
        answers = QWidget()
        self._answers = QHBoxLayout(answers)
        self._answers.setContentsMargins(0, 0, 0, 0)
        self._answers.setSpacing(t.px(20))
        self.primary_action = answers
        content = QWidget()
        body = QVBoxLayout(content)
        body.setContentsMargins(0, 0, t.px(16), 0)
        body.addWidget(frame)
        body.addStretch(1)
        self.root.addWidget(scroll(content), 1)  # large text never clips

    def answer(self, key: str, role: str, name: str, signal: SignalInstance) -> TrButton:
        """An answer button (left to right in the order added) that emits ``signal``."""
        button = TrButton(K(key), role, name=name)
        button.clicked.connect(signal)
        self._answers.addWidget(button)
        return button
