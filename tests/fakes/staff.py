"""Fakes for staff mode: a staff-card reader, a PIN directory, an audit log, diagnostics."""

from __future__ import annotations

import threading

from device_contracts import Completion, CompletionCode, Operation, StaffCard, Text
from flows.domain import AuditEntry, HealthCheck, PinCheck, PinVerdict, StaffMember, StaffRole
from tests.fakes.devices import FakeDevice, Script

CLERK_CARD = "04A1B2C3D4E5F6"
TECH_CARD = "04FFEE0011223344"
CLERK_PIN = "246810"
TECH_PIN = "135790"
GESTURE_PIN = "900100"
CLERK = StaffMember("C0107", StaffRole.CLERK)
TECH = StaffMember("T0003", StaffRole.TECHNICIAN)


class FakeStaffReader(FakeDevice):
    def __init__(self) -> None:
        super().__init__("staff_card")
        self.reads: Script[StaffCard] = Script("read_staff_card")

    def read_staff_card(self, timeout: float) -> Operation[StaffCard]:
        return self.reads.start()

    def present(self, uid: str) -> None:
        card = Completion.success(StaffCard(uid))
        # a read its caller gave up on ends as cancelled, as a real reader's does, and
        # the card goes to the read still waiting
        while self.reads.pending and self.reads.pending[0].cancel_requested:
            self.reads.complete_pending(Completion.failure(CompletionCode.CANCELLED))
        if self.reads.pending:
            self.reads.complete_pending(card)
        else:
            self.reads.push(card)


class FakeDirectory:
    """Two staff and the gesture PIN; 3 wrong PINs lock a card."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.wrong: dict[str, int] = {}
        self.locked: set[str] = set()

    def check_pin(self, card: StaffCard | None, pin: str) -> PinCheck:
        key = card.uid if card else "gesture"
        with self._lock:
            if key in self.locked:
                return PinCheck(PinVerdict.LOCKED, locked_for_s=300)
            expected = {CLERK_CARD: (CLERK_PIN, CLERK), TECH_CARD: (TECH_PIN, TECH)}.get(
                key, (GESTURE_PIN, StaffMember("maintenance", StaffRole.TECHNICIAN))
            )
            if card is not None and key not in (CLERK_CARD, TECH_CARD):
                return PinCheck(PinVerdict.UNKNOWN_CARD)
            if pin == expected[0]:
                return PinCheck(PinVerdict.OK, expected[1])
            self.wrong[key] = self.wrong.get(key, 0) + 1
            if self.wrong[key] >= 3:
                self.locked.add(key)
                return PinCheck(PinVerdict.LOCKED, locked_for_s=300)
            return PinCheck(PinVerdict.WRONG, attempts_left=3 - self.wrong[key])


class MemoryAudit:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.entries: list[AuditEntry] = []

    def record(self, entry: AuditEntry) -> None:
        with self._lock:
            self.entries.append(entry)

    def recent(self, limit: int = 50) -> list[AuditEntry]:
        with self._lock:
            return list(reversed(self.entries))[:limit]

    def actions(self) -> list[tuple[str, str, str, str]]:
        with self._lock:
            return [(e.action, e.actor, e.compartment_id, e.case_ref) for e in self.entries]


class FakeDiagnostics:
    def __init__(self) -> None:
        self.checks = [
            HealthCheck("printer", True, "online"),
            HealthCheck(
                "lockers", False, "offline", Text("检查锁控板电源和串口线", "Check the lock board")
            ),
        ]

    def run_checks(self) -> list[HealthCheck]:
        return list(self.checks)

    def recent_log_lines(self, limit: int = 20) -> list[str]:
        return ["09:00:01 INFO state change"][:limit]
