"""The real locker adapters against simulated boards speaking the same bytes over a pty / TCP."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from device_contracts import (
    CompartmentRole,
    CompartmentSize,
    CompletionCode,
    DeviceState,
    DoorClosed,
    DoorOpened,
    DoorOutcome,
    DoorState,
    LockerBank,
)
from devices.lockers.adapter import LockerBankAdapter
from devices.lockers.audit import AuditLog, verify_audit_log
from devices.lockers.compartments import CompartmentMap
from devices.lockers.doors import DoorResult, unlock_and_confirm
from devices.lockers.link import BoardNotAnswering, LinkSettings, LockerLinkError, SensorPolarity
from devices.lockers.modbus_link import ModbusLink
from devices.lockers.rs485_bus import Rs485Bus
from devices.lockers.sim_board import Rs485BoardSim
from devices.lockers.sim_doors import SimDoors
from devices.lockers.sim_modbus_rtu import ModbusRtuSim
from devices.lockers.sim_modbus_tcp import ModbusTcpSim
from devices.registry import DeviceKind, build_device
from tests.devices.conftest import DONE_S, Recorder
from tests.devices.lockers.conftest import FAST, site


def never_cancel(_seconds: float) -> bool:
    return False


@pytest.fixture
def bus(boards: Rs485BoardSim) -> Iterator[Rs485Bus]:
    link = Rs485Bus(boards.path, LinkSettings(timeout_s=0.2, retries=1))
    yield link
    link.close()


def test_unlock_opens_the_door_and_the_sensor_confirms(
    boards: Rs485BoardSim, bus: Rs485Bus
) -> None:
    assert unlock_and_confirm(bus, 1, 24, FAST, wait=never_cancel) is DoorResult.OPENED
    assert bus.open_doors(1) == {24}
    assert boards.doors.unlocks == [(1, 24)]


def test_an_open_door_is_not_unlocked_again(boards: Rs485BoardSim, bus: Rs485Bus) -> None:
    boards.doors.force_open(1, 2)
    assert unlock_and_confirm(bus, 1, 2, FAST, wait=never_cancel) is DoorResult.ALREADY_OPEN
    assert boards.doors.unlocks == []


def test_a_jammed_door_is_reported_after_the_jam_timeout(
    boards: Rs485BoardSim, bus: Rs485Bus
) -> None:
    boards.doors.jam(1, 1)
    assert unlock_and_confirm(bus, 1, 1, FAST, wait=never_cancel) is DoorResult.JAMMED
    assert boards.doors.unlocks == [(1, 1)]  # the lock fired; unlocking is not opening


def test_a_silent_board_raises_board_not_answering(boards: Rs485BoardSim, bus: Rs485Bus) -> None:
    boards.doors.silence(2)
    with pytest.raises(BoardNotAnswering) as info:
        bus.open_doors(2)
    assert info.value.board == 2
    assert bus.open_doors(1) == frozenset()  # the other board on the line still answers


def test_low_polarity_wiring_reads_the_same_doors() -> None:
    sim = Rs485BoardSim(SimDoors({4}), polarity=SensorPolarity.LOW)
    link = Rs485Bus(sim.path, LinkSettings(timeout_s=0.2, polarity=SensorPolarity.LOW))
    try:
        assert link.open_doors(4) == frozenset()
        sim.doors.force_open(4, 3)
        assert link.open_doors(4) == {3}
    finally:
        link.close()
        sim.stop()


@pytest.mark.parametrize("transport", ["tcp", "rtu"])
def test_modbus_boards_open_and_report_doors(transport: str) -> None:
    doors = SimDoors({1, 2})
    sim: ModbusTcpSim | ModbusRtuSim = (
        ModbusTcpSim(doors) if transport == "tcp" else ModbusRtuSim(doors)
    )
    url = sim.url if isinstance(sim, ModbusTcpSim) else sim.path
    link = ModbusLink.from_url(url, LinkSettings(timeout_s=0.3, retries=0))
    try:
        assert unlock_and_confirm(link, 2, 5, FAST, wait=never_cancel) is DoorResult.OPENED
        assert link.open_doors(2) == {5}
        doors.jam(1, 1)
        assert unlock_and_confirm(link, 1, 1, FAST, wait=never_cancel) is DoorResult.JAMMED
        doors.silence(2)
        with pytest.raises(BoardNotAnswering):
            link.open_doors(2)
    finally:
        link.close()
        sim.stop()


# --------------------------------------------------------------------------- LockerBank


@pytest.fixture
def bank(boards: Rs485BoardSim, tmp_path) -> Iterator[LockerBankAdapter]:  # type: ignore[no-untyped-def]
    link = Rs485Bus(boards.path, LinkSettings(timeout_s=0.2, retries=1))
    adapter = LockerBankAdapter(link, site(), timing=FAST, audit=AuditLog(tmp_path / "audit.jsonl"))
    adapter.open()
    yield adapter
    adapter.close()


def test_the_adapter_is_a_locker_bank(bank: LockerBankAdapter) -> None:
    assert isinstance(bank, LockerBank)


def test_open_door_then_close_it(
    bank: LockerBankAdapter, boards: Rs485BoardSim, recorder: Recorder
) -> None:
    bank.subscribe(recorder)
    assert bank.open_door("A02", timeout=5).result(DONE_S).value is DoorOutcome.OPENED
    opened = recorder.wait_for(DoorOpened)
    assert (opened.compartment_id, opened.commanded) == ("A02", True)
    assert bank.door_state("A02") is DoorState.OPEN
    waiting = bank.wait_closed("A02", timeout=5)
    boards.doors.close_door(1, 2)
    assert waiting.result(DONE_S).ok
    assert recorder.wait_for(DoorClosed).compartment_id == "A02"


def test_open_door_on_an_open_door_says_already_open(
    bank: LockerBankAdapter, boards: Rs485BoardSim
) -> None:
    boards.doors.force_open(2, 1)
    assert bank.open_door("B01", timeout=5).result(DONE_S).value is DoorOutcome.ALREADY_OPEN


def test_a_jammed_door_ends_with_hardware_error_and_a_plain_message(
    bank: LockerBankAdapter, boards: Rs485BoardSim
) -> None:
    boards.doors.jam(1, 1)
    completion = bank.open_door("A01", timeout=5).result(DONE_S)
    assert completion.code is CompletionCode.HARDWARE_ERROR
    assert completion.text.zh == "柜门未能打开，请联系工作人员"


def test_a_door_left_open_times_out_wait_closed(bank: LockerBankAdapter) -> None:
    assert bank.open_door("A03", timeout=5).result(DONE_S).ok
    completion = bank.wait_closed("A03", timeout=0.2).result(DONE_S)
    assert completion.code is CompletionCode.TIMEOUT
    assert "left open" in completion.detail


def test_a_door_opened_without_a_command_is_a_tamper_alert(
    bank: LockerBankAdapter, boards: Rs485BoardSim, recorder: Recorder
) -> None:
    bank.subscribe(recorder)
    recorder.wait_for(type(recorder.events[0]))  # the status event on subscribe
    # wait until the monitor has read the closed doors once, then pry one open
    bank.poll_once()
    boards.doors.force_open(1, 1)
    event = recorder.wait_for(DoorOpened)
    assert (event.compartment_id, event.commanded) == ("A01", False)
    assert any(e["event"] == "door_tamper" for e in bank.audit.entries())


def test_a_board_that_does_not_answer_makes_commands_device_not_ready(
    bank: LockerBankAdapter, boards: Rs485BoardSim
) -> None:
    boards.doors.silence(2)
    completion = bank.open_door("B01", timeout=5).result(DONE_S)
    assert completion.code is CompletionCode.DEVICE_NOT_READY
    assert not bank.status().operational


def test_unknown_compartment_is_invalid_data(bank: LockerBankAdapter) -> None:
    assert bank.open_door("Z99", timeout=1).result(DONE_S).code is CompletionCode.INVALID_DATA


def test_every_command_and_event_is_in_a_verifiable_hash_chain(
    bank: LockerBankAdapter, boards: Rs485BoardSim, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    assert bank.open_door("A01", timeout=5).result(DONE_S).ok
    boards.doors.close_door(1, 1)
    assert bank.wait_closed("A01", timeout=5).result(DONE_S).ok
    bank.close()
    path = tmp_path / "audit.jsonl"
    events = [e["event"] for e in AuditLog(path).entries()]
    assert events[:3] == ["adapter_open", "unlock", "opened"] or "unlock" in events
    assert "door_closed" in events
    assert verify_audit_log(path).ok
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace('"board": 1', '"board": 2')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    check = verify_audit_log(path)
    assert (check.ok, check.bad_line) == (False, 2)


def test_a_reopened_audit_log_continues_the_chain(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "a.jsonl"
    AuditLog(path).append("one", compartment="A01")
    AuditLog(path).append("two", compartment="A01")
    assert verify_audit_log(path).entries == 2


def test_allocation_prefers_the_exact_size_then_bigger() -> None:
    m = CompartmentMap(site())
    assert m.allocate(CompartmentSize.S, CompartmentRole.DROP).id == "A01"  # type: ignore[union-attr]
    assert m.allocate(CompartmentSize.S, CompartmentRole.DROP, {"A01"}).id == "A02"  # type: ignore[union-attr]
    assert m.allocate(CompartmentSize.L, CompartmentRole.PICKUP) is None


def test_a_missing_port_is_offline_until_the_adapter_appears(
    boards: Rs485BoardSim, tmp_path: Path
) -> None:
    """The kiosk's driver: a USB-RS485 adapter missing at start (or unplugged later)
    leaves the lockers offline with the reason, and they come back by themselves."""
    port = tmp_path / "ttyUSB-lockers"  # a udev-style name that is not there yet
    with pytest.raises(LockerLinkError, match="cannot open"):
        Rs485Bus(str(port))  # the locker CLI: a missing port is an error at once
    bank = build_device(
        DeviceKind.LOCKERS,
        {"driver": "rs485", "port": str(port), "timeout_s": 0.2, "retries": 0, "poll_s": 0.05},
        site(),
    )
    bank.open()
    try:
        wait_for(lambda: bank.status().state is DeviceState.OFFLINE, "offline")
        print("no adapter:", bank.status().state.value, "-", bank.status().detail)
        assert "missing" in bank.status().detail
        port.symlink_to(boards.path)  # the adapter is plugged in
        wait_for(lambda: bank.status().state is DeviceState.ONLINE, "back online")
        completion = bank.open_door("A01", timeout=5).result(DONE_S)
        print("adapter back:", bank.status().state.value, "- open A01:", completion.code.value)
        assert completion.code is CompletionCode.SUCCESS
    finally:
        bank.close()


def wait_for(check: Callable[[], bool], what: str, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"never {what}"
        time.sleep(0.02)
