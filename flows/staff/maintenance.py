"""The technician's maintenance page: the status checks (devices, outbox, platform,
disk, the recent log), the recent door events and live device tests (read a card,
print a test receipt, open a free door, show a camera frame). Site setup opens from
here (flows/staff/site_setup.py) and comes back here."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from statemachine import StateMachine

from device_contracts import Completion, IdentityCard, Image, Operation, Text
from flows import staff_messages as msg
from flows.domain import HealthCheck
from flows.handover import test_receipt
from flows.ports import FlowLoop
from flows.staff.journey import JourneyEnded, StaffDesk, StaffJourney
from flows.staff.session import LiveTest, TestResult
from flows.staff.states import StaffState as S
from flows.staff.states import journey_frame, machine_states

log = logging.getLogger(__name__)

#: how many of the latest audit entries the page shows
RECENT_AUDIT = 8


class MaintenanceMachine(StateMachine):
    s = machine_states(S.IDLE, S.MAINTENANCE)

    begin, back, leave = journey_frame(s, s.maintenance, s.maintenance)


class MaintenanceFlow(StaffJourney):
    def __init__(self, desk: StaffDesk, loop: FlowLoop, ended: JourneyEnded) -> None:
        super().__init__("staff.maintenance", MaintenanceMachine(), desk, loop, ended)
        self._entry = {S.MAINTENANCE: self._maintenance}

    def refresh_status(self) -> None:
        """Re-run the status checks (devices, outbox, platform, disk, log)."""
        self.desk.touch()
        diagnostics = self.desk.diagnostics
        if self.state is not S.MAINTENANCE or diagnostics is None:
            return
        self.session.busy = True

        def gather() -> tuple[list[HealthCheck], list[str]]:
            return diagnostics.run_checks(), diagnostics.recent_log_lines(12)

        op: Operation[tuple[list[HealthCheck], list[str]]] = Operation.blocking(
            "staff.diagnostics", gather, 30
        )
        self._watch(op, self._on_status)

    def run_test(self, test: LiveTest | str) -> None:
        """A live device test; the result lands in ``session.tests``."""
        self.desk.touch()
        if self.state is not S.MAINTENANCE:
            return
        test = LiveTest(test)
        current = self.session.tests.get(test)
        if current is not None and current.running:
            return
        self.session.tests[test] = TestResult(running=True, text=msg.TEST_RUNNING)
        devices, settings = self.desk.devices, self.desk.settings
        if test is LiveTest.CARD:
            card_op = devices.id_reader.read_card(settings.card_timeout)
            self._watch(card_op, lambda c: self._on_card_test(c))
        elif test is LiveTest.PRINT:
            receipt = test_receipt(terminal_id=self.desk.terminal_id, at=datetime.now())
            print_op = devices.printer.print_receipt(receipt, settings.print_timeout)
            self._watch(print_op, lambda c: self._on_test(LiveTest.PRINT, c, msg.TEST_OK))
        elif test is LiveTest.DOOR:
            target = self._test_compartment()
            if target is None:
                self.session.tests[test] = TestResult(running=False, text=msg.NO_PICKUP_COMPARTMENT)
            else:
                self.desk.record("door_test", target)
                self._open_door(
                    target, lambda c: self._on_test(LiveTest.DOOR, c, msg.door_tested(target))
                )
        else:
            cam_op = devices.document_camera.capture_page(settings.capture_timeout)
            self._watch(cam_op, self._on_camera_test)
        self._changed()

    def _maintenance(self) -> None:
        self.session.setup = None  # leaving site setup drops the draft
        self.refresh_status()

    def _on_status(self, c: Completion[tuple[list[HealthCheck], list[str]]]) -> None:
        s = self.session
        s.busy = False
        if c.ok and c.value is not None:
            s.checks, s.log_lines = c.value
        s.audit = self.desk.audit.recent(RECENT_AUDIT)

    def _test_compartment(self) -> str | None:
        taken = self.desk.ledger.assignments()
        for c in self.desk.devices.lockers.compartments():
            if c.id not in taken:
                return c.id
        return None

    def _on_test(self, test: LiveTest, c: Completion[Any], ok_text: Text) -> None:
        self.session.tests[test] = TestResult(
            running=False, ok=c.ok, text=ok_text if c.ok else c.text
        )
        log.info("live test", extra={"flow": "staff", "test": test.value, "code": c.code.value})
        self.session.audit = self.desk.audit.recent(RECENT_AUDIT)

    def _on_card_test(self, c: Completion[IdentityCard]) -> None:
        # only the last two characters of the number are shown: the test is about the reader
        tail = c.value.id_number[-2:] if c.ok and c.value is not None else ""
        self._on_test(LiveTest.CARD, c, msg.card_tested(tail))

    def _on_camera_test(self, c: Completion[Image]) -> None:
        self.session.camera_frame = c.value if c.ok else None
        self._on_test(LiveTest.CAMERA, c, msg.TEST_OK)
