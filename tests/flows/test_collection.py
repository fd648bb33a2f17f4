"""The collection journey against scripted fakes."""

from __future__ import annotations

import pytest

from device_contracts import (
    CompartmentRole,
    CompartmentSize,
    Completion,
    CompletionCode,
    DoorOutcome,
    Text,
)
from flows.collection import CollectionFlow, CollectionState
from flows.domain import CaseEventKind, PickupTicket
from tests.fakes.devices import OUT_OF_PAPER

from .conftest import Env

S = CollectionState
CODE = "482913"
CASE = "110112202611030000042"


@pytest.fixture
def flow(env: Env) -> CollectionFlow:
    env.platform.tickets[CODE] = PickupTicket(CASE, Text("社会保障卡补办", "Card"), "B01")
    # a clerk loaded the certificate into B01 (journey 5)
    env.ledger.allocate(
        env.devices.lockers.compartments(), CompartmentRole.PICKUP, CompartmentSize.M, CASE
    )
    return env.collection()


def test_happy_path(env: Env, flow: CollectionFlow) -> None:
    assert env.ledger.occupant("B01") == CASE
    flow.start()
    assert flow.state is S.ENTERING_CODE and flow.session.attempts_left == 5
    flow.enter_code(CODE)
    assert flow.state is S.VERIFYING
    env.settle(lambda: flow.state is S.DONE)

    assert flow.session.ticket is not None and flow.session.ticket.case_code == CASE
    assert env.devices.lockers.opened == ["B01"]
    [event] = env.platform.events
    assert event.kind is CaseEventKind.CERTIFICATE_COLLECTED
    assert event.case_ref == CASE and event.compartment_id == "B01"
    assert env.ledger.occupant("B01") is None and env.ledger.released == ["B01"]
    [receipt] = env.devices.printer.printed
    assert "取件回执" in receipt.plain_text() and CASE in receipt.plain_text()

    flow.finish()
    assert flow.state is S.IDLE and flow.session.ticket is None


def test_badly_formed_code_stays_on_keypad(env: Env, flow: CollectionFlow) -> None:
    flow.start()
    flow.enter_code("12ab")
    assert flow.state is S.ENTERING_CODE and flow.session.message is not None
    assert flow.session.attempts_left == 5


def test_wrong_code_message_and_attempts_decrease(env: Env, flow: CollectionFlow) -> None:
    flow.start()
    flow.enter_code("000000")
    env.settle(lambda: flow.state is S.ENTERING_CODE)
    assert flow.session.attempts_left == 4
    assert flow.session.message is not None and "取件码错误" in flow.session.message.zh
    assert "4" in flow.session.message.zh and flow.session.code == ""

    flow.enter_code(CODE)
    env.settle(lambda: flow.state is S.DONE)


def test_five_wrong_codes_end_the_session(env: Env, flow: CollectionFlow) -> None:
    flow.start()
    for left in (4, 3, 2, 1):
        flow.enter_code("000000")
        env.settle(lambda left=left: flow.session.attempts_left == left and not flow.session.busy)
        assert flow.state is S.ENTERING_CODE
    flow.enter_code("000000")
    env.settle(lambda: flow.state is S.FAILED)
    assert flow.session.attempts_left == 0
    assert flow.session.message is not None and "工作人员" in flow.session.message.zh
    flow.enter_code(CODE)  # no way on but cancel
    assert flow.state is S.FAILED
    flow.cancel()
    assert flow.state is S.IDLE
    assert env.devices.lockers.opened == []


def test_platform_unavailable(env: Env, flow: CollectionFlow) -> None:
    env.platform.online = False
    flow.start()
    flow.enter_code(CODE)
    env.settle(lambda: flow.state is S.ENTERING_CODE and not flow.session.busy)
    assert flow.session.message is not None
    assert flow.session.attempts_left == 5  # not the resident's fault
    env.platform.online = True
    flow.enter_code(CODE)
    env.settle(lambda: flow.state is S.DONE)


def test_door_jam_fails(env: Env, flow: CollectionFlow) -> None:
    env.devices.lockers.opens.push(
        Completion[DoorOutcome].failure(CompletionCode.HARDWARE_ERROR, detail="jammed")
    )
    flow.start()
    flow.enter_code(CODE)
    env.settle(lambda: flow.state is S.FAILED)
    assert flow.session.message is not None
    assert env.platform.events == []
    assert env.ledger.occupant("B01") == CASE  # the certificate is still inside
    flow.cancel()
    assert flow.state is S.IDLE


def test_printer_failure_is_tolerated(env: Env, flow: CollectionFlow) -> None:
    env.devices.printer.prints.push(OUT_OF_PAPER)
    flow.start()
    flow.enter_code(CODE)
    env.settle(lambda: flow.state is S.DONE)
    assert flow.session.receipt_failed
    assert [e.kind for e in env.platform.events] == [CaseEventKind.CERTIFICATE_COLLECTED]


def test_door_left_open_still_confirms(env: Env, flow: CollectionFlow) -> None:
    env.devices.lockers.closes.push(Completion[None].failure(CompletionCode.TIMEOUT))
    flow.start()
    flow.enter_code(CODE)
    env.settle(lambda: flow.state is S.DONE)
    assert env.ledger.occupant("B01") is None


def test_qr_scan_enters_the_code(env: Env, flow: CollectionFlow) -> None:
    flow.start()
    env.loop.run_pending()
    env.devices.qr_scanner.scans.complete_pending(
        Completion.success(f"https://zwfw.beijing.gov.cn/pickup?c={CODE}")
    )
    env.settle(lambda: flow.state is S.DONE)
    assert flow.session.ticket is not None


def test_stale_door_completion_after_cancel_is_ignored(env: Env, flow: CollectionFlow) -> None:
    env.devices.lockers.closes.default = None
    flow.start()
    flow.enter_code(CODE)
    env.settle(lambda: flow.state is S.COLLECTING and env.devices.lockers.closes.pending)
    flow.cancel()
    env.devices.lockers.closes.complete_pending(Completion.success(None))
    env.loop.run_pending()
    assert flow.state is S.IDLE and env.platform.events == []
