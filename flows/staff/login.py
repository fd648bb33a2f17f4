"""Staff mode (工作人员模式): clerk retrieval and certificate loading, technician
maintenance, behind a staff card + PIN. See docs/flows-contract.md.

Every door the clerk opens goes through the audit log with the staff id and the
case; the platform is told through durable events (``report_event``). The
session ends on ``logout()`` or after ``settings.staff_timeout`` seconds with
no call from the clerk (never while a door is open and watched).
"""

from __future__ import annotations

import copy
import dataclasses
import enum
import logging
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from devices.base import (
    Compartment,
    CompartmentRole,
    CompartmentSize,
    Completion,
    DoorOutcome,
    IdentityCard,
    Image,
    Operation,
    StaffCard,
    Text,
)
from flows import messages as resident_messages
from flows import staff_messages as msg
from flows.domain import (
    AuditEntry,
    CaseEvent,
    CaseEventKind,
    CaseStatus,
    CaseStatusKind,
    CaseSummary,
    HealthCheck,
    PinCheck,
    PinVerdict,
    StaffMember,
    StaffRole,
)
from flows.handover import RetrievalItem, RetrievalOutcome, handover_slip, test_receipt
from flows.machine_flow import MachineFlow
from flows.platform_call import call_platform, refused
from flows.ports import (
    AuditLog,
    CompartmentLedger,
    DeviceSet,
    Diagnostics,
    FlowLoop,
    Platform,
    StaffCardReader,
    StaffDirectory,
    Timer,
)
from flows.settings import FlowSettings
from flows.site_setup import (
    ConfigProblem,
    DeviceTestReport,
    LoadedConfig,
    SaveOutcome,
    SetupDraft,
    SetupTestResult,
    SiteSetup,
)
from flows.staff_machine import StaffMachine, StaffState

__all__ = ["LiveTest", "SetupDraft", "StaffFlow", "StaffSession", "StaffState", "TestResult"]

log = logging.getLogger(__name__)

S = StaffState

_PIN = re.compile(r"[0-9]{6}", re.ASCII)  # ASCII: \d takes any Unicode digit
# ASCII letters in either case, upper-cased after the match: str.upper() first would turn
# "ſ" into "S" and "ﬁ" into "FI", making a code out of text that is none
_CASE_CODE = re.compile(r"[A-Z0-9][A-Z0-9\-]{5,63}", re.ASCII | re.IGNORECASE)
#: a jammed door is kept booked under this ref so nobody is offered it again
FAULT_PREFIX = "door-fault:"
#: how many doors a certificate loading tries before giving up
MAX_REASSIGN = 3

#: states in which the session timeout waits (a door is open, the clerk is at it)
_DOOR_STATES = frozenset(
    {S.OPENING_DROP, S.DROP_OPEN, S.CLOSING_DROP, S.OPENING_PICKUP, S.LOADING_DOOR, S.RECORDING}
)


class LiveTest(enum.StrEnum):
    CARD = "card"
    PRINT = "print"
    DOOR = "door"
    CAMERA = "camera"


@dataclass(frozen=True)
class TestResult:
    running: bool
    ok: bool = False
    text: Text | None = None


@dataclass(repr=False)
class StaffSession:
    """The logged-in staff member and the work at hand. Wiped on logout."""

    card: StaffCard | None = None
    member: StaffMember | None = None
    message: Text | None = None
    busy: bool = False
    pin_attempts_left: int = 0
    # retrieval
    items: list[RetrievalItem] = field(default_factory=list)
    current: RetrievalItem | None = None
    slip_failed: bool = False
    # loading
    case_code: str = ""
    size: CompartmentSize = CompartmentSize.S
    case: CaseStatus | None = None
    compartment: Compartment | None = None
    jammed: list[str] = field(default_factory=list)
    loaded: list[tuple[str, str]] = field(default_factory=list)  # (case code, compartment)
    load_recorded: bool = False
    # maintenance
    checks: list[HealthCheck] = field(default_factory=list)
    log_lines: list[str] = field(default_factory=list)
    audit: list[AuditEntry] = field(default_factory=list)
    tests: dict[LiveTest, TestResult] = field(default_factory=dict)
    camera_frame: Image | None = None
    # site setup: the config being edited (None until loaded, dropped on leaving)
    setup: SetupDraft | None = None

    def wipe(self) -> None:
        fresh = StaffSession()
        for f in dataclasses.fields(self):
            setattr(self, f.name, getattr(fresh, f.name))

    def __repr__(self) -> str:
        who = self.member.staff_id if self.member else None
        return f"StaffSession(staff={who})"

    @property
    def pending(self) -> list[RetrievalItem]:
        return [i for i in self.items if i.outcome is None]


class StaffFlow(MachineFlow[StaffState]):
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
        super().__init__("staff", StaffMachine(_Guards(self)), StaffState, loop)
        self.devices = devices
        self.platform = platform
        self.ledger = ledger
        self.terminal_id = terminal_id
        self.directory = directory
        self.audit = audit
        self.diagnostics = diagnostics
        self.staff_reader = staff_reader
        self.site_setup = site_setup
        self.settings = settings
        self.session = StaffSession()
        self._timer: Timer | None = None
        self._scan_op: Operation[str] | None = None
        self._pin = ""
        self._entry: dict[StaffState, Callable[[], None]] = {
            S.WAITING_CARD: self._read_staff_card,
            S.CHECKING_PIN: self._check_pin,
            S.MENU: self._menu,
            S.LISTING: self._list_cases,
            S.OPENING_DROP: self._open_drop,
            S.CLOSING_DROP: self._wait_drop_closed,
            S.PRINTING_SLIP: self._print_slip,
            S.ENTERING_CASE: self._listen_for_case_qr,
            S.CHECKING_CASE: self._check_case,
            S.OPENING_PICKUP: self._open_pickup,
            S.LOADING_DOOR: self._wait_pickup_closed,
            S.RECORDING: self._record_load,
            S.MAINTENANCE: self._maintenance,
            S.SETUP: self._load_setup,
            S.SAVING_CONFIG: self._save_config,
        }

    # ------------------------------------------------------------------ login
    @property
    def actor(self) -> str:
        member = self.session.member
        return member.staff_id if member else "staff"

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
        self._fire("reset")

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
            self._record("login")
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

    def _menu(self) -> None:
        self.session.busy = False
        self.session.current = None
        self.session.compartment = None

    # ------------------------------------------------------------------ menu
    def retrieve(self) -> None:
        self._touch()
        if not self._fire("retrieve"):
            self.session.message = msg.NOT_ALLOWED
            self._changed()

    def load(self) -> None:
        self._touch()
        self.session.loaded = []
        if not self._fire("load"):
            self.session.message = msg.NOT_ALLOWED
            self._changed()

    def maintain(self) -> None:
        self._touch()
        if not self._fire("maintain"):
            self.session.message = msg.NOT_ALLOWED
            self._changed()

    def back(self) -> None:
        self._touch()
        if self.state is S.ENTERING_CASE:
            self._stop_scan()
        self.session.message = None
        self._fire("back")

    # ------------------------------------------------------------------ retrieval
    def _list_cases(self) -> None:
        self.session.busy = True
        op = call_platform(
            "platform.terminal_cases",
            lambda: self.platform.terminal_cases(CaseStatusKind.MATERIALS_DEPOSITED),
            self.settings.platform_timeout,
        )
        self._watch(op, self._on_cases)

    def _on_cases(self, c: Completion[list[CaseSummary]]) -> None:
        s = self.session
        s.busy = False
        by_code = {x.case_code: x for x in (c.value or [])}
        drop_ids = {
            x.id for x in self.devices.lockers.compartments() if x.role is CompartmentRole.DROP
        }
        items: list[RetrievalItem] = []
        seen: set[str] = set()
        # the ledger knows what is in the compartments (also cases still queued)
        for cid, ref in sorted(self.ledger.assignments().items()):
            if cid not in drop_ids or ref.startswith(FAULT_PREFIX):
                continue
            summary = by_code.get(ref)
            items.append(
                RetrievalItem(
                    cid,
                    ref,
                    summary.matter_name if summary else None,
                    summary.created_at if summary else "",
                )
            )
            seen.add(ref)
        # the platform may know of deposits this ledger lost (a replaced disk)
        for summary in c.value or []:
            if summary.case_code not in seen and summary.compartment_id in drop_ids:
                items.append(
                    RetrievalItem(
                        summary.compartment_id,
                        summary.case_code,
                        summary.matter_name,
                        summary.created_at,
                    )
                )
        s.items = sorted(items, key=lambda i: (i.deposited_at, i.compartment_id))
        if not c.ok:
            s.message = msg.LIST_FAILED
        elif not s.items:
            s.message = msg.NOTHING_TO_RETRIEVE
        else:
            s.message = None
        log.info("retrieval list", extra={"flow": "staff", "items": len(s.items)})
        self._fire("listed")

    def open_drop(self, compartment_id: str) -> None:
        """Open one drop compartment of the list."""
        self._touch()
        if self.state is not S.RETRIEVAL:
            return
        for item in self.session.pending:
            if item.compartment_id == compartment_id:
                self.session.current = item
                self.session.message = None
                self._fire("open_drop")
                return

    def _open_drop(self) -> None:
        item = self.session.current
        assert item is not None
        self.session.busy = True
        op = self.devices.lockers.open_door(item.compartment_id, self.settings.door_open_timeout)
        self._watch(op, self._on_drop_opened)

    def _on_drop_opened(self, c: Completion[DoorOutcome]) -> None:
        item = self.session.current
        assert item is not None
        self.session.busy = False
        if not c.ok:
            self._record("door_failed", item.compartment_id, item.case_ref, c.code.value)
            self.session.message = msg.DROP_DOOR_FAULT
            self.session.current = None
            self._fire("drop_failed")
            return
        self._record("door_opened", item.compartment_id, item.case_ref)
        self.session.message = msg.CLOSE_DROP
        self._fire("drop_opened")

    def confirm(self, outcome: RetrievalOutcome | str) -> None:
        """Taken, missing (the compartment was empty) or extra (more than the case lists)."""
        self._touch()
        if self.state is not S.DROP_OPEN or self.session.current is None:
            return
        outcome = RetrievalOutcome(outcome)
        item = dataclasses.replace(self.session.current, outcome=outcome)
        self.session.current = item
        self.session.items = [
            item if i.compartment_id == item.compartment_id and i.outcome is None else i
            for i in self.session.items
        ]
        self._record(f"materials_{outcome.value}", item.compartment_id, item.case_ref)
        kind = (
            CaseEventKind.MATERIALS_MISSING
            if outcome is RetrievalOutcome.MISSING
            else CaseEventKind.MATERIALS_RETRIEVED
        )
        self._report(kind, item.case_ref, item.compartment_id)
        # the compartment is empty now, whatever the platform call does
        if self.ledger.occupant(item.compartment_id) == item.case_ref:
            self.ledger.release(item.compartment_id)
        self.session.message = msg.CLOSE_DROP
        self._fire("outcome_chosen")

    def _wait_drop_closed(self) -> None:
        item = self.session.current
        assert item is not None
        op = self.devices.lockers.wait_closed(item.compartment_id, self.settings.door_close_timeout)
        self._watch(op, self._on_drop_closed)

    def _on_drop_closed(self, c: Completion[None]) -> None:
        item = self.session.current
        assert item is not None
        if c.ok:
            self._record("door_closed", item.compartment_id, item.case_ref)
            self.session.message = None
        else:
            self._record("door_left_open", item.compartment_id, item.case_ref, c.code.value)
            self.session.message = msg.DOOR_NOT_CLOSED
        self.session.current = None
        self._fire("drop_closed")

    def finish_retrieval(self) -> None:
        """Print the hand-over slip of everything confirmed, then back to the menu."""
        self._touch()
        if self.state is S.RETRIEVAL:
            self._fire("finish_retrieval")

    def _print_slip(self) -> None:
        done = [i for i in self.session.items if i.outcome is not None]
        if not done:
            self._fire("slip_done")
            return
        self.session.busy = True
        slip = handover_slip(
            terminal_id=self.terminal_id, staff_id=self.actor, at=datetime.now(), items=done
        )
        op = self.devices.printer.print_receipt(slip, self.settings.print_timeout)
        self._watch(op, self._on_slip)

    def _on_slip(self, c: Completion[None]) -> None:
        self.session.busy = False
        self.session.slip_failed = not c.ok
        self.session.message = None if c.ok else msg.SLIP_FAILED
        self._record("handover_slip", detail="printed" if c.ok else c.code.value)
        self._fire("slip_done")

    # ------------------------------------------------------------------ loading
    def set_size(self, size: CompartmentSize | str) -> None:
        self._touch()
        if self.state is S.ENTERING_CASE:
            self.session.size = CompartmentSize(size)
            self._changed()

    def enter_case(self, code: str) -> None:
        """A case code typed on the keyboard or read from the receipt's QR."""
        self._touch()
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

    def _listen_for_case_qr(self) -> None:
        self.session.busy = False
        self.session.compartment = None
        op = self.devices.qr_scanner.scan(self.settings.scan_timeout)
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
        code = self.session.case_code
        op = call_platform(
            "platform.case_status",
            lambda: self.platform.case_status(code),
            self.settings.platform_timeout,
        )
        self._watch(op, self._on_case)

    def _on_case(self, c: Completion[CaseStatus]) -> None:
        s = self.session
        s.busy = False
        if not c.ok or c.value is None:
            s.message = c.text if refused(c) else resident_messages.PLATFORM_UNAVAILABLE
            self._fire("case_refused")
            return
        status = c.value.status
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
        s = self.session
        compartment = self.ledger.allocate(
            self.devices.lockers.compartments(), CompartmentRole.PICKUP, s.size, s.case_code
        )
        if compartment is None:
            s.message = msg.NO_PICKUP_COMPARTMENT
            s.busy = False
            self._fire("pickup_failed")
            return
        s.compartment = compartment
        s.busy = True
        op = self.devices.lockers.open_door(compartment.id, self.settings.door_open_timeout)
        self._watch(op, self._on_pickup_opened)

    def _on_pickup_opened(self, c: Completion[DoorOutcome]) -> None:
        s = self.session
        compartment = s.compartment
        assert compartment is not None
        if c.ok:
            s.busy = False
            self._record("door_opened", compartment.id, s.case_code)
            s.message = (
                msg.door_jammed(s.jammed[-1], compartment.id) if s.jammed else msg.PUT_CERTIFICATE
            )
            self._fire("pickup_opened")
            return
        # a jammed door: keep it booked as faulty, and try the next free one
        self._record("door_failed", compartment.id, s.case_code, c.code.value)
        log.warning(
            "pickup door jammed, reassigning",
            extra={"flow": "staff", "compartment": compartment.id, "code": c.code.value},
        )
        self.ledger.release(compartment.id)
        self.ledger.allocate(
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

    def _wait_pickup_closed(self) -> None:
        compartment = self.session.compartment
        assert compartment is not None
        op = self.devices.lockers.wait_closed(compartment.id, self.settings.door_close_timeout)
        self._watch(op, self._on_pickup_closed)

    def _on_pickup_closed(self, c: Completion[None]) -> None:
        compartment = self.session.compartment
        assert compartment is not None
        if c.ok:
            self._record("door_closed", compartment.id, self.session.case_code)
        else:
            self._record("door_left_open", compartment.id, self.session.case_code, c.code.value)
        self._fire("pickup_closed")

    def _record_load(self) -> None:
        s = self.session
        compartment = s.compartment
        assert compartment is not None
        s.busy = True
        event = CaseEvent(
            CaseEventKind.CERTIFICATE_LOADED,
            s.case_code,
            compartment_id=compartment.id,
            actor=self.actor,
            event_id=uuid.uuid4().hex,
        )
        op = call_platform(
            "platform.report_event",
            lambda: self.platform.report_event(event),
            self.settings.platform_timeout,
        )
        self._watch(op, self._on_load_recorded)

    def _on_load_recorded(self, c: Completion[None]) -> None:
        s = self.session
        compartment = s.compartment
        assert compartment is not None
        s.busy = False
        s.load_recorded = c.ok
        s.message = None if c.ok else msg.LOAD_NOT_RECORDED
        self._record("certificate_loaded", compartment.id, s.case_code)
        s.loaded.append((s.case_code, compartment.id))
        self._fire("recorded")

    def next_case(self) -> None:
        self._touch()
        self.session.case_code = ""
        self.session.case = None
        self.session.message = None
        self._fire("next_case")

    # ------------------------------------------------------------------ maintenance
    def _maintenance(self) -> None:
        self.session.setup = None  # leaving site setup drops the draft
        self.refresh_status()

    def refresh_status(self) -> None:
        """Re-run the status checks (devices, outbox, platform, disk, log)."""
        self._touch()
        diagnostics = self.diagnostics
        if self.state is not S.MAINTENANCE or diagnostics is None:
            return
        self.session.busy = True

        def gather() -> tuple[list[HealthCheck], list[str]]:
            return diagnostics.run_checks(), diagnostics.recent_log_lines(12)

        op: Operation[tuple[list[HealthCheck], list[str]]] = Operation.blocking(
            "staff.diagnostics", gather, 30
        )
        self._watch(op, self._on_status)

    def _on_status(self, c: Completion[tuple[list[HealthCheck], list[str]]]) -> None:
        s = self.session
        s.busy = False
        if c.ok and c.value is not None:
            s.checks, s.log_lines = c.value
        s.audit = self.audit.recent(8)

    def run_test(self, test: LiveTest | str) -> None:
        """A live device test; the result lands in ``session.tests``."""
        self._touch()
        if self.state is not S.MAINTENANCE:
            return
        test = LiveTest(test)
        current = self.session.tests.get(test)
        if current is not None and current.running:
            return
        self.session.tests[test] = TestResult(running=True, text=msg.TEST_RUNNING)
        if test is LiveTest.CARD:
            card_op = self.devices.id_reader.read_card(self.settings.card_timeout)
            self._watch(card_op, lambda c: self._on_card_test(c))
        elif test is LiveTest.PRINT:
            receipt = test_receipt(terminal_id=self.terminal_id, at=datetime.now())
            print_op = self.devices.printer.print_receipt(receipt, self.settings.print_timeout)
            self._watch(print_op, lambda c: self._on_test(LiveTest.PRINT, c, msg.TEST_OK))
        elif test is LiveTest.DOOR:
            target = self._test_compartment()
            if target is None:
                self.session.tests[test] = TestResult(running=False, text=msg.NO_PICKUP_COMPARTMENT)
            else:
                self._record("door_test", target)
                door_op = self.devices.lockers.open_door(target, self.settings.door_open_timeout)
                self._watch(
                    door_op, lambda c: self._on_test(LiveTest.DOOR, c, msg.door_tested(target))
                )
        else:
            cam_op = self.devices.document_camera.capture_page(self.settings.capture_timeout)
            self._watch(cam_op, self._on_camera_test)
        self._changed()

    def _test_compartment(self) -> str | None:
        taken = self.ledger.assignments()
        for c in self.devices.lockers.compartments():
            if c.id not in taken:
                return c.id
        return None

    def _on_test(self, test: LiveTest, c: Completion[Any], ok_text: Text) -> None:
        self.session.tests[test] = TestResult(
            running=False, ok=c.ok, text=ok_text if c.ok else c.text
        )
        log.info("live test", extra={"flow": "staff", "test": test.value, "code": c.code.value})
        self.session.audit = self.audit.recent(8)

    def _on_card_test(self, c: Completion[IdentityCard]) -> None:
        # only the last two characters of the number are shown: the test is about the reader
        tail = c.value.id_number[-2:] if c.ok and c.value is not None else ""
        self._on_test(LiveTest.CARD, c, msg.card_tested(tail))

    def _on_camera_test(self, c: Completion[Image]) -> None:
        self.session.camera_frame = c.value if c.ok else None
        self._on_test(LiveTest.CAMERA, c, msg.TEST_OK)

    # ------------------------------------------------------------------ site setup
    def open_setup(self) -> None:
        """From the maintenance page: edit the site config (technicians only)."""
        self._touch()
        if self.state is not S.MAINTENANCE:
            return
        if self.site_setup is None:
            self.session.message = msg.NO_SITE_SETUP
            self._changed()
            return
        if not self._fire("setup"):
            self.session.message = msg.NOT_ALLOWED
            self._changed()

    def _load_setup(self) -> None:
        s = self.session
        if s.setup is not None or self.site_setup is None:
            return  # back from saving: keep editing the same draft
        s.message = None
        s.busy = True
        port = self.site_setup
        op: Operation[LoadedConfig] = Operation.blocking("setup.load", port.load, 10)
        self._watch(op, self._on_setup_loaded)

    def _on_setup_loaded(self, c: Completion[LoadedConfig]) -> None:
        s = self.session
        s.busy = False
        if not c.ok or c.value is None:
            s.message = msg.SETUP_LOAD_FAILED
            log.error("site config not loaded", extra={"flow": "staff", "code": c.code.value})
            self._fire("back")
            return
        s.setup = SetupDraft.of(c.value)

    def _draft(self) -> SetupDraft | None:
        self._touch()
        if self.state is not S.SETUP or self.session.busy:
            return None
        return self.session.setup

    def _edited(self, draft: SetupDraft, *keys: str) -> None:
        draft.saved = None
        if keys:
            draft.problems = [p for p in draft.problems if p.key not in keys]
        self._changed()

    def setup_section(self, section: str) -> None:
        """Show one section of the config: "terminal", "devices.printer", "lockers" ..."""
        draft = self._draft()
        if draft is not None and section in draft.sections():
            draft.section = section
            self._changed()

    def setup_set(self, key: str, value: object) -> None:
        """Set a config value (dotted key); ``None`` removes an optional key. Only data:
        the value is checked when the config is saved."""
        draft = self._draft()
        if draft is None or key.split(".", 1)[0] not in {*draft.data, *draft.sections()}:
            return
        draft.set(key, value)
        self._edited(draft, key)

    def setup_driver(self, kind: str, driver: str) -> None:
        """Choose device ``kind``'s driver; its options start from the driver's defaults."""
        draft = self._draft()
        if draft is None or self.site_setup is None or kind not in draft.device_kinds():
            return
        draft.switch_driver(kind, driver, self.site_setup.driver_options(kind, driver))
        draft.tests.pop(kind, None)
        self._edited(draft, f"devices.{kind}.driver")

    def setup_cell(self, board: int, channel: int) -> None:
        """Select a cell of the compartment grid (board x channel)."""
        draft = self._draft()
        if draft is not None:
            draft.cell = (board, channel)
            self._changed()

    def setup_compartment(self, option: str, value: object) -> None:
        """Change the selected compartment's ``id``, ``size`` or ``role``."""
        draft = self._draft()
        if draft is None or draft.cell is None or option not in {"id", "size", "role"}:
            return
        found = draft.compartment_at(*draft.cell)
        if found is None:
            return
        index, entry = found
        entry[option] = value
        self._edited(draft, f"lockers.compartments[{index}].{option}")

    def setup_add_compartment(self) -> None:
        """A compartment in the selected empty cell."""
        draft = self._draft()
        if draft is None or draft.cell is None or draft.compartment_at(*draft.cell):
            return
        draft.add_compartment(*draft.cell)
        self._edited(draft, "lockers.compartments")

    def setup_remove_compartment(self) -> None:
        draft = self._draft()
        if draft is None or draft.cell is None:
            return
        draft.remove_compartment(*draft.cell)
        self._edited(draft)

    def setup_grow(self, what: str) -> None:
        """Add a row ("board") or a column ("channel") to the grid."""
        draft = self._draft()
        if draft is None:
            return
        if what == "board":
            boards, _ = draft.grid()
            draft.extra_boards.add(max(boards) + 1)
        elif what == "channel":
            draft.extra_channels += 1
        self._changed()

    def setup_test(self, kind: str) -> None:
        """Live-test device ``kind`` as the draft configures it (off the GUI thread)."""
        draft = self._draft()
        port = self.site_setup
        if draft is None or port is None or kind not in draft.device_kinds():
            return
        current = draft.tests.get(kind)
        if current is not None and current.running:
            return
        target = None
        if kind == "lockers":
            target = self._setup_door(draft)
            if target is None:
                self._changed()
                return
            self._record("door_test", target, detail="site setup")
        draft.tests[kind] = SetupTestResult(running=True, text=msg.TEST_RUNNING)
        op = port.test_device(kind, copy.deepcopy(draft.data), target)
        # any_state: a result that lands while a save runs is still shown after it
        self._watch(op, lambda c: self._on_setup_test(kind, c), any_state=True)
        self._changed()

    def _setup_door(self, draft: SetupDraft) -> str | None:
        """The compartment a lockers test opens: the selected one, if it is empty."""
        found = draft.compartment_at(*draft.cell) if draft.cell is not None else None
        if found is None:
            draft.tests["lockers"] = SetupTestResult(False, text=msg.NO_COMPARTMENT_SELECTED)
            return None
        compartment_id = str(found[1].get("id", ""))
        if compartment_id in self.ledger.assignments():
            draft.tests["lockers"] = SetupTestResult(False, text=msg.SETUP_TEST_BUSY_DOOR)
            return None
        return compartment_id

    def _on_setup_test(self, kind: str, c: Completion[DeviceTestReport]) -> None:
        draft = self.session.setup
        if draft is None or self.state not in {S.SETUP, S.SAVING_CONFIG}:
            return
        report = c.value if c.ok else None
        draft.tests[kind] = SetupTestResult(
            running=False,
            ok=c.ok,
            text=report.text if report is not None else c.text,
            image=report.image if report is not None else None,
        )
        log.info("setup test", extra={"flow": "staff", "device": kind, "code": c.code.value})

    def save_config(self) -> None:
        """Validate and save the draft (the previous file is backed up)."""
        draft = self._draft()
        if draft is not None:
            self._fire("save")

    def _save_config(self) -> None:
        draft, port = self.session.setup, self.site_setup
        assert draft is not None and port is not None
        self.session.busy = True
        data = copy.deepcopy(draft.data)
        op: Operation[SaveOutcome] = Operation.blocking("setup.save", lambda: port.save(data), 30)
        self._watch(op, lambda c: self._on_saved(c, data))

    def _on_saved(self, c: Completion[SaveOutcome], data: dict[str, Any]) -> None:
        s = self.session
        draft = s.setup
        assert draft is not None
        s.busy = False
        outcome = c.value
        if not c.ok or outcome is None:
            draft.problems = [ConfigProblem("", msg.SETUP_SAVE_FAILED.en)]
            s.message = msg.SETUP_SAVE_FAILED
            log.error("site config not saved", extra={"flow": "staff", "code": c.code.value})
            self._fire("save_refused")
            return
        if not outcome.ok:
            draft.problems = list(outcome.problems)
            s.message = msg.SETUP_INVALID
            log.info(
                "site config refused",
                extra={"flow": "staff", "keys": [p.key for p in outcome.problems][:10]},
            )
            self._fire("save_refused")
            return
        draft.problems = []
        draft.saved = outcome
        draft.loaded = data
        s.message = None
        self._record("site_config_saved", detail="backup kept" if outcome.backup else "new file")
        log.info("site config saved", extra={"flow": "staff", "backup": outcome.backup is not None})
        self._fire("saved")

    # ------------------------------------------------------------------ internals
    def _entered(self, state: StaffState) -> None:
        action = self._entry.get(state)
        if action is not None:
            action()

    def _record(
        self, action: str, compartment_id: str = "", case_ref: str = "", detail: str = ""
    ) -> None:
        try:
            self.audit.record(
                AuditEntry(action, self.actor, compartment_id, case_ref, detail=detail)
            )
        except Exception:
            log.exception("audit record failed", extra={"flow": "staff", "action": action})

    def _report(self, kind: CaseEventKind, case_ref: str, compartment_id: str) -> None:
        event = CaseEvent(
            kind,
            case_ref,
            compartment_id=compartment_id,
            actor=self.actor,
            event_id=uuid.uuid4().hex,
        )
        op = call_platform(
            "platform.report_event",
            lambda: self.platform.report_event(event),
            self.settings.platform_timeout,
        )
        self._watch(op, self._on_reported, any_state=True)

    def _on_reported(self, c: Completion[None]) -> None:
        if not c.ok:
            log.error("staff event not recorded", extra={"flow": "staff", "code": c.code.value})

    def _touch(self) -> None:
        """Any clerk action restarts the session timeout."""
        if self._timer is not None:
            self._timer.cancel()
        self._timer = self._loop.call_later(self.settings.staff_timeout, self._expired)

    def _expired(self) -> None:
        self._timer = None
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
        self._end_session()
        self._scan_op = None
        self._pin = ""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self.session.wipe()
        self.session = StaffSession()


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
