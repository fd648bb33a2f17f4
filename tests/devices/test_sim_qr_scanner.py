"""The simulated QR scanner."""

from __future__ import annotations

import threading

import pytest

from device_contracts import CodeScanned, CompletionCode, QrScanner
from devices.sim import SimQrScanner
from tests.devices.conftest import DONE_S, Recorder


def test_injected_code_completes_the_pending_scan(
    scanner: SimQrScanner, recorder: Recorder
) -> None:
    assert isinstance(scanner, QrScanner)
    scanner.subscribe(recorder)
    op = scanner.scan(timeout=2)
    op_events = Recorder()
    op.add_event_listener(op_events)
    scanner.inject("PICKUP-123456")
    assert op.result(DONE_S).value == "PICKUP-123456"
    assert recorder.wait_for(CodeScanned).text == "PICKUP-123456"
    assert op_events.wait_for(CodeScanned).text == "PICKUP-123456"


def test_a_code_injected_right_after_scan_is_not_lost(scanner: SimQrScanner) -> None:
    op = scanner.scan(timeout=2)
    scanner.inject("A")  # before the worker thread may even have started
    assert op.result(DONE_S).value == "A"


def test_codes_shown_while_not_scanning_are_only_events(
    scanner: SimQrScanner, recorder: Recorder
) -> None:
    scanner.subscribe(recorder)
    scanner.inject("EARLY")
    assert recorder.of(CodeScanned)[0].text == "EARLY"
    op = scanner.scan(timeout=0.1)
    assert op.result(DONE_S).code is CompletionCode.TIMEOUT  # not buffered


def test_timeout_cancel_and_fault(scanner: SimQrScanner) -> None:
    timed_out = scanner.scan(timeout=0.05).result(DONE_S)
    assert timed_out.code is CompletionCode.TIMEOUT and "二维码" in timed_out.text.zh
    op = scanner.scan(timeout=5)
    threading.Timer(0.05, op.cancel).start()
    assert op.result(DONE_S).code is CompletionCode.CANCELLED
    scanner.fail_next(CompletionCode.HARDWARE_ERROR)
    assert scanner.scan(timeout=1).result(DONE_S).code is CompletionCode.HARDWARE_ERROR


def test_closed_scanner_reads_nothing(recorder: Recorder) -> None:
    scanner = SimQrScanner()
    scanner.subscribe(recorder)
    scanner.inject("X")
    assert not recorder.of(CodeScanned)
    with pytest.raises(ValueError):
        scanner.inject("")
