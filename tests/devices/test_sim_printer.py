"""The simulated receipt printer."""

from __future__ import annotations

import threading

from device_contracts import (
    CompletionCode,
    DeviceState,
    PaperLow,
    Receipt,
    ReceiptLine,
    ReceiptPrinter,
    StatusChanged,
)
from devices.sim import SimReceiptPrinter
from tests.devices.conftest import DONE_S, Recorder

RECEIPT = Receipt((ReceiptLine("受理回执", bold=True), ReceiptLine("案件编号 X1")), qr="X1")


def test_prints_and_keeps_the_receipt(printer: SimReceiptPrinter) -> None:
    assert isinstance(printer, ReceiptPrinter)
    assert printer.print_receipt(RECEIPT, timeout=1).result(DONE_S).ok
    assert printer.printed == [RECEIPT]


def test_paper_out_is_no_media_and_shows_in_status(
    printer: SimReceiptPrinter, recorder: Recorder
) -> None:
    printer.subscribe(recorder)
    printer.paper_out = True
    status = printer.status()
    assert status.state is DeviceState.HARDWARE_ERROR and status.detail == "paper_out"
    assert recorder.of(StatusChanged)[-1].status == status
    completion = printer.print_receipt(RECEIPT, timeout=1).result(DONE_S)
    assert completion.code is CompletionCode.NO_MEDIA
    assert "打印纸" in completion.text.zh and "paper" in completion.text.en
    assert printer.printed == []
    printer.paper_out = False
    assert printer.status().state is DeviceState.ONLINE
    assert printer.print_receipt(RECEIPT, timeout=1).result(DONE_S).ok


def test_paper_low_is_an_event_and_printing_goes_on(
    printer: SimReceiptPrinter, recorder: Recorder
) -> None:
    printer.subscribe(recorder)
    printer.paper_low = True
    recorder.wait_for(PaperLow)
    assert printer.print_receipt(RECEIPT, timeout=1).result(DONE_S).ok


def test_empty_receipt_is_invalid(printer: SimReceiptPrinter) -> None:
    completion = printer.print_receipt(Receipt(()), timeout=1).result(DONE_S)
    assert completion.code is CompletionCode.INVALID_DATA


def test_timeout_and_cancel_print_nothing() -> None:
    printer = SimReceiptPrinter(print_delay=1.0)
    printer.open()
    assert printer.print_receipt(RECEIPT, 0.05).result(DONE_S).code is CompletionCode.TIMEOUT
    op = printer.print_receipt(RECEIPT, 5)
    threading.Timer(0.05, op.cancel).start()
    assert op.result(DONE_S).code is CompletionCode.CANCELLED
    assert printer.printed == []


def test_injected_fault(printer: SimReceiptPrinter) -> None:
    printer.fail_next(CompletionCode.HARDWARE_ERROR)
    completion = printer.print_receipt(RECEIPT, timeout=1).result(DONE_S)
    assert completion.code is CompletionCode.HARDWARE_ERROR and printer.printed == []
