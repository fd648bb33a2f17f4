"""Behaviour every simulated adapter shares (shown on the printer and the ID reader)."""

from __future__ import annotations

import time

from device_contracts import (
    CompletionCode,
    DeviceState,
    Receipt,
    ReceiptLine,
    StatusChanged,
    Text,
)
from devices.sim import SimIdCardReader, SimReceiptPrinter
from tests.devices.conftest import DONE_S, Recorder

RECEIPT = Receipt((ReceiptLine("回执"),))


def test_a_new_listener_is_told_the_status_at_once(recorder: Recorder) -> None:
    printer = SimReceiptPrinter()
    printer.subscribe(recorder)
    assert recorder.of(StatusChanged)[-1].status.state is DeviceState.OFFLINE
    printer.open()
    assert recorder.of(StatusChanged)[-1].status.state is DeviceState.ONLINE
    assert printer.capabilities()["driver"] == "sim"


def test_commands_on_a_device_never_opened_are_refused() -> None:
    completion = SimReceiptPrinter().print_receipt(RECEIPT, timeout=1).result(DONE_S)
    assert completion.code is CompletionCode.DEVICE_NOT_READY
    assert completion.text.zh and completion.text.en


def test_unplugged_device_goes_offline_and_refuses(
    printer: SimReceiptPrinter, recorder: Recorder
) -> None:
    printer.subscribe(recorder)
    printer.unplug()
    assert printer.status().state is DeviceState.OFFLINE
    assert recorder.of(StatusChanged)[-1].status.state is DeviceState.OFFLINE
    assert printer.print_receipt(RECEIPT, 1).result(DONE_S).code is CompletionCode.DEVICE_NOT_READY
    printer.replug()
    assert printer.print_receipt(RECEIPT, 1).result(DONE_S).ok


def test_fail_next_is_one_shot_and_queues(printer: SimReceiptPrinter) -> None:
    printer.fail_next(CompletionCode.HARDWARE_ERROR)
    printer.fail_next(CompletionCode.TIMEOUT, Text("自定义", "custom"))
    first = printer.print_receipt(RECEIPT, 1).result(DONE_S)
    second = printer.print_receipt(RECEIPT, 1).result(DONE_S)
    third = printer.print_receipt(RECEIPT, 1).result(DONE_S)
    assert first.code is CompletionCode.HARDWARE_ERROR and "打印机" in first.text.zh
    assert second.code is CompletionCode.TIMEOUT and second.text.en == "custom"
    assert third.ok


def test_status_is_busy_while_a_command_runs(reader: SimIdCardReader, recorder: Recorder) -> None:
    reader.subscribe(recorder)
    op = reader.read_card(timeout=5)
    deadline = time.monotonic() + DONE_S
    while reader.status().state is not DeviceState.BUSY and time.monotonic() < deadline:
        time.sleep(0.01)
    assert reader.status().state is DeviceState.BUSY
    op.cancel()
    assert op.result(DONE_S).code is CompletionCode.CANCELLED
    deadline = time.monotonic() + DONE_S
    while reader.status().state is not DeviceState.ONLINE and time.monotonic() < deadline:
        time.sleep(0.01)
    states = [e.status.state for e in recorder.of(StatusChanged)]
    assert states[-2:] == [DeviceState.BUSY, DeviceState.ONLINE]


def test_a_new_command_supersedes_the_running_one(reader: SimIdCardReader) -> None:
    first = reader.read_card(timeout=5)
    second = reader.read_card(timeout=5)
    assert first.result(DONE_S).code is CompletionCode.CANCELLED
    reader.place_card(0)
    assert second.result(DONE_S).ok


def test_close_cancels_what_is_running(reader: SimIdCardReader) -> None:
    op = reader.read_card(timeout=5)
    reader.close()
    assert op.result(DONE_S).code is CompletionCode.CANCELLED
    assert reader.status().state is DeviceState.OFFLINE


def test_a_failing_listener_does_not_break_the_device(printer: SimReceiptPrinter) -> None:
    def broken(_event: object) -> None:
        raise RuntimeError("listener bug")

    printer.subscribe(broken)
    printer.paper_out = True  # emits to the broken listener
    assert printer.print_receipt(RECEIPT, 1).result(DONE_S).code is CompletionCode.NO_MEDIA
