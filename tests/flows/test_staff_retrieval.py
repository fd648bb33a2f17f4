"""The clerk's retrieval of the drop compartments, headless."""

from __future__ import annotations

import pytest

from device_contracts import Completion, CompletionCode, Text
from flows.domain import CaseEventKind, CaseStatusKind, CaseSummary
from flows.handover import RetrievalOutcome
from flows.staff import StaffState
from tests.flows.test_staff_login import StaffEnv

S = StaffState
HUKOU = Text("户口迁入", "Hukou transfer")


@pytest.fixture
def env() -> StaffEnv:
    return StaffEnv()


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

    env.flow.retrieval.open_drop("A01")
    env.settle(S.DROP_OPEN)
    env.flow.retrieval.confirm(RetrievalOutcome.TAKEN)
    env.settle(S.RETRIEVAL)
    env.flow.retrieval.open_drop("A02")
    env.settle(S.DROP_OPEN)
    env.flow.retrieval.confirm("missing")
    env.settle(S.RETRIEVAL)
    assert env.flow.session.pending == []
    env.flow.retrieval.finish_retrieval()
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
    env.flow.retrieval.open_drop("A01")
    env.settle(S.RETRIEVAL)
    assert env.flow.session.message is not None
    assert len(env.flow.session.pending) == 1
    assert ("door_failed", "C0107", "A01", "CASE-1") in env.audit.actions()


def _drop():  # type: ignore[no-untyped-def]
    from device_contracts import CompartmentRole

    return CompartmentRole.DROP


def _s():  # type: ignore[no-untyped-def]
    from device_contracts import CompartmentSize

    return CompartmentSize.S
