"""A simulated QR/barcode scanner fed by :meth:`SimQrScanner.inject`."""

from __future__ import annotations

from collections.abc import Mapping

from device_contracts import CodeScanned, Completion, CompletionCode, Operation, Text
from devices.sim._common import SimDevice, Wait

MESSAGES: Mapping[CompletionCode, Text] = {
    CompletionCode.TIMEOUT: Text(
        "未扫描到二维码，请将二维码对准扫描口",
        "No code was read, please hold the QR code to the scanner",
    ),
    CompletionCode.HARDWARE_ERROR: Text(
        "扫码器故障，请联系工作人员", "The code scanner has a fault, please ask staff for help"
    ),
}


class SimQrScanner(SimDevice):
    """``QrScanner``: every injected code is a CodeScanned event and ends a pending scan.

    Codes are not buffered: like the real scanner, a code shown while nobody
    is scanning is only an event. Controls: :meth:`inject`, :meth:`fail_next`.
    """

    def __init__(self, *, name: str = "qr_scanner") -> None:
        super().__init__(name, MESSAGES)
        self._seq = 0
        self._last = ""

    def inject(self, text: str) -> None:
        """A code held to the scanner (ignored while the scanner is closed or unplugged)."""
        if not text:
            raise ValueError("a scanned code is never empty")
        with self._changed:
            if not self._connected:
                return
            self._seq += 1
            self._last = text
            self._changed.notify_all()
        self._emit(CodeScanned(self.name, text))

    def scan(self, timeout: float) -> Operation[str]:
        with self._lock:
            seen = self._seq  # taken now, so a code injected right after scan() counts

        def work(op: Operation[str], deadline: float) -> Completion[str]:
            waited = self._wait_until(op, lambda: self._seq > seen, deadline)
            if waited is not Wait.READY:
                return self._ended(waited)
            with self._lock:
                text = self._last
            op.emit(CodeScanned(self.name, text))
            return Completion.success(text)

        return self._start("scan", timeout, work)

    def _capabilities(self) -> Mapping[str, object]:
        return {"symbologies": ["qr", "code128"]}
