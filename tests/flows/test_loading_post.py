"""The clerk's loading skips a certificate the resident asked to be posted (物流服务):
refused with the reason before any pickup door opens, and the next case loads as usual."""

from __future__ import annotations

from flows import staff_messages as msg
from flows.domain import CaseStatus, CaseStatusKind
from flows.staff import StaffState
from tests.flows.test_staff_login import StaffEnv

S = StaffState


def test_a_case_by_post_opens_no_locker() -> None:
    env = StaffEnv()
    posted, locker = "CASE-20261207-000011", "CASE-20261207-000012"
    env.platform.statuses[posted] = CaseStatus(
        posted, "HJ001", CaseStatusKind.APPROVED, "", by_post=True
    )
    env.platform.statuses[locker] = CaseStatus(locker, "HJ001", CaseStatusKind.APPROVED, "")
    env.login()
    env.flow.load()
    env.settle(S.ENTERING_CASE)
    env.flow.loading.enter_case(posted)
    assert env.loop.run_until(lambda: env.flow.session.message == msg.CASE_BY_POST)
    assert env.flow.state is S.ENTERING_CASE
    assert env.devices.lockers.opened == [] and env.platform.events == []
    assert env.ledger.occupant("B01") is None

    env.flow.loading.enter_case(locker)
    env.settle(S.LOADED)
    assert env.flow.session.loaded == [(locker, "B01")]
