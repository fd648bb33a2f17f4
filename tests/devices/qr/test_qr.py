"""QR payloads, the serial scanner against a simulated scanner on a pty, and camera decoding."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np
import pytest
import qrcode

from device_contracts import CodeScanned, CompletionCode, DeviceState, QrScanner
from devices.qr.camera import decode_frame
from devices.qr.line_reader import LineReader, LineTooLong
from devices.qr.payload import (
    ChecksumMismatch,
    PayloadError,
    PayloadKind,
    UnsupportedVersion,
    code_from_scan,
    decode_payload,
    encode_payload,
)
from devices.qr.serial_scanner import SerialQrScanner
from devices.qr.sim_scanner import SimSerialScanner
from tests.devices.conftest import DONE_S, Recorder


def test_payload_is_byte_exact_and_round_trips() -> None:
    text = encode_payload(PayloadKind.RECEIPT, "BJTZ-20261101-0001")
    assert text == "ZW1:R:BJTZ-20261101-0001:9D06"
    assert decode_payload(text).code == "BJTZ-20261101-0001"


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("ZW1:R:BJTZ-20261101-0001:9D07", ChecksumMismatch),
        ("ZW2:R:BJTZ-20261101-0001:9D06", UnsupportedVersion),
        ("ZW1:R::0000", PayloadError),
        ("ZW1:X:ABC:0000", PayloadError),
    ],
)
def test_damaged_payloads_are_rejected(text: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        decode_payload(text)


def test_bare_codes_pass_through() -> None:
    assert code_from_scan(" 123456 ") == "123456"
    assert code_from_scan(encode_payload(PayloadKind.PICKUP, "123456")) == "123456"


# the fuzz tests of the line reader and the payload decoder: tests/devices/qr/test_fuzz.py


def test_line_reader_splits_codes_and_drops_overlong_lines() -> None:
    reader = LineReader(max_length=8)
    assert reader.feed(b"AB\r\nCD\nEF") == ["AB", "CD"]
    out = reader.feed(b"GHIJKLMNOP\r\n")
    assert len(out) == 1 and isinstance(out[0], LineTooLong)


def test_scan_returns_the_checked_code(
    sim: SimSerialScanner, scanner: SerialQrScanner, recorder: Recorder
) -> None:
    assert isinstance(scanner, QrScanner)
    scanner.subscribe(recorder)
    op = scanner.scan(timeout=5)
    sim.show(encode_payload(PayloadKind.RECEIPT, "BJTZ-1"))
    assert op.result(DONE_S).value == "BJTZ-1"
    assert recorder.wait_for(CodeScanned).text == "BJTZ-1"


def test_a_damaged_payload_is_invalid_data(sim: SimSerialScanner, scanner: SerialQrScanner) -> None:
    op = scanner.scan(timeout=5)
    sim.show("ZW1:R:BJTZ-1:0000")
    completion = op.result(DONE_S)
    assert completion.code is CompletionCode.INVALID_DATA


def test_no_code_times_out(scanner: SerialQrScanner) -> None:
    assert scanner.scan(timeout=0.1).result(DONE_S).code is CompletionCode.TIMEOUT


def test_the_scanner_comes_back_after_its_port_goes_and_returns(tmp_path: Path) -> None:
    """Missing at start, then plugged in, then pulled mid-use, then plugged in again:
    offline with the reason each time, codes read each time it is back."""
    port = tmp_path / "ttyACM-scanner"  # a udev-style link, not there yet
    scanner = SerialQrScanner(str(port))
    scanner.open()
    first = SimSerialScanner()
    second: SimSerialScanner | None = None
    try:
        assert scanner.status().state is DeviceState.OFFLINE
        assert scanner.status().detail == f"port {port} missing"
        assert scanner.scan(timeout=1).result(DONE_S).code is CompletionCode.DEVICE_NOT_READY

        port.symlink_to(first.path)
        wait_until(lambda: scanner.status().state is DeviceState.ONLINE)
        op = scanner.scan(timeout=5)
        first.show("BJTZ-1")
        assert op.result(DONE_S).value == "BJTZ-1"

        port.unlink()
        first.stop()  # the cable is pulled: the pty goes away under the reader
        wait_until(lambda: scanner.status().state is DeviceState.OFFLINE)
        print("pulled:", scanner.status().detail)

        second = SimSerialScanner()
        port.symlink_to(second.path)
        wait_until(lambda: scanner.status().state is DeviceState.ONLINE)
        op = scanner.scan(timeout=5)
        second.show("BJTZ-2")
        assert op.result(DONE_S).value == "BJTZ-2"
    finally:
        scanner.close()
        first.stop()
        if second is not None:
            second.stop()


def wait_until(check: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "the scanner never got there"
        time.sleep(0.02)


def test_a_code_in_a_rotated_blurred_camera_frame_is_read() -> None:
    text = encode_payload(PayloadKind.APPOINTMENT, "YY-2026-77")
    img = qrcode.make(text, box_size=6).get_image().convert("L")
    frame = np.full((600, 600), 200, np.uint8)
    arr = np.array(img)
    frame[50 : 50 + arr.shape[0], 60 : 60 + arr.shape[1]] = arr
    rot = cv2.getRotationMatrix2D((300, 300), 17, 1.0)
    frame = cv2.warpAffine(frame, rot, (600, 600), borderValue=200)
    frame = cv2.GaussianBlur(frame, (3, 3), 0)
    assert decode_frame(cv2.cvtColor(frame, cv2.COLOR_GRAY2BGR)) == text
    assert decode_frame(np.full((100, 100), 255, np.uint8)) is None
