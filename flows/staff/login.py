"""Staff mode (工作人员模式): the login every staff journey starts with (a staff card +
PIN, or the hidden technician gesture + the site's maintenance PIN), the menu, and
the journey chosen from it, each on its own machine: the clerk's retrieval
(retrieval.py) and certificate loading (loading.py), the technician's maintenance
page (maintenance.py) and the site setup it opens (site_setup.py). See
docs/flows-contract.md.

Every door the clerk opens goes through the audit log with the staff id and the
case; the platform is told through durable events (``report_event``). The
session ends on ``logout()`` or after ``settings.staff_timeout`` seconds with
no call from the clerk (never while a door is open and watched).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Protocol

from statemachine import StateMachine

from device_contracts import Completion, Operation, StaffCard
from flows import staff_messages as msg
from flows.domain import PinCheck, PinVerdict, StaffRole
from flows.machine_flow import MachineFlow
from flows.ports import (
    AuditLog,
    CompartmentLedger,
    DeviceSet,
    Diagnostics,
    FlowLoop,
    Platform,
    StaffCardReader,
    StaffDirectory,
)
from flows.settings import FlowSettings
from flows.site_setup import SiteSetup
from flows.staff.journey import StaffDesk, StaffJourney
from flows.staff.loading import LoadingFlow
from flows.staff.maintenance import MaintenanceFlow
from flows.staff.retrieval import RetrievalFlow
from flows.staff.session import StaffSession
from flows.staff.site_setup import SiteSetupFlow
from flows.staff.states import StaffState, from_every_state, machine_states

log = logging.getLogger(__name__)

S = StaffState

_PIN = re.compile(r"[0-9]{6}", re.ASCII)  # ASCII: \d takes any Unicode digit

#: states in which the session timeout waits (a door is open, the clerk is at it)
_DOOR_STATES = frozenset(
    {S.OPENING_DROP, S.DROP_OPEN, S.CLOSING_DROP, S.OPENING_PICKUP, S.LOADING_DOOR, S.RECORDING}
)


class StaffGuards(Protocol):
    def is_clerk(self) -> bool: ...

    def is_technician(self) -> bool: ...


class StaffMachine(StateMachine):
    """The login and the menu; a journey's own machine runs while this one waits in
    that journey's state, and ``journey_done`` comes back when it is over."""

    s = machine_states(
        S.IDLE,
        S.WAITING_CARD,
        S.ENTERING_PIN,
        S.CHECKING_PIN,
        S.LOCKED,
        S.MENU,
        S.RETRIEVING,
        S.LOADING,
        S.MAINTAINING,
        S.SETTING_UP,
    )

    start = s.idle.to(s.waiting_card)
    gesture = s.idle.to(s.entering_pin)
    card_read = s.waiting_card.to(s.entering_pin)
    pin_entered = s.entering_pin.to(s.checking_pin)
    pin_ok = s.checking_pin.to(s.menu)
    pin_wrong = s.checking_pin.to(s.entering_pin)
    pin_locked = s.checking_pin.to(s.locked)
    # the clerk's journeys
    retrieve = s.menu.to(s.retrieving, cond="is_clerk")
    load = s.menu.to(s.loading, cond="is_clerk")
    # the technician's: site setup opens from the maintenance page and comes back to it
    maintain = s.menu.to(s.maintaining, cond="is_technician")
    setup = s.maintaining.to(s.setting_up, cond="is_technician")
    journey_done = (
        s.retrieving.to(s.menu)
        | s.loading.to(s.menu)
        | s.maintaining.to(s.menu)
        | s.setting_up.to(s.maintaining)
    )
    logout = from_every_state(s.idle)

    def __init__(self, guards: StaffGuards) -> None:
        super().__init__(listeners=[guards])


class StaffFlow(MachineFlow[StaffState]):
    """Staff mode: the login and the menu here, the work in the journeys
    (``retrieval``, ``loading``, ``maintenance``, ``site_setup``), whose actions the
    screens call directly. ``state`` is the running journey's, else the login's."""

    def __init__(
        self,
        devices: DeviceSet,
        platform: Platform,
        ledger: CompartmentLedger,
        loop: FlowLoop,
        terminal_id: str,
        *,
        directory: StaffDirectory,
        audit: AuditLog,
        diagnostics: Diagnostics | None = None,
        staff_reader: StaffCardReader | None = None,
        site_setup: SiteSetup | None = None,
        settings: FlowSettings = FlowSettings(),  # noqa: B008 - frozen, safe to share
    ) -> None:
        self._journey: StaffJourney | None = None  # read by ``state`` from the start
        super().__init__("staff", StaffMachine(_Guards(self)), StaffState, loop, settings=settings)
        self.directory = directory
        self.staff_reader = staff_reader
        self.desk = StaffDesk(
            devices,
            platform,
            ledger,
            audit,
            terminal_id,
            settings,
            touch=self._touch,
            diagnostics=diagnostics,
            site_setup=site_setup,
        )
        self.retrieval = RetrievalFlow(self.desk, loop, self._journey_ended)
        self.loading = LoadingFlow(self.desk, loop, self._journey_ended)
        self.maintenance = MaintenanceFlow(self.desk, loop, self._journey_ended)
        self.site_setup = SiteSetupFlow(self.desk, loop, self._journey_ended)
        self._journeys: tuple[StaffJourney, ...] = (
            self.retrieval,
            self.loading,
            self.maintenance,
            self.site_setup,
        )
        for journey in self._journeys:
            self._hear(journey)
        self._pin = ""
        self._entry: dict[StaffState, Callable[[], None]] = {
            S.WAITING_CARD: self._read_staff_card,
            S.CHECKING_PIN: self._check_pin,
            S.MENU: self._menu,
            S.RETRIEVING: lambda: self._run(self.retrieval),
            S.LOADING: lambda: self._run(self.loading),
            S.MAINTAINING: lambda: self._run(self.maintenance),
            S.SETTING_UP: lambda: self._run(self.site_setup),
        }

    @property
    def state(self) -> StaffState:
        journey = self._journey
        return journey.state if journey is not None else super().state

    @property
    def session(self) -> StaffSession:
        return self.desk.session

    @property
    def actor(self) -> str:
        return self.desk.actor

    # ------------------------------------------------------------------ login
    def start(self) -> None:
        """Staff mode with a staff card."""
        if self.state is not S.IDLE:
            return
        self.session.pin_attempts_left = 0
        self._touch()
        self._fire("start")

    def start_gesture(self) -> None:
        """The hidden technician gesture: straight to the PIN (the site maintenance PIN)."""
        if self.state is not S.IDLE:
            return
        self._touch()
        self._fire("gesture")

    def enter_pin(self, pin: str) -> None:
        if self.state is not S.ENTERING_PIN:
            return
        self._touch()
        if not _PIN.fullmatch(pin):
            self.session.message = msg.PIN_FORMAT
            self._changed()
            return
        self._pin = pin
        self._fire("pin_entered")

    def logout(self) -> None:
        if self.state is S.IDLE:
            return
        log.info("staff logout", extra={"flow": "staff", "staff": self.actor})
        self._wipe()
        self._fire("logout")

    def cancel(self) -> None:
        self.logout()

    def reset(self) -> None:
        self._wipe()
        self._fire("logout")

    def _read_staff_card(self) -> None:
        if self.staff_reader is None:
            self.session.message = msg.NO_STAFF_READER
            return
        self.session.busy = True
        op = self.staff_reader.read_staff_card(self.settings.staff_timeout)
        self._watch(op, self._on_staff_card)

    def _on_staff_card(self, c: Completion[StaffCard]) -> None:
        self.session.busy = False
        if not c.ok or c.value is None:
            self.session.message = c.text
            return
        self.session.card = c.value
        self.session.message = None
        self._touch()
        self._fire("card_read")

    def _check_pin(self) -> None:
        self.session.busy = True
        card, pin = self.session.card, self._pin
        self._pin = ""
        op: Operation[PinCheck] = Operation.blocking(
            "staff.check_pin", lambda: self.directory.check_pin(card, pin), 10
        )
        self._watch(op, self._on_pin)

    def _on_pin(self, c: Completion[PinCheck]) -> None:
        s = self.session
        s.busy = False
        check = c.value
        if not c.ok or check is None:
            s.message = c.text
            self._fire("pin_wrong")
            return
        if check.verdict is PinVerdict.OK and check.member is not None:
            s.member = check.member
            s.message = None
            log.info(
                "staff login",
                extra={"flow": "staff", "staff": check.member.staff_id, "role": check.member.role},
            )
            self.desk.record("login")
            self._fire("pin_ok")
        elif check.verdict is PinVerdict.WRONG:
            s.pin_attempts_left = check.attempts_left
            s.message = msg.wrong_pin(check.attempts_left)
            log.info(
                "staff pin wrong", extra={"flow": "staff", "attempts_left": check.attempts_left}
            )
            self._fire("pin_wrong")
        else:
            s.message = (
                msg.UNKNOWN_CARD
                if check.verdict is PinVerdict.UNKNOWN_CARD
                else msg.locked_out(check.locked_for_s)
            )
            log.warning("staff login refused", extra={"flow": "staff", "verdict": check.verdict})
            self._fire("pin_locked")

    # ------------------------------------------------------------------ menu
    def retrieve(self) -> None:
        self._choose("retrieve")

    def load(self) -> None:
        self._choose("load")

    def maintain(self) -> None:
        self._choose("maintain")

    def open_setup(self) -> None:
        """From the maintenance page: edit the site config (technicians only)."""
        self._touch()
        if self.state is not S.MAINTENANCE:
            return
        if self.desk.site_setup is None:
            self.session.message = msg.NO_SITE_SETUP
            self._changed()
            return
        self._choose("setup")

    def back(self) -> None:
        """The footer's back: out of the journey under way (to the menu, or from site
        setup to the maintenance page)."""
        self._touch()
        self.session.message = None
        if self._journey is not None:
            self._journey.back()
        else:
            self._fire("back")  # nothing to leave: refused, and logged as such

    def _choose(self, event: str) -> None:
        """A journey chosen on the menu; the role guard may refuse it."""
        self._touch()
        if not self._fire(event):
            self.session.message = msg.NOT_ALLOWED
            self._changed()

    def _menu(self) -> None:
        self.session.busy = False
        self.session.current = None
        self.session.compartment = None

    # ------------------------------------------------------------------ journeys
    def _run(self, journey: StaffJourney) -> None:
        """Hand over to ``journey`` (from maintenance to site setup, the maintenance
        journey steps out first, unheard)."""
        previous, self._journey = self._journey, None
        if previous is not None:
            previous.leave()
        self._journey = journey
        journey.begin()

    def _journey_ended(self, journey: StaffJourney) -> None:
        if journey is not self._journey:
            return  # handed over, or stopped by a logout
        self._journey = None
        self._fire("journey_done")

    def _hear(self, journey: StaffJourney) -> None:
        """The running journey's changes are staff mode's (a journey stepping out is not)."""

        def changed() -> None:
            if journey is self._journey:
                self._changed()

        journey.subscribe(changed)

    # ------------------------------------------------------------------ internals
    def _entered(self, state: StaffState) -> None:
        # ``state`` is what ``self.state`` shows, the journey's while one runs (as from
        # maintenance to site setup); the entry action is the login machine's own state's
        action = self._entry.get(StaffState(self._machine.current_state_value))
        if action is not None:
            action()

    def _touch(self) -> None:
        """Any clerk action restarts the session timeout."""
        self._arm_timeout(self.settings.staff_timeout, self._expired)

    def _expired(self) -> None:
        if self.state is S.IDLE:
            return
        if self.state in _DOOR_STATES:
            self._touch()  # a door is open: the clerk is at the cabinet
            return
        log.info("staff session timed out", extra={"flow": "staff", "state": self.state.value})
        self._wipe()
        self.session.message = msg.LOGIN_TIMEOUT
        self._fire("logout")

    def _wipe(self) -> None:
        super()._wipe()  # the session timeout is off too
        self._journey = None
        for journey in self._journeys:
            journey.stop()
        self._pin = ""
        self.session.wipe()
        self.desk.session = StaffSession()


class _Guards:
    def __init__(self, flow: StaffFlow) -> None:
        self._flow = flow

    def _role(self) -> StaffRole | None:
        member = self._flow.session.member
        return member.role if member else None

    def is_clerk(self) -> bool:
        return self._role() is StaffRole.CLERK

    def is_technician(self) -> bool:
        return self._role() is StaffRole.TECHNICIAN
