"""The technician's maintenance page, headless: the role guard, the checks, live tests."""

from __future__ import annotations

import pytest

from flows.staff import LiveTest, StaffState
from tests.fakes.staff import TECH_CARD, TECH_PIN
from tests.flows.test_staff_login import StaffEnv

S = StaffState


@pytest.fixture
def env() -> StaffEnv:
    return StaffEnv()


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
    env.flow.maintenance.run_test(LiveTest.PRINT)
    assert env.loop.run_until(lambda: not env.flow.session.tests[LiveTest.PRINT].running)
    assert env.flow.session.tests[LiveTest.PRINT].ok
    assert "打印机测试页" in env.devices.printer.printed[-1].plain_text()
    env.flow.maintenance.run_test(LiveTest.DOOR)
    assert env.loop.run_until(lambda: not env.flow.session.tests[LiveTest.DOOR].running)
    assert env.devices.lockers.opened == ["A01"]
    env.flow.maintenance.run_test(LiveTest.CAMERA)
    assert env.loop.run_until(lambda: env.flow.session.camera_frame is not None)
