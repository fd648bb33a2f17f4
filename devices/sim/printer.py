"""A simulated receipt printer that keeps what it printed."""

from __future__ import annotations

from collections.abc import Mapping

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
from devices.sim._common import SimDevice, Wait

PAPER_OUT = Text("打印纸已用完，请联系工作人员", "The printer is out of paper, please ask staff")

MESSAGES: Mapping[CompletionCode, Text] = {
    CompletionCode.NO_MEDIA: PAPER_OUT,
    CompletionCode.TIMEOUT: Text("打印超时", "Printing took too long"),
    CompletionCode.INVALID_DATA: Text("回执内容为空", "The receipt is empty"),
    CompletionCode.HARDWARE_ERROR: Text(
        "打印机故障，请联系工作人员", "The printer has a fault, please ask staff for help"
    ),
}


class SimReceiptPrinter(SimDevice):
    """``ReceiptPrinter``; every receipt printed in full lands in :attr:`printed`.

    Controls: :attr:`paper_out` (NO_MEDIA, status HARDWARE_ERROR "paper_out"),
    :attr:`paper_low` (a PaperLow event when it turns on, and on each print while
    low), :meth:`fail_next`, :meth:`unplug` / :meth:`replug`.
    """

    def __init__(self, *, name: str = "printer", print_delay: float = 0.3) -> None:
        super().__init__(name, MESSAGES)
        self.print_delay = print_delay
        self.printed: list[Receipt] = []
        self._paper_out = False
        self._paper_low = False

    @property
    def paper_out(self) -> bool:
        return self._paper_out

    @paper_out.setter
    def paper_out(self, value: bool) -> None:
        with self._changed:
            self._paper_out = value
            self._changed.notify_all()
        self._refresh_status()

    @property
    def paper_low(self) -> bool:
        return self._paper_low

    @paper_low.setter
    def paper_low(self, value: bool) -> None:
        with self._lock:
            turned_on = value and not self._paper_low
            self._paper_low = value
        if turned_on:
            self._emit(PaperLow(self.name))

    def print_receipt(self, receipt: Receipt, timeout: float) -> Operation[None]:
        def precheck() -> Completion[None] | None:
            if self._paper_out:
                return self._failure(CompletionCode.NO_MEDIA, "paper out")
            if not receipt.lines and receipt.qr is None:
                return self._failure(CompletionCode.INVALID_DATA, "empty receipt")
            return None

        def work(op: Operation[None], deadline: float) -> Completion[None]:
            return self._print(op, deadline, receipt)

        # receipts queue in the printer rather than replace each other
        return self._start("print_receipt", timeout, work, exclusive=False, precheck=precheck)

    def _capabilities(self) -> Mapping[str, object]:
        return {"paper_width_mm": 80, "qr": True, "cut": True, "paper_sensor": True}

    def _fault_status(self) -> DeviceStatus | None:
        if self._paper_out:
            return DeviceStatus(DeviceState.HARDWARE_ERROR, "paper_out", PAPER_OUT)
        return None

    def _print(self, op: Operation[None], deadline: float, receipt: Receipt) -> Completion[None]:
        if self._paper_low:
            op.emit(PaperLow(self.name))
        waited = self._pause(op, self.print_delay, deadline)
        if waited is not Wait.READY:
            return self._ended(waited)
        with self._lock:
            if self._paper_out:  # ran out mid-receipt
                return self._failure(CompletionCode.NO_MEDIA, "paper out while printing")
            self.printed.append(receipt)
        return Completion.success(None)
