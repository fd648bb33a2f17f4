"""The clerk's certificate loading: a case code typed or scanned from the receipt's
QR, the case checked approved at the platform, the smallest free pickup compartment
of the chosen size opened (a jammed door is booked as faulty and the next one tried),
and ``certificate_loaded`` reported so the platform texts the pickup code. A case whose
certificate goes by post (物流服务) is refused before any door opens."""

from __future__ import annotations

import logging
import re

from statemachine import StateMachine

from device_contracts import (
    Compartment,
    CompartmentRole,
    CompartmentSize,
    Completion,
    DoorOutcome,
    Operation,
)
from flows import messages as resident_messages
from flows import staff_messages as msg
from flows.domain import CaseEventKind, CaseStatus, CaseStatusKind
from flows.platform_call import refused
from flows.ports import FlowLoop
from flows.staff.journey import JourneyEnded, StaffDesk, StaffJourney
from flows.staff.states import StaffState as S
from flows.staff.states import journey_frame, machine_states

log = logging.getLogger(__name__)

# ASCII letters in either case, upper-cased after the match: str.upper() first would turn
# "ſ" into "S" and "ﬁ" into "FI", making a code out of text that is none
_CASE_CODE = re.compile(r"[A-Z0-9][A-Z0-9\-]{5,63}", re.ASCII | re.IGNORECASE)
#: a jammed door is kept booked under this ref so nobody is offered it again
FAULT_PREFIX = "door-fault:"
#: how many doors a certificate loading tries before giving up
MAX_REASSIGN = 3


class LoadingMachine(StateMachine):
    s = machine_states(
        S.IDLE,
        S.ENTERING_CASE,
        S.CHECKING_CASE,
        S.OPENING_PICKUP,
        S.LOADING_DOOR,
        S.RECORDING,
        S.LOADED,
    )

    begin, back, leave = journey_frame(s, s.entering_case, s.entering_case, s.loaded)
    case_entered = s.entering_case.to(s.checking_case)
    case_refused = s.checking_case.to(s.entering_case)
    case_ok = s.checking_case.to(s.opening_pickup)
    pickup_opened = s.opening_pickup.to(s.loading_door)
    pickup_failed = s.opening_pickup.to(s.entering_case)
    pickup_closed = s.loading_door.to(s.recording)
    recorded = s.recording.to(s.loaded)
    next_case = s.loaded.to(s.entering_case)


class LoadingFlow(StaffJourney):
    def __init__(self, desk: StaffDesk, loop: FlowLoop, ended: JourneyEnded) -> None:
        super().__init__("staff.loading", LoadingMachine(), desk, loop, ended)
        self._scan_op: Operation[str] | None = None
        self._entry = {
            S.ENTERING_CASE: self._listen_for_case_qr,
            S.CHECKING_CASE: self._check_case,
            S.OPENING_PICKUP: self._open_pickup,
            S.LOADING_DOOR: self._wait_pickup_closed,
            S.RECORDING: self._record_load,
        }

    def begin(self) -> None:
        self.session.loaded = []
        super().begin()

    def back(self) -> None:
        if self.state is S.ENTERING_CASE:
            self._stop_scan()
        super().back()

    def stop(self) -> None:
        self._scan_op = None
        super().stop()

    def set_size(self, size: CompartmentSize | str) -> None:
        self.desk.touch()
        if self.state is S.ENTERING_CASE:
            self.session.size = CompartmentSize(size)
            self._changed()

    def enter_case(self, code: str) -> None:
        """A case code typed on the keyboard or read from the receipt's QR."""
        self.desk.touch()
        if self.state is not S.ENTERING_CASE:
            return
        code = code.strip()
        if not _CASE_CODE.fullmatch(code):
            self.session.message = msg.CASE_FORMAT
            self._changed()
            return
        self._stop_scan()
        self.session.case_code = code.upper()
        self.session.case = None
        self.session.jammed = []
        self.session.message = None
        self._fire("case_entered")

    def next_case(self) -> None:
        self.desk.touch()
        self.session.case_code = ""
        self.session.case = None
        self.session.message = None
        self._fire("next_case")

    def _listen_for_case_qr(self) -> None:
        self.session.busy = False
        self.session.compartment = None
        op = self.desk.devices.qr_scanner.scan(self.desk.settings.scan_timeout)
        self._scan_op = op
        self._watch(op, self._on_case_scan)

    def _on_case_scan(self, c: Completion[str]) -> None:
        self._scan_op = None
        if c.ok and c.value:
            found = _CASE_CODE.findall(c.value.strip().rsplit("/", 1)[-1])
            if found:
                self.enter_case(found[-1])
                return
            self.session.message = msg.CASE_FORMAT
        if self.state is S.ENTERING_CASE and c.code.value != "cancelled":
            self._listen_for_case_qr()

    def _stop_scan(self) -> None:
        if self._scan_op is not None:
            self._abandon(self._scan_op)
            self._scan_op = None

    def _check_case(self) -> None:
        self.session.busy = True
        code, platform = self.session.case_code, self.desk.platform
        self._call_platform(
            "platform.case_status", lambda: platform.case_status(code), self._on_case
        )

    def _on_case(self, c: Completion[CaseStatus]) -> None:
        s = self.session
        s.busy = False
        if not c.ok or c.value is None:
            s.message = c.text if refused(c) else resident_messages.PLATFORM_UNAVAILABLE
            self._fire("case_refused")
            return
        status = c.value.status
        if c.value.by_post:
            # 物流服务: the resident asked for the post; the locker is skipped
            s.message = msg.CASE_BY_POST
            self._fire("case_refused")
            return
        if status is CaseStatusKind.CERTIFICATE_READY or status is CaseStatusKind.COLLECTED:
            s.message = msg.CASE_ALREADY_LOADED
            self._fire("case_refused")
            return
        if status is not CaseStatusKind.APPROVED:
            s.message = msg.CASE_NOT_APPROVED
            self._fire("case_refused")
            return
        s.case = c.value
        s.case_code = c.value.case_code
        self._fire("case_ok")

    def _open_pickup(self) -> None:
        s, lockers = self.session, self.desk.devices.lockers
        compartment = self.desk.ledger.allocate(
            lockers.compartments(), CompartmentRole.PICKUP, s.size, s.case_code
        )
        if compartment is None:
            s.message = msg.NO_PICKUP_COMPARTMENT
            s.busy = False
            self._fire("pickup_failed")
            return
        s.compartment = compartment
        s.busy = True
        self._open_door(compartment.id, self._on_pickup_opened)

    def _on_pickup_opened(self, c: Completion[DoorOutcome]) -> None:
        s, ledger = self.session, self.desk.ledger
        compartment = self._at_door()
        if c.ok:
            s.busy = False
            self.desk.record("door_opened", compartment.id, s.case_code)
            s.message = (
                msg.door_jammed(s.jammed[-1], compartment.id) if s.jammed else msg.PUT_CERTIFICATE
            )
            self._fire("pickup_opened")
            return
        # a jammed door: keep it booked as faulty, and try the next free one
        self.desk.record("door_failed", compartment.id, s.case_code, c.code.value)
        log.warning(
            "pickup door jammed, reassigning",
            extra={"flow": "staff", "compartment": compartment.id, "code": c.code.value},
        )
        ledger.release(compartment.id)
        ledger.allocate(
            [compartment], compartment.role, compartment.size, FAULT_PREFIX + compartment.id
        )
        s.jammed.append(compartment.id)
        s.compartment = None
        if len(s.jammed) >= MAX_REASSIGN:
            s.busy = False
            s.message = msg.NO_PICKUP_COMPARTMENT
            self._fire("pickup_failed")
            return
        self._open_pickup()

    def _at_door(self) -> Compartment:
        """The pickup compartment opened for the certificate."""
        compartment = self.session.compartment
        assert compartment is not None
        return compartment

    def _wait_pickup_closed(self) -> None:
        self._wait_closed(self._at_door().id, self._on_pickup_closed)

    def _on_pickup_closed(self, c: Completion[None]) -> None:
        compartment = self._at_door()
        case_code = self.session.case_code
        if c.ok:
            self.desk.record("door_closed", compartment.id, case_code)
        else:
            self.desk.record("door_left_open", compartment.id, case_code, c.code.value)
        self._fire("pickup_closed")

    def _record_load(self) -> None:
        s = self.session
        compartment = self._at_door()
        s.busy = True
        self._report(
            CaseEventKind.CERTIFICATE_LOADED, s.case_code, compartment.id, self._on_load_recorded
        )

    def _on_load_recorded(self, c: Completion[None]) -> None:
        s = self.session
        compartment = self._at_door()
        s.busy = False
        s.load_recorded = c.ok
        s.message = None if c.ok else msg.LOAD_NOT_RECORDED
        self.desk.record("certificate_loaded", compartment.id, s.case_code)
        s.loaded.append((s.case_code, compartment.id))
        self._fire("recorded")
