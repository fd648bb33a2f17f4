"""LookupPresenter: progress query and appointment check-in screens."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from flows.domain import Appointment
from flows.evaluation import RatedJourney
from flows.lookup import LookupFlow, LookupPurpose
from kiosk.presenters.base import ResidentPresenter, ScreenSet
from kiosk.presenters.shell import Shell
from kiosk.ui.screens.busy import BusyScreen
from kiosk.ui.screens.lookup import (
    AppointmentResultsScreen,
    IdentifyScreen,
    ProgressResultsScreen,
)

STEPS = ("step.identify", "step.lookup", "step.finish")
CHECKIN_STEPS = ("step.identify", "step.lookup", "step.checkin")


class LookupScreens(ScreenSet):
    def __init__(self) -> None:
        self.identifying = IdentifyScreen()
        self.looking_up = BusyScreen("looking_up", "looking_up.title")
        self.progress_results = ProgressResultsScreen()
        self.appointment_results = AppointmentResultsScreen()


class LookupPresenter(ResidentPresenter[LookupFlow, LookupScreens]):
    """``begin(purpose)``; an appointment check-in hands over to ``on_checkin``."""

    machine_busy = frozenset({"looking_up"})

    def __init__(
        self,
        flow: LookupFlow,
        shell: Shell,
        screens: LookupScreens | None = None,
        on_checkin: Callable[[Appointment, object], None] | None = None,
    ) -> None:
        self.on_checkin = on_checkin
        super().__init__(flow, shell, screens or LookupScreens.build())

    def begin(self, purpose: str) -> None:
        self.active = True
        self._to_attract = True
        if str(self.flow.state) == "idle":
            self.flow.start(LookupPurpose(purpose))
        self.refresh()

    def back(self) -> None:
        if self.state == "results":
            self.flow.again()
        else:
            self.cancel()

    def _render_state(self, state: str, previous: str) -> None:
        s = self.flow.session
        sc = self.screens
        screen: QWidget
        purpose = s.purpose.value
        if state == "identifying":
            sc.identifying.set_purpose(purpose)
            screen = sc.identifying
        elif state == "looking_up":
            screen = sc.looking_up
        elif s.purpose is LookupPurpose.PROGRESS:
            sc.progress_results.show_cases(s.cases)
            if self.evaluation is not None:  # the one case looked up, else the journey
                code = s.cases[0].case_code if len(s.cases) == 1 else None
                self.evaluation.offer(sc.progress_results.rating, RatedJourney.LOOKUP, code)
            screen = sc.progress_results
        else:
            sc.appointment_results.show_appointments(s.appointments)
            screen = sc.appointment_results
        step = {"identifying": 0, "looking_up": 1}.get(state, 2)
        # progress results end with "finish"; a booking may also be left unchosen
        self.shell.set_footer(cancel=state != "results" or s.purpose is LookupPurpose.APPOINTMENT)
        # a check-in is the resident's step on the results page: not "finished" before it
        steps = STEPS if s.purpose is LookupPurpose.PROGRESS else CHECKIN_STEPS
        self.shell.set_steps(steps, step)
        self.shell.show_message(s.message if state != "results" else None)
        self.shell.show_screen(screen)

    def _connect(self, sc: LookupScreens) -> None:
        sc.progress_results.again_clicked.connect(self.flow.again)
        sc.progress_results.finish_clicked.connect(self._finish)
        sc.appointment_results.checkin_clicked.connect(self._checkin)

    def _checkin(self, token: str) -> None:
        chosen = self.flow.choose(token)
        if chosen is None:
            return
        card = self.flow.session.card
        # the journey goes on in the declaration: leave without the attract screen
        self.active = False
        self.flow.finish()
        if self.on_checkin is not None:
            self.on_checkin(chosen, card)
