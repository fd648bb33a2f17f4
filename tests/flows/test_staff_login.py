"""Staff mode headless: login, clerk retrieval and loading, technician maintenance."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from devices.base import Completion, CompletionCode, Text
from flows.domain import CaseEventKind, CaseStatus, CaseStatusKind, CaseSummary
from flows.handover import RetrievalOutcome
from flows.loop import ManualLoop
from flows.settings import FlowSettings
from flows.staff import FAULT_PREFIX, LiveTest, StaffFlow, StaffState
from tests.fakes.devices import FakeDevices
from tests.fakes.ledger import InMemoryLedger
from tests.fakes.platform import FakePlatform
from tests.fakes.staff import (
    CLERK_CARD,
    CLERK_PIN,
    GESTURE_PIN,
    TECH_CARD,
    TECH_PIN,
    FakeDiagnostics,
    FakeDirectory,
    FakeStaffReader,
    MemoryAudit,
)

S = StaffState
HUKOU = Text("户口迁入", "Hukou transfer")


@dataclass
class StaffEnv:
    devices: FakeDevices = field(default_factory=FakeDevices)
    platform: FakePlatform = field(default_factory=FakePlatform)
    ledger: InMemoryLedger = field(default_factory=InMemoryLedger)
    loop: ManualLoop = field(default_factory=ManualLoop)
    reader: FakeStaffReader = field(default_factory=FakeStaffReader)
    directory: FakeDirectory = field(default_factory=FakeDirectory)
    audit: MemoryAudit = field(default_factory=MemoryAudit)

    def __post_init__(self) -> None:
        self.flow = StaffFlow(
            self.devices.device_set(),
            self.platform,
            self.ledger,
            self.loop,
            "BJTZ-0001",
            directory=self.directory,
            audit=self.audit,
            diagnostics=FakeDiagnostics(),
            staff_reader=self.reader,
            settings=FlowSettings(staff_timeout=60),
        )

    def settle(self, state: StaffState) -> None:
        assert self.loop.run_until(lambda: self.flow.state is state, 3.0), (
            f"stuck in {self.flow.state}, wanted {state}"
        )

    def login(self, card: str = CLERK_CARD, pin: str = CLERK_PIN) -> None:
        self.flow.start()
        self.reader.present(card)
        self.settle(S.ENTERING_PIN)
        self.flow.enter_pin(pin)
        self.settle(S.MENU)


@pytest.fixture
def env() -> StaffEnv:
    return StaffEnv()


def test_clerk_logs_in_with_card_and_pin(env: StaffEnv) -> None:
    env.login()
    member = env.flow.session.member
    assert member is not None and member.staff_id == "C0107"
    assert ("login", "C0107", "", "") in env.audit.actions()


def test_wrong_pins_count_down_then_lock_the_card(env: StaffEnv) -> None:
    env.flow.start()
    env.reader.present(CLERK_CARD)
    env.settle(S.ENTERING_PIN)
    env.flow.enter_pin("111111")
    env.settle(S.ENTERING_PIN)
    assert env.loop.run_until(lambda: env.flow.session.message is not None)
    assert env.flow.session.pin_attempts_left == 2
    env.flow.enter_pin("12")  # malformed: refused without a try
    assert env.flow.state is S.ENTERING_PIN
    env.flow.enter_pin("222222")
    env.loop.run_until(lambda: env.flow.session.pin_attempts_left == 1)
    env.flow.enter_pin("333333")
    env.settle(S.LOCKED)
    assert env.flow.session.member is None
    env.flow.logout()
    assert env.flow.state is S.IDLE


def test_session_times_out_quickly_when_left(env: StaffEnv) -> None:
    env.login()
    env.loop.advance(59)
    assert env.flow.state is S.MENU
    env.loop.advance(2)
    assert env.flow.state is S.IDLE
    assert env.flow.session.member is None


def test_retrieval_opens_each_compartment_tells_the_platform_and_prints_a_slip(
    env: StaffEnv,
) -> None:
    env.ledger.allocate(env.devices.lockers.compartments(), _drop(), _s(), "CASE-20261122-000001")
    env.ledger.allocate(env.devices.lockers.compartments(), _drop(), _s(), "CASE-20261122-000002")
    env.platform.cases = [
        CaseSummary(
            "CASE-20261122-000001",
            "HJ001",
            HUKOU,
            CaseStatusKind.MATERIALS_DEPOSITED,
            "A01",
            "2026-11-22T21:03:00",
        ),
    ]
    env.login()
    env.flow.retrieve()
    env.settle(S.RETRIEVAL)
    items = env.flow.session.items
    assert [(i.compartment_id, i.case_ref) for i in items] == [
        ("A02", "CASE-20261122-000002"),  # still queued at the platform: no date yet
        ("A01", "CASE-20261122-000001"),
    ]
    assert items[1].matter_name == HUKOU

    env.flow.open_drop("A01")
    env.settle(S.DROP_OPEN)
    env.flow.confirm(RetrievalOutcome.TAKEN)
    env.settle(S.RETRIEVAL)
    env.flow.open_drop("A02")
    env.settle(S.DROP_OPEN)
    env.flow.confirm("missing")
    env.settle(S.RETRIEVAL)
    assert env.flow.session.pending == []
    env.flow.finish_retrieval()
    env.settle(S.MENU)

    assert env.loop.run_until(lambda: len(env.platform.events) == 2)
    kinds = {(e.kind, e.case_ref, e.actor) for e in env.platform.events}
    assert kinds == {
        (CaseEventKind.MATERIALS_RETRIEVED, "CASE-20261122-000001", "C0107"),
        (CaseEventKind.MATERIALS_MISSING, "CASE-20261122-000002", "C0107"),
    }
    assert env.ledger.assignments() == {}, "emptied compartments are free again"
    slip = env.devices.printer.printed[-1].plain_text()
    assert "材料交接单" in slip and "C0107" in slip
    assert "CASE-20261122-000001" in slip and "材料缺失" in slip
    actions = env.audit.actions()
    assert ("door_opened", "C0107", "A01", "CASE-20261122-000001") in actions
    assert ("door_closed", "C0107", "A02", "CASE-20261122-000002") in actions
    assert ("materials_missing", "C0107", "A02", "CASE-20261122-000002") in actions


def test_a_drop_door_that_will_not_open_stays_on_the_list(env: StaffEnv) -> None:
    env.ledger.allocate(env.devices.lockers.compartments(), _drop(), _s(), "CASE-1")
    env.devices.lockers.opens.push(Completion.failure(CompletionCode.HARDWARE_ERROR))
    env.login()
    env.flow.retrieve()
    env.settle(S.RETRIEVAL)
    env.flow.open_drop("A01")
    env.settle(S.RETRIEVAL)
    assert env.flow.session.message is not None
    assert len(env.flow.session.pending) == 1
    assert ("door_failed", "C0107", "A01", "CASE-1") in env.audit.actions()


def test_loading_reassigns_a_jammed_door_and_records_the_certificate(env: StaffEnv) -> None:
    code = "CASE-20261122-000007"
    env.platform.statuses[code] = CaseStatus(code, "HJ001", CaseStatusKind.APPROVED, "")
    env.devices.lockers.opens.push(
        Completion.failure(CompletionCode.HARDWARE_ERROR, detail="jammed")
    )
    env.devices.lockers.closes.default = None  # the clerk is still at the open door
    env.login()
    env.flow.load()
    env.settle(S.ENTERING_CASE)
    env.flow.enter_case("case-bad code")
    assert env.flow.state is S.ENTERING_CASE and env.flow.session.message is not None
    env.flow.enter_case(code)
    env.settle(S.LOADING_DOOR)
    compartment = env.flow.session.compartment
    assert compartment is not None and compartment.id == "B02"
    assert env.devices.lockers.opened == ["B01", "B02"]
    assert env.ledger.occupant("B01") == FAULT_PREFIX + "B01"
    assert env.ledger.occupant("B02") == code
    env.devices.lockers.closes.complete_pending(Completion.success(None))
    env.settle(S.LOADED)
    assert env.loop.run_until(lambda: bool(env.platform.events))
    event = env.platform.events[-1]
    assert (event.kind, event.case_ref, event.compartment_id, event.actor) == (
        CaseEventKind.CERTIFICATE_LOADED,
        code,
        "B02",
        "C0107",
    )
    assert ("door_failed", "C0107", "B01", code) in env.audit.actions()
    assert env.flow.session.loaded == [(code, "B02")]


def test_loading_refuses_a_case_that_is_not_approved(env: StaffEnv) -> None:
    env.login()
    env.flow.load()
    env.settle(S.ENTERING_CASE)
    env.flow.enter_case("CASE-20261122-000001")  # the fake says in_review
    assert env.loop.run_until(lambda: env.flow.session.message is not None)
    assert env.flow.state is S.ENTERING_CASE
    assert env.devices.lockers.opened == []


def test_loading_takes_the_case_code_from_the_scanner(env: StaffEnv) -> None:
    code = "CASE-20261122-000009"
    env.platform.statuses[code] = CaseStatus(code, "HJ001", CaseStatusKind.APPROVED, "")
    env.login()
    env.flow.load()
    env.settle(S.ENTERING_CASE)
    env.devices.qr_scanner.scans.complete_pending(Completion.success(code))
    env.settle(S.LOADED)
    assert env.flow.session.loaded == [(code, "B01")]


def test_a_clerk_cannot_enter_maintenance_and_a_technician_can(env: StaffEnv) -> None:
    env.login()
    env.flow.maintain()
    assert env.flow.state is S.MENU and env.flow.session.message is not None
    env.flow.logout()
    env.login(TECH_CARD, TECH_PIN)
    env.flow.retrieve()
    assert env.flow.state is S.MENU
    env.flow.maintain()
    env.settle(S.MAINTENANCE)
    assert env.loop.run_until(lambda: bool(env.flow.session.checks))
    assert [c.name for c in env.flow.session.checks] == ["printer", "lockers"]
    env.flow.run_test(LiveTest.PRINT)
    assert env.loop.run_until(lambda: not env.flow.session.tests[LiveTest.PRINT].running)
    assert env.flow.session.tests[LiveTest.PRINT].ok
    assert "打印机测试页" in env.devices.printer.printed[-1].plain_text()
    env.flow.run_test(LiveTest.DOOR)
    assert env.loop.run_until(lambda: not env.flow.session.tests[LiveTest.DOOR].running)
    assert env.devices.lockers.opened == ["A01"]
    env.flow.run_test(LiveTest.CAMERA)
    assert env.loop.run_until(lambda: env.flow.session.camera_frame is not None)


def test_hidden_gesture_and_maintenance_pin(env: StaffEnv) -> None:
    env.flow.start_gesture()
    assert env.flow.state is S.ENTERING_PIN
    env.flow.enter_pin(GESTURE_PIN)
    env.settle(S.MENU)
    env.flow.maintain()
    env.settle(S.MAINTENANCE)


def _drop():  # type: ignore[no-untyped-def]
    from devices.base import CompartmentRole

    return CompartmentRole.DROP


def _s():  # type: ignore[no-untyped-def]
    from devices.base import CompartmentSize

    return CompartmentSize.S
