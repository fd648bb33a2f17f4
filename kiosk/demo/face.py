"""The simulated resident in front of the face camera, for the tours and the end-to-end
tests: they read what the face-check screen SAYS (the prompt label's text, as a person
reads it) and do that, never what the verifier wants internally. A screen that says the
wrong thing (or nothing) makes the check fail, and with it the journey."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from device_contracts import FaceStep
from kiosk import i18n

if TYPE_CHECKING:
    from devices.camera.sim_person import SimulatedPerson
    from kiosk.main_window import MainWindow

PROMPT_LABEL = "face_prompt"


def step_for_text(text: str) -> FaceStep | None:
    """The step a prompt's words ask for, in either language; None: words we do not know."""
    for step in FaceStep:
        entry = i18n.STRINGS.get(f"face.step.{step.value}")
        if entry is not None and text.strip() in (entry.zh, entry.en):
            return step
    return None


def rendered_prompt(window: MainWindow) -> str:
    """The prompt the face-check screen shows now ("" when another screen is up)."""
    from PySide6.QtWidgets import QLabel

    if window.current_screen_name() != "screen_face_check":
        return ""
    label = window.current_screen().findChild(QLabel, PROMPT_LABEL)
    return label.text() if label is not None and label.isVisible() else ""


@dataclass
class ObedientResident:
    """Call :meth:`look` as often as you like (each pump of the event loop): each new
    prompt the screen renders is read, remembered in :attr:`seen`, optionally
    photographed (``on_new``), and done by :attr:`person`."""

    window: MainWindow
    person: SimulatedPerson
    on_new: Callable[[FaceStep, str], Any] | None = None
    seen: list[FaceStep] = field(default_factory=list)

    def look(self) -> None:
        text = rendered_prompt(self.window)
        step = step_for_text(text) if text else None
        if step is None or (self.seen and self.seen[-1] is step):
            return
        self.seen.append(step)
        if self.on_new is not None:
            self.on_new(step, text)
        self.person.act(step)  # looking and waiting are no motion: act() ignores them
