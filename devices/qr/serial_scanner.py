"""``QrScanner`` for serial (and USB-serial CDC) scanners: line-terminated text.

A reader thread turns lines into codes: a ZW payload is checked and its
code passed on (:mod:`devices.qr.payload`); bare text is passed as it came.
Every code is a CodeScanned event; a pending :meth:`scan` takes the next one.
A damaged payload ends a pending scan with INVALID_DATA.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Mapping
from typing import Any

import serial

from devices._device_status import StatusBoard
from devices.base import (
    CodeScanned,
    Completion,
    CompletionCode,
    DeviceState,
    DeviceStatus,
    Listener,
    Operation,
    Text,
    Unsubscribe,
)
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
UNPLUGGED = Text(
    "扫码器未连接，请联系工作人员", "The code scanner is not connected, please ask staff for help"
)


class SerialQrScanner:
    driver = "serial"

    def __init__(
        self, port: str, *, name: str = "qr_scanner", baudrate: int = 9600, encoding: str = "utf-8"
    ) -> None:
        self.name = name
        self.port = port
        self.baudrate = baudrate
        self.encoding = encoding
        self._status = StatusBoard(name)
        self._serial: Any = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._changed = threading.Condition()
        self._seq = 0
        self._last: str | PayloadError | LineError = ""

    # ------------------------------------------------------------ Device
    def open(self) -> None:
        try:
            self._serial = serial.serial_for_url(self.port, baudrate=self.baudrate, timeout=0.05)
        except (serial.SerialException, OSError, ValueError) as exc:
            self._status.set(DeviceStatus(DeviceState.OFFLINE, f"cannot open: {exc}", UNPLUGGED))
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._read_loop, name=f"{self.name}-rx", daemon=True)
        self._thread.start()
        self._status.set(DeviceStatus(DeviceState.ONLINE))

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)
        if self._serial is not None:
            self._serial.close()
            self._serial = None
        with self._changed:
            self._changed.notify_all()
        self._status.set(DeviceStatus(DeviceState.OFFLINE, "not open"))

    def status(self) -> DeviceStatus:
        return self._status.current

    def capabilities(self) -> Mapping[str, object]:
        return {"driver": self.driver, "symbologies": ["qr", "code128"], "payload": "ZW1"}

    def subscribe(self, listener: Listener) -> Unsubscribe:
        return self._status.subscribe(listener)

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
                    if self._serial is None:
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
        reader = LineReader(encoding=self.encoding)
        while not self._stop.is_set():
            try:
                chunk: bytes = self._serial.read(256)
            except (serial.SerialException, OSError, AttributeError, TypeError):
                self._status.set(DeviceStatus(DeviceState.OFFLINE, "read failed", UNPLUGGED))
                return
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
        with self._changed:
            self._seq += 1
            self._last = result
            self._changed.notify_all()
        if isinstance(result, str):
            self._status.emit(CodeScanned(self.name, result))
        else:
            log.info("unreadable code", extra={"error": type(result).__name__})
