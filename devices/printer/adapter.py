"""``ReceiptPrinter`` for ESC/POS printers through python-escpos.

Before each receipt the printer is asked for its status (``DLE EOT``): paper
out, cover open or offline refuse the job with a plain message (the flow
then shows the case code on screen and says the receipt could not be
printed); paper near its end prints and sends a PaperLow event. The bytes
themselves come from :mod:`devices.printer.encoder`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from device_contracts import (
    Completion,
    CompletionCode,
    DeviceState,
    DeviceStatus,
    Operation,
    PaperLow,
    Receipt,
    Text,
)
from devices._device_status import NOT_OPEN, NOT_OPEN_STATUS, ReportingDevice
from devices.printer import status as escpos_status
from devices.printer.backends import PrinterUrl, make_backend, parse_printer_url
from devices.printer.encoder import encode_receipt
from devices.qr.payload import PayloadKind, encode_payload, looks_like_payload

log = logging.getLogger(__name__)

PAPER_OUT = Text(
    "打印纸已用完，无法打印回执，请记下屏幕上的编码",
    "The printer is out of paper; please note the code shown on screen",
)
COVER_OPEN = Text(
    "打印机盖未关好，无法打印回执，请联系工作人员",
    "The printer cover is open; please ask staff for help",
)
NOT_ANSWERING = Text(
    "打印机无响应，无法打印回执，请记下屏幕上的编码",
    "The printer does not answer; please note the code shown on screen",
)
PRINTER_ERROR = Text(
    "打印机故障，请联系工作人员", "The printer has a fault, please ask staff for help"
)
EMPTY = Text("回执内容为空", "The receipt is empty")


class PrinterNotAnswering(Exception):
    """No status byte came back (or the transport failed)."""


@dataclass(frozen=True)
class EscPosSettings:
    """How long the printer may take to answer and how the receipt's QR code is printed."""

    #: connecting, and the status answer
    timeout_s: float = 3.0
    #: wrap the case code in the ZW1 payload (:mod:`devices.qr.payload`)
    qr_payload: bool = True
    #: QR module size in dots (1-16)
    qr_module: int = 6


class EscPosPrinter(ReportingDevice):
    """One ESC/POS printer at ``url``. Thread-safe; jobs queue on one lock."""

    driver = "escpos"

    def __init__(
        self, url: str, settings: EscPosSettings = EscPosSettings(), *, name: str = "printer"
    ) -> None:
        super().__init__(name)
        self.url = url
        self.target: PrinterUrl = parse_printer_url(url)
        self.settings = settings
        self._lock = threading.Lock()
        self._backend: Any = None
        self._opened = False
        self._low_reported = False

    # ------------------------------------------------------------ Device
    def open(self) -> None:
        self._opened = True
        with self._lock:
            try:
                self._connect()
                state = self._read_status()
            except PrinterNotAnswering as exc:
                self._disconnect()
                self._offline(str(exc))
                return
        self._show(state)

    def close(self) -> None:
        self._opened = False
        with self._lock:
            self._disconnect()
        self._set_status(NOT_OPEN_STATUS)

    def capabilities(self) -> Mapping[str, object]:
        return {
            "driver": self.driver,
            "transport": self.target.scheme,
            "paper_width_mm": 80,
            "qr": True,
            "cut": True,
            "paper_sensor": self.target.can_read_status,
        }

    # ------------------------------------------------------------ ReceiptPrinter
    def print_receipt(self, receipt: Receipt, timeout: float) -> Operation[None]:
        return Operation[None].spawn(
            f"{self.name}.print_receipt", lambda op: self._print(op, receipt), timeout=timeout
        )

    def job_bytes(self, receipt: Receipt) -> bytes:
        """Exactly what :meth:`print_receipt` sends for ``receipt`` (also for previews)."""
        qr = receipt.qr
        if qr and self.settings.qr_payload and not looks_like_payload(qr):
            qr = encode_payload(PayloadKind.RECEIPT, qr)
        return encode_receipt(receipt, qr_data=qr, qr_module=self.settings.qr_module)

    # ------------------------------------------------------------ internals
    def _print(self, op: Operation[None], receipt: Receipt) -> Completion[None]:
        if not self._opened:
            return Completion.failure(CompletionCode.DEVICE_NOT_READY, NOT_OPEN, "not open")
        if not receipt.lines and not receipt.qr:
            return Completion.failure(CompletionCode.INVALID_DATA, EMPTY, "empty receipt")
        try:
            job = self.job_bytes(receipt)
        except ValueError as exc:
            return Completion.failure(CompletionCode.INVALID_DATA, EMPTY, str(exc))
        with self._lock:
            try:
                self._connect()
                state = self._read_status()
                refusal = self._refusal(state)
                if refusal is None:
                    self._backend._raw(job)
                    log.info(
                        "receipt printed", extra={"bytes": len(job), "lines": len(receipt.lines)}
                    )
            except (PrinterNotAnswering, OSError) as exc:
                self._disconnect()
                self._offline(str(exc))
                return Completion.failure(
                    CompletionCode.DEVICE_NOT_READY, NOT_ANSWERING, "printer not answering"
                )
        self._show(state)
        if state.paper_near_end:
            op.emit(PaperLow(self.name))
        return refusal if refusal is not None else Completion.success(None)

    @staticmethod
    def _refusal(state: escpos_status.PrinterStatus) -> Completion[None] | None:
        if state.paper_out:
            return Completion.failure(CompletionCode.NO_MEDIA, PAPER_OUT, "paper out")
        if state.cover_open:
            return Completion.failure(CompletionCode.HARDWARE_ERROR, COVER_OPEN, "cover open")
        if state.error:
            return Completion.failure(CompletionCode.HARDWARE_ERROR, PRINTER_ERROR, "printer error")
        if state.offline:
            return Completion.failure(CompletionCode.DEVICE_NOT_READY, NOT_ANSWERING, "offline")
        return None

    def _connect(self) -> None:
        if self._backend is not None:
            return
        backend = make_backend(self.target, timeout_s=self.settings.timeout_s)
        try:
            backend.open()
        except Exception as exc:  # python-escpos raises its own DeviceNotFoundError and OSErrors
            raise PrinterNotAnswering(f"cannot connect: {type(exc).__name__}") from None
        self._backend = backend

    def _disconnect(self) -> None:
        backend, self._backend = self._backend, None
        if backend is not None:
            try:
                backend.close()
            except Exception:
                log.debug("printer close failed", exc_info=True)

    def _read_status(self) -> escpos_status.PrinterStatus:
        if not self.target.can_read_status:
            return escpos_status.PrinterStatus()
        replies: dict[int, bytes] = {}
        for n in (1, 2, 4):
            try:
                self._backend._raw(escpos_status.query(n))
                data: bytes = self._backend._read()
            except (OSError, TimeoutError) as exc:
                raise PrinterNotAnswering(f"status {n}: {type(exc).__name__}") from None
            if not data:
                raise PrinterNotAnswering(f"status {n}: no answer")
            replies[n] = bytes(data[-1:])  # the newest byte answers this query
        try:
            return escpos_status.decode_status(replies)
        except escpos_status.StatusFrameError as exc:
            raise PrinterNotAnswering(f"garbled status: {exc}") from None

    def _offline(self, detail: str) -> None:
        self._set_status(DeviceStatus(DeviceState.OFFLINE, detail, NOT_ANSWERING))

    def _show(self, state: escpos_status.PrinterStatus) -> None:
        if state.paper_out:
            status = DeviceStatus(DeviceState.HARDWARE_ERROR, "paper_out", PAPER_OUT)
        elif state.cover_open:
            status = DeviceStatus(DeviceState.HARDWARE_ERROR, "cover_open", COVER_OPEN)
        elif state.error:
            status = DeviceStatus(DeviceState.HARDWARE_ERROR, "error", PRINTER_ERROR)
        elif state.offline:
            status = DeviceStatus(DeviceState.OFFLINE, "offline", NOT_ANSWERING)
        else:
            status = DeviceStatus(DeviceState.ONLINE, "paper_low" if state.paper_near_end else "")
        self._set_status(status)
        if state.paper_near_end and not self._low_reported:
            self._tell(PaperLow(self.name))
        self._low_reported = state.paper_near_end
