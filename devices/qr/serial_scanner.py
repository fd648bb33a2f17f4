"""``QrScanner`` for serial (and USB-serial CDC) scanners: line-terminated text.

A reader thread turns lines into codes: a ZW payload is checked and its
code passed on (:mod:`devices.qr.payload`); bare text is passed as it came.
Every code is a CodeScanned event; a pending :meth:`scan` takes the next one.
A damaged payload ends a pending scan with INVALID_DATA.

The same thread owns the port: a port missing at start, or lost mid-read (the
scanner's USB cable pulled), leaves the scanner offline with the reason and is
tried again every :data:`REOPEN_S` until the scanner is back.

A scanned line is untrusted text: whatever goes wrong with one line is caught
for that line, logged without the line's content and dropped, and the reader
goes on. If the reader thread ends anyway (a bug outside the per-line
handling), the scanner says offline: :meth:`SerialQrScanner.status` follows
the thread's liveness, so it never reports online with no one reading.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
import traceback
from collections.abc import Mapping
from typing import Any

import serial

from device_contracts import (
    CodeScanned,
    Completion,
    CompletionCode,
    DeviceState,
    DeviceStatus,
    Operation,
    Text,
)
from devices._device_status import ReportingDevice
from devices.qr.line_reader import LineError, LineReader
from devices.qr.payload import PayloadError, code_from_scan

log = logging.getLogger(__name__)

NO_CODE = Text(
    "未扫描到二维码，请将二维码对准扫描口",
    "No code was read, please hold the QR code to the scanner",
)
BAD_CODE = Text(
    "二维码无法识别，请换一张或联系工作人员",
    "This code cannot be read, please try another or ask staff",
)
#: how often a missing port is tried again
REOPEN_S = 1.0

UNPLUGGED = Text(
    "扫码器未连接，请联系工作人员", "The code scanner is not connected, please ask staff for help"
)
READER_STOPPED = Text(
    "扫码器故障，请联系工作人员", "The code scanner has a fault, please ask staff for help"
)
#: the status of a scanner whose reader thread has ended while it was meant to run
DEAD_READER = DeviceStatus(DeviceState.OFFLINE, "reader stopped", READER_STOPPED)


class SerialQrScanner(ReportingDevice):
    driver = "serial"

    def __init__(
        self, port: str, *, name: str = "qr_scanner", baudrate: int = 9600, encoding: str = "utf-8"
    ) -> None:
        super().__init__(name)
        self.port = port
        self.baudrate = baudrate
        self.encoding = encoding
        self._serial: Any = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._changed = threading.Condition()
        self._seq = 0
        self._last: str | PayloadError | LineError = ""

    # ------------------------------------------------------------ Device
    def open(self) -> None:
        self._stop.clear()
        self._connect()
        self._thread = threading.Thread(target=self._read_loop, name=f"{self.name}-rx", daemon=True)
        self._thread.start()

    def _connect(self) -> bool:
        try:
            port = serial.serial_for_url(self.port, baudrate=self.baudrate, timeout=0.05)
        except (serial.SerialException, OSError, ValueError):
            self._set_status(
                DeviceStatus(DeviceState.OFFLINE, f"port {self.port} missing", UNPLUGGED)
            )
            return False
        with self._changed:
            self._serial = port
        self._set_status(DeviceStatus(DeviceState.ONLINE))
        return True

    def _disconnect(self) -> None:
        with self._changed:
            port, self._serial = self._serial, None
            self._changed.notify_all()  # a pending scan ends with "not connected"
        if port is not None:
            with contextlib.suppress(serial.SerialException, OSError):
                port.close()

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)
        self._disconnect()
        self._set_status(DeviceStatus(DeviceState.OFFLINE, "not open"))

    def status(self) -> DeviceStatus:
        if self._reader_died():
            return DEAD_READER
        return super().status()

    def _reader_died(self) -> bool:
        thread = self._thread
        return thread is not None and not thread.is_alive() and not self._stop.is_set()

    def capabilities(self) -> Mapping[str, object]:
        return {"driver": self.driver, "symbologies": ["qr", "code128"], "payload": "ZW1"}

    # ------------------------------------------------------------ QrScanner
    def scan(self, timeout: float) -> Operation[str]:
        with self._changed:
            seen = self._seq

        def work(op: Operation[str]) -> Completion[str]:
            deadline = time.monotonic() + timeout
            with self._changed:
                while self._seq == seen:
                    if op.cancel_requested:
                        return Completion.failure(CompletionCode.CANCELLED, detail="cancelled")
                    if self._serial is None or self._reader_died():
                        return Completion.failure(
                            CompletionCode.DEVICE_NOT_READY, UNPLUGGED, "not open"
                        )
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        return Completion.failure(CompletionCode.TIMEOUT, NO_CODE, "no code")
                    self._changed.wait(min(remaining, 0.05))
                last = self._last
            if isinstance(last, str):
                op.emit(CodeScanned(self.name, last))
                return Completion.success(last)
            return Completion.failure(CompletionCode.INVALID_DATA, BAD_CODE, type(last).__name__)

        return Operation[str].spawn(f"{self.name}.scan", work, timeout=timeout + 1.0)

    # ------------------------------------------------------------ reader
    def _read_loop(self) -> None:
        try:
            self._read_lines()
        except Exception as exc:
            # where it broke, never the message: that may quote the scanned text
            where = traceback.extract_tb(exc.__traceback__)[-1]
            log.error(
                "code scanner reader stopped",
                extra={"error": type(exc).__name__, "at": f"{where.filename}:{where.lineno}"},
            )
        finally:
            if not self._stop.is_set():  # ended by a fault, not by close()
                self._set_status(DEAD_READER)
                self._disconnect()  # a pending scan ends now, as "not ready"

    def _read_lines(self) -> None:
        reader = LineReader(encoding=self.encoding)
        while not self._stop.is_set():
            port = self._serial
            if port is None:
                if not self._stop.wait(REOPEN_S) and self._connect():
                    log.info("code scanner port opened again")
                    reader = LineReader(encoding=self.encoding)
                continue
            try:
                chunk: bytes = port.read(256)
            except (serial.SerialException, OSError, AttributeError, TypeError):
                if self._stop.is_set():
                    return  # closed under us by close()
                log.warning("code scanner port lost")
                self._disconnect()
                self._set_status(DeviceStatus(DeviceState.OFFLINE, "read failed", UNPLUGGED))
                continue
            for item in reader.feed(chunk):
                self._deliver(item)

    def _deliver(self, item: str | LineError) -> None:
        result: str | PayloadError | LineError
        if isinstance(item, LineError):
            result = item
        else:
            try:
                result = code_from_scan(item)
            except PayloadError as exc:
                result = exc
            except Exception as exc:
                # a line no check foresaw must not end the reader: it is a bad code, the
                # next one is read (logged by type only, never the scanned text)
                log.warning("code check failed", extra={"error": type(exc).__name__})
                result = PayloadError("code check failed")
        with self._changed:
            self._seq += 1
            self._last = result
            self._changed.notify_all()
        if isinstance(result, str):
            self._tell(CodeScanned(self.name, result))
        else:
            log.info("unreadable code", extra={"error": type(result).__name__})
