"""The simulated locker bank and its door physics."""

from __future__ import annotations

import threading
import time

import pytest

from device_contracts import (
    CompletionCode,
    DoorClosed,
    DoorOpened,
    DoorOutcome,
    DoorState,
    LockerBank,
)
from devices.sim import SimLockerBank
from tests.devices.conftest import DONE_S, Recorder, compartments


def test_compartments_and_doors_start_closed(lockers: SimLockerBank) -> None:
    assert isinstance(lockers, LockerBank)
    assert [c.id for c in lockers.compartments()] == ["A01", "A02", "B01"]
    assert all(lockers.door_state(c.id) is DoorState.CLOSED for c in lockers.compartments())
    assert lockers.door_state("Z99") is DoorState.UNKNOWN
    assert lockers.capabilities()["boards"] == [1, 2]


def test_open_then_already_open(lockers: SimLockerBank, recorder: Recorder) -> None:
    lockers.subscribe(recorder)
    op = lockers.open_door("A01", timeout=1)
    op_events = Recorder()
    op.add_event_listener(op_events)
    assert op.result(DONE_S).value is DoorOutcome.OPENED
    assert lockers.door_state("A01") is DoorState.OPEN
    opened = recorder.wait_for(DoorOpened)
    assert opened.compartment_id == "A01" and opened.commanded
    again = lockers.open_door("A01", timeout=1).result(DONE_S)
    assert again.value is DoorOutcome.ALREADY_OPEN
    assert len(recorder.of(DoorOpened)) == 1


def test_wait_closed_completes_when_the_door_is_shut(
    lockers: SimLockerBank, recorder: Recorder
) -> None:
    lockers.subscribe(recorder)
    lockers.open_door("A02", timeout=1).result(DONE_S).unwrap()
    op = lockers.wait_closed("A02", timeout=2)
    time.sleep(0.05)
    assert not op.done()
    lockers.close_door("A02")
    assert op.result(DONE_S).ok
    assert recorder.wait_for(DoorClosed).compartment_id == "A02"
    assert lockers.door_state("A02") is DoorState.CLOSED
    # a closed door: done at once
    assert lockers.wait_closed("A02", timeout=1).result(DONE_S).ok


def test_door_left_open_times_out(lockers: SimLockerBank) -> None:
    lockers.open_door("A01", timeout=1).result(DONE_S).unwrap()
    completion = lockers.wait_closed("A01", timeout=0.1).result(DONE_S)
    assert completion.code is CompletionCode.TIMEOUT
    assert "柜门" in completion.text.zh and "door" in completion.text.en


def test_demo_door_closes_by_itself(recorder: Recorder) -> None:
    lockers = SimLockerBank(compartments(), open_delay=0.01, auto_close_after=0.1)
    lockers.open()
    lockers.subscribe(recorder)
    lockers.open_door("B01", timeout=1).result(DONE_S).unwrap()
    assert lockers.wait_closed("B01", timeout=2).result(DONE_S).ok
    assert recorder.wait_for(DoorClosed).compartment_id == "B01"
    lockers.close()


def test_forced_door_is_a_tamper_alert(lockers: SimLockerBank, recorder: Recorder) -> None:
    lockers.subscribe(recorder)
    lockers.force_open("B01")
    event = recorder.wait_for(DoorOpened)
    assert event.compartment_id == "B01" and not event.commanded
    assert lockers.door_state("B01") is DoorState.OPEN


def test_jammed_door_is_a_hardware_error_at_the_timeout(
    lockers: SimLockerBank, recorder: Recorder
) -> None:
    lockers.subscribe(recorder)
    lockers.jam("A01")
    started = time.monotonic()
    completion = lockers.open_door("A01", timeout=0.2).result(DONE_S)
    assert completion.code is CompletionCode.HARDWARE_ERROR
    assert time.monotonic() - started >= 0.19
    assert "柜门" in completion.text.zh
    assert lockers.door_state("A01") is DoorState.CLOSED and not recorder.of(DoorOpened)
    lockers.clear_jam("A01")
    assert lockers.open_door("A01", timeout=1).result(DONE_S).value is DoorOutcome.OPENED


def test_unknown_compartment(lockers: SimLockerBank) -> None:
    assert lockers.open_door("Z9", 1).result(DONE_S).code is CompletionCode.INVALID_DATA
    assert lockers.wait_closed("Z9", 1).result(DONE_S).code is CompletionCode.INVALID_DATA
    with pytest.raises(KeyError):
        lockers.close_door("Z9")


def test_cancel_and_fault(lockers: SimLockerBank) -> None:
    lockers.open_door("A01", timeout=1).result(DONE_S).unwrap()
    op = lockers.wait_closed("A01", timeout=5)
    threading.Timer(0.05, op.cancel).start()
    assert op.result(DONE_S).code is CompletionCode.CANCELLED
    lockers.fail_next(CompletionCode.HARDWARE_ERROR)
    assert lockers.open_door("A02", 1).result(DONE_S).code is CompletionCode.HARDWARE_ERROR
    assert lockers.door_state("A02") is DoorState.CLOSED


def test_unplugged_board_has_no_door_readings(lockers: SimLockerBank) -> None:
    lockers.unplug()
    assert lockers.door_state("A01") is DoorState.UNKNOWN
    assert lockers.open_door("A01", 1).result(DONE_S).code is CompletionCode.DEVICE_NOT_READY


def test_duplicate_ids_are_refused() -> None:
    with pytest.raises(ValueError, match="A01"):
        SimLockerBank([*compartments(), compartments()[0]])
