"""The clerk's certificate loading, headless."""

from __future__ import annotations

import pytest

from device_contracts import Completion, CompletionCode
from flows.domain import CaseEventKind, CaseStatus, CaseStatusKind
from flows.staff import FAULT_PREFIX, StaffState
from tests.flows.test_staff_login import StaffEnv

S = StaffState


@pytest.fixture
def env() -> StaffEnv:
    return StaffEnv()


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
    env.flow.loading.enter_case("case-bad code")
    assert env.flow.state is S.ENTERING_CASE and env.flow.session.message is not None
    env.flow.loading.enter_case(code)
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
    env.flow.loading.enter_case("CASE-20261122-000001")  # the fake says in_review
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
