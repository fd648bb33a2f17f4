"""The face-check screen's part in both journeys' presenters: the flow's current prompt
on the screen, its voice prompt when the step changes, and the screen's live picture
handed to the flow, which gives it to the face camera while a check runs."""

from __future__ import annotations

from device_contracts import FaceStep
from kiosk.flow_api import AssistedFlowPort
from kiosk.presenters.shell import Shell
from kiosk.ui.screens.face_check import FaceCheckScreen


class FaceCheckPart:
    def __init__(self, flow: AssistedFlowPort, shell: Shell) -> None:
        self.flow = flow
        self.shell = shell
        self._spoken: FaceStep | None = None

    def connect(self, screen: FaceCheckScreen) -> None:
        """The screen's preview is where the camera's frames go (again after a rebuild)."""
        self.flow.face_preview = screen.preview.mailbox

    def render(self, screen: FaceCheckScreen, state: str) -> None:
        if state != "face_check":
            self._spoken = None
            return
        prompt = self.flow.session.face_prompt
        screen.show_prompt(prompt)
        step = screen.step
        if step is None or step is self._spoken:
            return
        self._spoken = step
        # looking at the camera is what the screen's own voice prompt says on arrival
        speak = getattr(self.shell, "speak", None)
        if step is not FaceStep.LOOK and callable(speak):
            speak(f"voice.face_step.{step.value}")
