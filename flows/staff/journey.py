"""What the staff journeys after the login share: the desk they work at (the kiosk's
devices and services, the logged-in member's session, the session timeout, the audit
log) and the frame of a journey on its own machine (begin, back, leave, stop; it tells
the login when it is over)."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from statemachine import StateMachine

from device_contracts import Completion, DoorOutcome, Operation
from flows import ports
from flows.domain import AuditEntry, CaseEvent, CaseEventKind
from flows.machine_flow import MachineFlow
from flows.settings import FlowSettings
from flows.site_setup import SiteSetup
from flows.staff.session import StaffSession
from flows.staff.states import StaffState

log = logging.getLogger(__name__)

#: how a journey tells the login it is over (back at its idle state)
JourneyEnded = Callable[["StaffJourney"], None]


@dataclass(eq=False)
class StaffDesk:
    """What the login hands every journey: built once by the staff flow, which gives
    it a fresh ``session`` on logout."""

    devices: ports.DeviceSet
    platform: ports.Platform
    ledger: ports.CompartmentLedger
    audit: ports.AuditLog
    terminal_id: str
    settings: FlowSettings
    #: any tap of the member of staff restarts the session timeout
    touch: Callable[[], None]
    diagnostics: ports.Diagnostics | None = None
    site_setup: SiteSetup | None = None
    session: StaffSession = field(default_factory=StaffSession)

    @property
    def actor(self) -> str:
        member = self.session.member
        return member.staff_id if member else "staff"

    def record(
        self, action: str, compartment_id: str = "", case_ref: str = "", detail: str = ""
    ) -> None:
        """An audit entry in the member's name; a failing audit log never stops the work."""
        try:
            self.audit.record(
                AuditEntry(action, self.actor, compartment_id, case_ref, detail=detail)
            )
        except Exception:
            log.exception("audit record failed", extra={"flow": "staff", "action": action})


class StaffJourney(MachineFlow[StaffState]):
    """One journey of a logged-in member of staff, on its own machine. Its machine
    has an initial ``idle`` state, ``begin`` (from idle), ``back`` (from the states a
    footer's back leaves) and ``leave`` (from any state); back at idle the journey
    tells the login, which shows the menu (or, after site setup, the maintenance page).
    Subclasses map their states to entry actions in ``_entry``."""

    def __init__(
        self,
        name: str,
        machine: StateMachine,
        desk: StaffDesk,
        loop: ports.FlowLoop,
        ended: JourneyEnded,
    ) -> None:
        super().__init__(name, machine, StaffState, loop, settings=desk.settings)
        self.desk = desk
        self._ended = ended
        self._entry: dict[StaffState, Callable[[], None]] = {}

    @property
    def session(self) -> StaffSession:
        return self.desk.session

    def begin(self) -> None:
        self._fire("begin")

    def back(self) -> None:
        """Out of the journey, from a state the footer's back leaves (else refused)."""
        self._fire("back")

    def leave(self) -> None:
        """Out of the journey where it stands, for another to take over: what it still
        waits for is dropped as stale, as on any change of state."""
        if self.state is not StaffState.IDLE:
            self._fire("leave")

    def stop(self) -> None:
        """Logout or timeout: every outstanding completion stale, running operations
        asked to stop, and out of the journey."""
        self._end_session()
        self.leave()

    def _report(
        self,
        kind: CaseEventKind,
        case_ref: str,
        compartment_id: str,
        handle: Callable[[Completion[None]], None],
        *,
        any_state: bool = False,
    ) -> Operation[None]:
        """Tell the platform what the member did at a compartment (a durable event with
        the staff id as actor); ``handle`` gets the answer, as ``_call_platform`` says."""
        event = CaseEvent(
            kind,
            case_ref,
            compartment_id=compartment_id,
            actor=self.desk.actor,
            event_id=uuid.uuid4().hex,
        )
        platform = self.desk.platform
        return self._call_platform(
            "platform.report_event",
            lambda: platform.report_event(event),
            handle,
            any_state=any_state,
        )

    def _open_door(
        self, compartment_id: str, handle: Callable[[Completion[DoorOutcome]], None]
    ) -> None:
        lockers, timeout = self.desk.devices.lockers, self.desk.settings.door_open_timeout
        self._watch(lockers.open_door(compartment_id, timeout), handle)

    def _wait_closed(self, compartment_id: str, handle: Callable[[Completion[None]], None]) -> None:
        """Until the member of staff shuts the door (the session timeout waits meanwhile)."""
        lockers, timeout = self.desk.devices.lockers, self.desk.settings.door_close_timeout
        self._watch(lockers.wait_closed(compartment_id, timeout), handle)

    def _entered(self, state: StaffState) -> None:
        if state is StaffState.IDLE:
            self._ended(self)
            return
        action = self._entry.get(state)
        if action is not None:
            action()
