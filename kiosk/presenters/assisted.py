"""The consent question and the assisted path's screens, shared by the declaration and
the pickup-by-ID-card presenters (flows/assisted.py is the flow side).

Each presenter builds its own :class:`AssistedScreens` (a screen belongs to one stack
page) from the same classes and strings, and lets :class:`AssistedPart` render them and
wire their buttons to the flow.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from device_contracts import Text
from flows.assisted import ASSISTED_STATES, STAFF_STATES
from kiosk.flow_api import AssistedFlowPort, AssistedSessionView
from kiosk.presenters.base import ScreenSet
from kiosk.presenters.shell import Shell
from kiosk.ui.screens.assisted import AssistedScreen
from kiosk.ui.screens.face_consent import FaceConsentScreen
from kiosk.ui.screens.result import ResultScreen
from kiosk.ui.screens.staff import PinScreen, StaffCardScreen
from kiosk.ui.widgets.tr import K

__all__ = ["BACK_TO_CONSENT", "STAFF_STATES", "STATES", "AssistedPart", "AssistedScreens"]

#: the states these screens show (both flows name them alike); STAFF_STATES are the staff
#: confirmation's, whose "back" is the staff member's cancel (to the consent question)
STATES = ASSISTED_STATES
#: where the footer shows "back"; the locked page has its own buttons (another staff
#: card, or back to the consent question)
BACK_TO_CONSENT = frozenset({"assist_card", "assist_pin"})
#: the page itself says what the flow's message says
_SAID_BY_SCREEN = frozenset({"assisted", "assist_locked"})


class AssistedScreens(ScreenSet):
    def __init__(self, assisted_body: str = "assisted.body") -> None:
        """``assisted_body``: the journey's explanation of the assisted path."""
        self.face_consent = FaceConsentScreen()
        self.assisted = AssistedScreen(assisted_body)
        self.assist_card = StaffCardScreen("assist_card", "assist.card.title", "assist.card.body")
        self.assist_pin = PinScreen("assist_pin", "assist.pin.title", "assist.pin.body")
        self.assist_locked = ResultScreen(
            "assist_locked",
            "error",
            "assist.locked.title",
            "assist.locked.body",
            "assist.another",
            "btn_assist_another",
            second=("assist.back", "btn_assist_back"),
        )

    def for_state(self, state: str) -> QWidget | None:
        if state not in STATES:
            return None
        screen = getattr(self, state, None)
        return screen if isinstance(screen, QWidget) else None


class AssistedPart:
    """Renders the consent and assisted-path screens and connects their buttons.

    ``end``: the presenter's cancel (ends the journey).
    """

    def __init__(self, flow: AssistedFlowPort, shell: Shell, end: Callable[[], None]) -> None:
        self.flow = flow
        self.shell = shell
        self._end = end

    def connect(self, sc: AssistedScreens) -> None:
        f = self.flow
        sc.face_consent.agree_clicked.connect(lambda: f.consent(True))
        sc.face_consent.decline_clicked.connect(lambda: f.consent(False))
        sc.assisted.call_clicked.connect(self._call)
        sc.assisted.continue_clicked.connect(f.continue_assisted)
        sc.assisted.face_clicked.connect(f.reconsider)
        sc.assisted.end_clicked.connect(self._end)
        sc.assist_card.retry_clicked.connect(f.retry_staff_card)
        sc.assist_pin.pin_submitted.connect(f.enter_staff_pin)
        # another member of staff lays their card on the reader at once
        sc.assist_locked.clicked.connect(f.another_staff_card)
        sc.assist_locked.second_clicked.connect(f.reconsider)

    def render(self, sc: AssistedScreens, state: str, previous: str) -> None:
        s = self.flow.session
        if state == "assisted":
            sc.assisted.show_assistance(
                called=s.staff_called, message=s.message, face_left=s.face_attempts_left > 0
            )
        elif state == "assist_card":
            sc.assist_card.show_state(failed=s.message is not None and not s.busy, busy=s.busy)
        elif state == "assist_pin":
            if previous != "assist_pin":
                sc.assist_pin.reset_entry()
            sc.assist_pin.set_busy(s.busy)
        elif state == "assist_locked":
            sc.assist_locked.set_body(
                K("assist.locked.reason", reason=s.message) if s.message is not None else None
            )

    def banner(self, state: str, s: AssistedSessionView) -> Text | None:
        """The flow's message for the banner, unless the page says it itself."""
        return None if state in _SAID_BY_SCREEN else s.message

    def back(self) -> bool:
        """The footer's back in the staff confirmation: to the consent question. False
        when the journey's own back applies."""
        if str(self.flow.state) in STAFF_STATES:
            self.flow.reconsider()
            return True
        return False

    def _call(self) -> None:
        """The call button: the flow notes it, and the window's call for staff to come
        over shows the notice and signals the back office. Never the video call the
        header's button offers in the staff's hours: only a clerk at the kiosk with the
        staff card can confirm the identity."""
        self.flow.call_staff()
        call = getattr(self.shell, "call_staff_in_person", None)
        if callable(call):
            call()
