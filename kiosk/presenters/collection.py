"""CollectionPresenter: the pickup flow's state -> its screen, taps -> flow methods."""

from __future__ import annotations

from device_contracts import Text
from flows.evaluation import RatedJourney
from kiosk.flow_api import CollectionFlowPort, CollectionSessionView
from kiosk.presenters.assisted import BACK_TO_CONSENT, STAFF_STATES
from kiosk.presenters.assisted import STATES as ASSISTED_STATES
from kiosk.presenters.journey import JourneyPresenter, JourneyScreens
from kiosk.presenters.shell import Shell
from kiosk.ui.screens.busy import BusyScreen
from kiosk.ui.screens.code_entry import CodeEntryScreen
from kiosk.ui.screens.collect_door import CollectDoorScreen
from kiosk.ui.screens.rated_result import RatedResultScreen
from kiosk.ui.screens.result import ResultScreen
from kiosk.ui.widgets.tr import K, TrLabel

STEPS = ("step.code", "step.verify", "step.collect", "step.finish")
#: pickup by ID card: the first step is the identity check, not the code
STEPS_BY_CARD = ("step.identity", "step.verify", "step.collect", "step.finish")

STEP_OF = {
    "reading_card": 0,
    **dict.fromkeys(ASSISTED_STATES, 0),
    "face_check": 0,
    "face_failed": 0,
    "entering_code": 0,
    "verifying": 1,
    "opening": 2,
    "collecting": 2,
    "confirming": 2,
    "failed": 2,
    "done": 4,
}

MACHINE_BUSY = frozenset({"verifying", "opening", "confirming", "face_check"})
#: states the footer's cancel leaves (before any door opened)
_CANCEL = frozenset(
    {"entering_code", "reading_card", "face_check", "face_failed", *ASSISTED_STATES}
)


class CollectionScreens(JourneyScreens):
    """The identity check's screens serve the pickup by ID card, with the pickup's
    explanation of the assisted path; with no face-check tries left, the declaration's
    page, whose "get help from staff" leads to the assisted path."""

    def __init__(self) -> None:
        super().__init__("assisted.body_pickup")
        self.entering_code = CodeEntryScreen()
        self.verifying = BusyScreen("verifying", "verifying.title")
        self.opening = BusyScreen("opening", "opening.title")
        self.collecting = CollectDoorScreen()
        self.confirming = BusyScreen("confirming", "confirming.title")
        self.failed = ResultScreen(
            "collect_failed",
            "error",
            "collect_failed.title",
            "collect_failed.body",
            "common.back_home",
            "btn_collect_home",
        )
        self.done = RatedResultScreen(
            "collect_done",
            "ok",
            "collect_done.title",
            "collect_done.body",
            "common.finish",
            "btn_finish",
        )


class CollectionPresenter(JourneyPresenter[CollectionFlowPort, CollectionScreens]):
    """Drives the collection screens from ``flow``; call :meth:`begin` to start a pickup."""

    machine_busy = MACHINE_BUSY

    def __init__(
        self, flow: CollectionFlowPort, shell: Shell, screens: CollectionScreens | None = None
    ) -> None:
        self._switching = False
        super().__init__(flow, shell, screens or CollectionScreens.build())

    def begin(self) -> None:
        self.screens.entering_code.reset_entry()
        self._begin(self.flow.start)

    @property
    def session(self) -> CollectionSessionView:
        """The flow's current session (read it fresh: a reset replaces it)."""
        return self.flow.session

    def back(self) -> None:
        """The collection journey has no step to go back to: same as cancel; in the staff
        confirmation of the assisted path, back to the consent question."""
        if not self._assisted.back():
            self.cancel()

    def _journey_over(self) -> None:
        if self._switching:
            return  # from the keypad to the ID card: the journey goes on
        super()._journey_over()

    def _render_state(self, state: str, previous: str) -> None:
        screen = self.screens.for_state(state)
        if screen is None:
            return
        s = self.flow.session
        self._render_identity(state, previous)
        if state == "entering_code":
            if previous != "entering_code":
                self.screens.entering_code.reset_entry()
            self.screens.entering_code.show_entry(attempts_left=None, busy=s.busy)
        elif state == "collecting":
            self.screens.collecting.show_ticket(s.ticket)
        elif state == "done" and self.evaluation is not None:
            code = s.ticket.case_code if s.ticket else None
            self.evaluation.offer(self.screens.done.rating, RatedJourney.COLLECTION, code)
        elif state == "failed":
            self.screens.failed.set_body(s.message)
            title = self.screens.failed.findChild(TrLabel, "collect_failed_title")
            if title is not None:  # by ID card it is not always the door
                title.set_source(
                    K("collect_failed.by_card") if s.card is not None else K("collect_failed.title")
                )
        self.shell.set_footer(back=state in BACK_TO_CONSENT, cancel=state in _CANCEL)
        # the staff confirmation is the staff member's part, not a resident's step (and the
        # PIN keypad needs the room in large text)
        by_card = s.card is not None or state == "reading_card"
        steps = () if state in STAFF_STATES else STEPS_BY_CARD if by_card else STEPS
        self.shell.set_steps(steps, STEP_OF.get(state, 0))
        self.shell.show_message(self._banner(state, s))
        self.shell.show_screen(screen)

    def _banner(self, state: str, s: CollectionSessionView) -> Text | None:
        # collecting: the screen gives the instruction; failed/done: the page says it
        if state in ASSISTED_STATES:
            return self._assisted.banner(state, s)
        return None if state in {"collecting", "face_failed", "failed", "done"} else s.message

    def use_card(self) -> None:
        """From the keypad to pickup by ID card + face check."""
        self._switching = True
        try:
            self.flow.cancel()
            self.flow.start_by_card()
        finally:
            self._switching = False
        self.refresh()

    def _connect(self, sc: CollectionScreens) -> None:
        sc.entering_code.code_submitted.connect(self.flow.enter_code)
        sc.entering_code.use_card_clicked.connect(self.use_card)
        sc.reading_card.retry_clicked.connect(self.flow.retry)
        # the face-failed page is reached with no tries left (a failed try is retried at
        # once): only the assisted path, or cancel, lead on
        self._connect_identity(sc)
        sc.failed.clicked.connect(self.cancel)
        sc.done.clicked.connect(self._finish)
