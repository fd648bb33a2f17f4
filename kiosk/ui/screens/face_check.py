"""Face check in progress: the face camera's live picture inside the oval guide, with
the box around the face found, and beside it what to do now (look, blink, turn,
verifying, as the camera asks), a hint when the face is hard to see, and how many of
the actions are done."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from device_contracts import FacePrompt, FaceStep
from kiosk.ui.screens.base import Screen
from kiosk.ui.theme import active_theme
from kiosk.ui.widgets.live_preview import LivePreview
from kiosk.ui.widgets.tr import K, TrLabel

#: the progress mark: one dot per liveness challenge, filled once it is met
CHALLENGE_MET, CHALLENGE_AHEAD = "●", "○"


class FaceCheckScreen(Screen):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("face_check", parent)
        t = active_theme()
        row = QHBoxLayout()
        row.setSpacing(t.px(64))
        self.preview = LivePreview()
        row.addWidget(self.preview, 3)
        # the words' column keeps its room: Chinese wraps between any two characters,
        # so without a floor the expanding picture squeezed it to one character a line
        # in large text (issue 19 item 10)
        column = QWidget()
        column.setMinimumWidth(t.px(400))
        side = QVBoxLayout(column)
        side.setContentsMargins(0, 0, 0, 0)
        side.setSpacing(t.px(24))
        side.addStretch(1)
        roomy = t.scale <= 1.0  # large text: the prompt and the oval say it, no room for more
        if roomy:
            side.addWidget(TrLabel(K("face.title"), "h1", name="face_check_title"))
        # what to do now, large, with the actions done so far marked beside it
        self.prompt = TrLabel(K("face.step.look"), "code", name="face_prompt")
        side.addWidget(self.prompt)
        marks_row = QHBoxLayout()
        marks_row.setSpacing(t.px(16))
        self.marks = TrLabel("", "title", name="face_marks", wrap=False)
        marks_row.addWidget(self.marks)
        self.progress = TrLabel(None, "muted", name="face_progress")
        marks_row.addWidget(self.progress, 1)
        side.addLayout(marks_row)
        self.hint = TrLabel(None, "warn", name="face_hint")
        self.hint.hide()
        side.addWidget(self.hint)
        if roomy:
            side.addWidget(TrLabel(K("face.body"), "muted"))
        side.addWidget(TrLabel(K("face.privacy"), "muted"))
        side.addStretch(1)
        row.addWidget(column, 2)
        self.root.addLayout(row, 1)
        self.step: FaceStep | None = None

    def show_prompt(self, prompt: FacePrompt | None) -> None:
        """The camera's current step and hint; None: the check is starting (look)."""
        step = prompt.step if prompt is not None else FaceStep.LOOK
        self.step = step
        self.prompt.set_source(K(f"face.step.{step.value}"))
        hint = prompt.hint if prompt is not None else None
        self.hint.set_source(K(f"face.hint.{hint.value}") if hint is not None else None)
        self.hint.setVisible(hint is not None)
        total = prompt.total if prompt is not None else 0
        done = min(prompt.done, total) if prompt is not None else 0
        self.marks.set_source(
            CHALLENGE_MET * done + CHALLENGE_AHEAD * (total - done) if total else ""
        )
        self.marks.setVisible(total > 0)
        self.progress.set_source(K("face.progress", done=done, total=total) if total else None)
        self.progress.setVisible(total > 0)
