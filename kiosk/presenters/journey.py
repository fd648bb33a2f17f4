"""What the two resident journeys' presenters (declaration, collection) share: their
screen sets with the consent and assisted-path screens, and the presenter lifecycle
(subscribe, begin/cancel/reset, idle reset allowed when the machine is not working)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from typing import Protocol, TypeVar

from PySide6.QtWidgets import QWidget

from kiosk.flow_api import AssistedFlowPort, Unsubscribe
from kiosk.presenters.assisted import STATES as ASSISTED_STATES
from kiosk.presenters.assisted import AssistedPart, AssistedScreens
from kiosk.presenters.base import ResidentPresenter
from kiosk.presenters.face_check import FaceCheckPart
from kiosk.presenters.shell import Shell


class JourneyScreens:
    """Mixin for a journey's screen dataclass: one field a screen named after its state,
    and ``assist``, the shared consent and assisted-path screens."""

    assist: AssistedScreens

    def all(self) -> list[QWidget]:
        return [
            w
            for f in fields(self)  # type: ignore[arg-type]  # mixed into dataclasses only
            for w in (self.assist.all() if f.name == "assist" else [getattr(self, f.name)])
        ]

    def for_state(self, state: str) -> QWidget | None:
        if state in ASSISTED_STATES:
            return self.assist.for_state(state)
        screen = getattr(self, state, None)
        return screen if isinstance(screen, QWidget) else None


class JourneyFlowPort(AssistedFlowPort, Protocol):
    def subscribe(self, fn: Callable[[], None]) -> Unsubscribe: ...
    def reset(self) -> None: ...


JourneyFlowT = TypeVar("JourneyFlowT", bound=JourneyFlowPort)
JourneyScreensT = TypeVar("JourneyScreensT", bound=JourneyScreens)


class JourneyPresenter(ResidentPresenter[JourneyFlowT, JourneyScreensT]):
    """A resident journey with a face check: the consent and assisted-path screens are
    driven by the shared :class:`AssistedPart`."""

    def __init__(self, flow: JourneyFlowT, shell: Shell, screens: JourneyScreensT) -> None:
        self._last_state = "idle"
        self._assisted = AssistedPart(flow, shell, self.cancel)
        self._face = FaceCheckPart(flow, shell)
        super().__init__(flow, shell, screens)
