"""Staff mode headless: the login every staff journey starts with (card + PIN, the
hidden gesture), its lockout and its timeout. ``StaffEnv`` serves the journeys' tests."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from flows.loop import ManualLoop
from flows.settings import FlowSettings
from flows.staff import StaffFlow, StaffState
from tests.fakes.devices import FakeDevices
from tests.fakes.ledger import InMemoryLedger
from tests.fakes.platform import FakePlatform
from tests.fakes.staff import (
    CLERK_CARD,
    CLERK_PIN,
    GESTURE_PIN,
    FakeDiagnostics,
    FakeDirectory,
    FakeStaffReader,
    MemoryAudit,
)

S = StaffState


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


def test_hidden_gesture_and_maintenance_pin(env: StaffEnv) -> None:
    env.flow.start_gesture()
    assert env.flow.state is S.ENTERING_PIN
    env.flow.enter_pin(GESTURE_PIN)
    env.settle(S.MENU)
    env.flow.maintain()
    env.settle(S.MAINTENANCE)
