"""What the two resident journeys' presenters (declaration, collection) share: their
screen sets with the consent and assisted-path screens, and the presenter lifecycle
(subscribe, begin/cancel/reset, idle reset allowed when the machine is not working)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

from PySide6.QtWidgets import QWidget

from kiosk.flow_api import AssistedFlowPort, Unsubscribe
from kiosk.presenters.assisted import STATES as ASSISTED_STATES
from kiosk.presenters.assisted import AssistedPart, AssistedScreens
from kiosk.presenters.base import ResidentPresenter, ScreenSet
from kiosk.presenters.face_check import FaceCheckPart
from kiosk.presenters.shell import Shell
from kiosk.ui.screens.face_check import FaceCheckScreen
from kiosk.ui.screens.face_failed import FaceFailedScreen
from kiosk.ui.screens.place_card import PlaceCardScreen


class JourneyScreens(ScreenSet):
    """A resident journey's screens, one a state, starting with the identity check's:
    the card, ``assist`` (the consent and assisted-path screens, with the journey's
    explanation of the assisted path), the face check and its last failure."""

    def __init__(self, assisted_body: str = "assisted.body") -> None:
        self.reading_card = PlaceCardScreen()
        self.assist = AssistedScreens(assisted_body)
        self.face_check = FaceCheckScreen()
        self.face_failed = FaceFailedScreen()

    def for_state(self, state: str) -> QWidget | None:
        if state in ASSISTED_STATES:
            return self.assist.for_state(state)
        screen = getattr(self, state, None)
        return screen if isinstance(screen, QWidget) else None


class JourneyFlowPort(AssistedFlowPort, Protocol):
    def subscribe(self, fn: Callable[[], None]) -> Unsubscribe: ...
    def reset(self) -> None: ...
    def finish(self) -> None: ...


JourneyFlowT = TypeVar("JourneyFlowT", bound=JourneyFlowPort)
JourneyScreensT = TypeVar("JourneyScreensT", bound=JourneyScreens)


class JourneyPresenter(ResidentPresenter[JourneyFlowT, JourneyScreensT]):
    """A resident journey with a face check: the consent and assisted-path screens are
    driven by the shared :class:`AssistedPart`."""

    def __init__(self, flow: JourneyFlowT, shell: Shell, screens: JourneyScreensT) -> None:
        self._assisted = AssistedPart(flow, shell, self.cancel)
        self._face = FaceCheckPart(flow, shell)
        super().__init__(flow, shell, screens)

    def _begin(self, start: Callable[[], None]) -> None:
        """The journey on screen: its flow started (``start``) unless already under way,
        then rendered; at its end the window goes to the attract screen."""
        self.active = True
        self._to_attract = True
        if str(self.flow.state) == "idle":
            start()
        self.refresh()

    def _render_identity(self, state: str, previous: str) -> None:
        """The identity check's screens for ``state``: the card, the consent and assisted
        path, the face check, its last failure (a journey renders the rest)."""
        s = self.flow.session
        if state in ASSISTED_STATES:
            self._assisted.render(self.screens.assist, state, previous)
        self._face.render(self.screens.face_check, state)
        if state == "reading_card":
            self.screens.reading_card.show_state(failed=s.message is not None, busy=s.busy)
        elif state == "face_failed":
            self.screens.face_failed.show_reason(s.message)
            self.screens.face_failed.show_attempts(s.face_attempts_left)

    def _connect_identity(self, sc: JourneyScreensT) -> None:
        """The identity check's buttons. With no face-check tries left "try again" stays
        disabled on the failure page: only the assisted path, or cancel, lead on."""
        self._assisted.connect(sc.assist)
        self._face.connect(sc.face_check)
        sc.face_failed.assist_clicked.connect(lambda: self.flow.consent(False))
