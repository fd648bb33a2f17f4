"""A simulated A4 document printer that keeps the PDFs it printed (the in-process stand-in
for a CUPS queue: ``devices/document_printer`` with its private cupsd is the real peer)."""

from __future__ import annotations

from collections.abc import Mapping

from device_contracts import (
    Completion,
    CompletionCode,
    DeviceState,
    DeviceStatus,
    Operation,
    PrintDocument,
    Text,
)
from devices.document_printer.queue_state import JOB_STUCK, PAPER_OUT, PRINTER_ERROR
from devices.sim._common import SimDevice, Wait

MESSAGES: Mapping[CompletionCode, Text] = {
    CompletionCode.NO_MEDIA: PAPER_OUT,
    CompletionCode.TIMEOUT: JOB_STUCK,
    CompletionCode.HARDWARE_ERROR: PRINTER_ERROR,
}


class SimDocumentPrinter(SimDevice):
    """``DocumentPrinter``; every document printed lands in :attr:`printed`.

    Controls: :attr:`paper_out` (NO_MEDIA, status HARDWARE_ERROR "paper_out"),
    :meth:`fail_next`, :meth:`unplug` / :meth:`replug`.
    """

    def __init__(self, *, name: str = "document_printer", print_delay: float = 0.5) -> None:
        super().__init__(name, MESSAGES)
        self.print_delay = print_delay
        self.printed: list[PrintDocument] = []
        self.paper_out = False

    def print_document(self, document: PrintDocument, timeout: float) -> Operation[None]:
        def precheck() -> Completion[None] | None:
            if self.paper_out:
                return self._failure(CompletionCode.NO_MEDIA, "paper out")
            return None

        def work(op: Operation[None], deadline: float) -> Completion[None]:
            waited = self._pause(op, self.print_delay, deadline)
            if waited is not Wait.READY:
                return self._ended(waited)
            with self._lock:
                self.printed.append(document)
            return Completion.success(None)

        return self._start("print_document", timeout, work, exclusive=False, precheck=precheck)

    def _capabilities(self) -> Mapping[str, object]:
        return {"paper": "A4"}

    def _fault_status(self) -> DeviceStatus | None:
        if self.paper_out:
            return DeviceStatus(DeviceState.HARDWARE_ERROR, "paper_out", PAPER_OUT)
        return None
