"""Hostile scans (issue 13 item 14): non-ASCII digits in a code, a reader thread that dies.

Bytes go over a pty to the real serial adapter; the scanner must drop a bad line
and read the next one, and say offline if its reader thread is gone.
"""

from __future__ import annotations

import logging

import pytest

from device_contracts import CompletionCode, DeviceState, StatusChanged
from devices.qr import serial_scanner
from devices.qr.line_reader import LineError, LineReader
from devices.qr.payload import PayloadError, PayloadKind, decode_payload, encode_payload
from devices.qr.serial_scanner import SerialQrScanner
from devices.qr.sim_scanner import SimSerialScanner
from tests.devices.conftest import DONE_S, Recorder

#: Arabic-Indic one, fullwidth one, superscript two, Devanagari one: all "digits" to ``\d``
NON_ASCII_DIGITS = ("\u0661", "\uff11", "\u00b2", "\u0967")


@pytest.mark.parametrize("digit", NON_ASCII_DIGITS)
def test_a_non_ascii_version_digit_is_a_payload_error(digit: str) -> None:
    with pytest.raises(PayloadError):
        decode_payload(f"ZW{digit}:R:CASE-1:0000")


@pytest.mark.parametrize("digit", NON_ASCII_DIGITS)
def test_a_non_ascii_digit_with_a_matching_crc_is_still_refused(digit: str) -> None:
    """The checksum is of the ASCII body; a Unicode digit in the version is never a ZW1."""
    good = encode_payload(PayloadKind.RECEIPT, "CASE-1")
    with pytest.raises(PayloadError):
        decode_payload(good.replace("ZW1", f"ZW{digit}", 1))


@pytest.mark.parametrize("digit", NON_ASCII_DIGITS)
def test_a_scan_with_non_ascii_digits_is_dropped_and_the_next_code_arrives(
    digit: str,
    sim: SimSerialScanner,
    scanner: SerialQrScanner,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="devices.qr.serial_scanner")
    op = scanner.scan(timeout=5)
    sim.show(f"ZW{digit}:R:CASE-1:0000")
    assert op.result(DONE_S).code is CompletionCode.INVALID_DATA
    assert scanner.status().state is DeviceState.ONLINE

    op = scanner.scan(timeout=5)
    sim.show(encode_payload(PayloadKind.RECEIPT, "CASE-2"))
    assert op.result(DONE_S).value == "CASE-2"
    assert scanner.status().state is DeviceState.ONLINE
    logged = " ".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records)
    assert "CASE-1" not in logged  # a bad line is logged without its content


class _BrokenLineReader(LineReader):
    """A line reader with a bug that only a ``BOOM`` line reaches (a fault planted in a
    collaborator, so the scanner's own handling of a dying reader thread is what runs)."""

    def feed(self, data: bytes) -> list[str | LineError]:
        if b"BOOM" in data:
            raise RuntimeError("a bug in the line reader")
        return super().feed(data)


def test_a_dead_reader_thread_reports_offline(
    sim: SimSerialScanner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(serial_scanner, "LineReader", _BrokenLineReader)
    scanner = SerialQrScanner(sim.path)
    recorder = Recorder()
    scanner.open()
    try:
        scanner.subscribe(recorder)
        op = scanner.scan(timeout=5)
        sim.show("CASE-1")
        assert op.result(DONE_S).value == "CASE-1"
        assert scanner.status().state is DeviceState.ONLINE

        pending = scanner.scan(timeout=30)
        sim.show("BOOM")
        # a scan waiting on a dead reader ends at once instead of timing out
        assert pending.result(DONE_S).code is CompletionCode.DEVICE_NOT_READY
        status = scanner.status()
        assert status.state is DeviceState.OFFLINE
        assert status.detail == "reader stopped"
        heard = [e.status for e in recorder.of(StatusChanged)]
        assert heard[-1].state is DeviceState.OFFLINE  # listeners are told, not just asked
        assert scanner.scan(timeout=5).result(DONE_S).code is CompletionCode.DEVICE_NOT_READY
    finally:
        scanner.close()
