"""``DocumentPrinter`` for an A4 printer behind a CUPS queue.

Before each job the queue's state is read: paper out, door open, a stopped queue or
another error refuse the job with a plain message, as the receipt printer does.
After ``lp`` has taken it the job is watched until CUPS no longer lists it as not
completed; a queue that stops meanwhile, or a job still there after ``job_timeout_s``
(CUPS keeps a job pending when the device cannot be written), cancels it and fails.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass

from device_contracts import (
    Completion,
    CompletionCode,
    Operation,
    PaperLow,
    PrintDocument,
)
from devices._device_status import NOT_OPEN, NOT_OPEN_STATUS, ReportingDevice
from devices.document_printer.cups_client import CupsNotAnswering, CupsQueue, parse_queue_url
from devices.document_printer.queue_state import (
    JOB_STUCK,
    NOT_ANSWERING,
    QueueState,
    fault_status,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CupsSettings:
    #: each lp/lpstat command's wait for the server
    timeout_s: float = 5.0
    #: how long a job may stay unfinished before it is called stuck
    job_timeout_s: float = 60.0
    #: how often the job and the queue are looked at while it prints
    poll_s: float = 0.5


class CupsDocumentPrinter(ReportingDevice):
    """The queue at ``url`` (``ipp://HOST:PORT/printers/QUEUE``); one job at a time."""

    driver = "cups"

    def __init__(
        self, url: str, settings: CupsSettings | None = None, *, name: str = "document_printer"
    ) -> None:
        self.settings = settings or CupsSettings()
        self._queue = CupsQueue(parse_queue_url(url), self.settings.timeout_s)
        super().__init__(name)
        self.url = url
        self._lock = threading.Lock()
        self._opened = False
        self._low_reported = False

    # ------------------------------------------------------------ Device
    def open(self) -> None:
        self._opened = True
        self._read_and_show()

    def close(self) -> None:
        self._opened = False
        self._set_status(NOT_OPEN_STATUS)

    def capabilities(self) -> Mapping[str, object]:
        return {"driver": self.driver, "queue": self._queue.target.queue, "paper": "A4"}

    # ------------------------------------------------------------ DocumentPrinter
    def print_document(self, document: PrintDocument, timeout: float) -> Operation[None]:
        return Operation[None].spawn(
            f"{self.name}.print_document", lambda op: self._print(op, document), timeout=timeout
        )

    # ------------------------------------------------------------ internals
    def _print(self, op: Operation[None], document: PrintDocument) -> Completion[None]:
        if not self._opened:
            return Completion.failure(CompletionCode.DEVICE_NOT_READY, NOT_OPEN, "not open")
        with self._lock:
            state = self._read_and_show()
            if state is None:
                return _not_answering()
            refusal = state.refusal()
            if refusal is not None:
                return refusal
            try:
                job = self._queue.submit(document.pdf, document.title)
            except CupsNotAnswering as exc:
                self._offline(str(exc))
                return _not_answering()
            log.info("document queued", extra={"job": job, "bytes": len(document.pdf)})
            return self._watch(op, job)

    def _watch(self, op: Operation[None], job: str) -> Completion[None]:
        deadline = time.monotonic() + self.settings.job_timeout_s
        while True:
            try:
                if not self._queue.pending(job):
                    break
            except CupsNotAnswering as exc:
                self._offline(str(exc))
                return _not_answering()
            state = self._read_and_show()
            refusal = state.refusal() if state is not None else _not_answering()
            stuck = time.monotonic() > deadline
            if refusal is not None or stuck or op.wait_cancelled(self.settings.poll_s):
                self._queue.cancel(job)
                log.warning("print job stopped", extra={"job": job, "stuck": stuck})
                if refusal is not None:
                    return refusal
                if stuck:
                    self._set_status(
                        fault_status(CompletionCode.HARDWARE_ERROR, "stuck", JOB_STUCK)
                    )
                    return Completion.failure(CompletionCode.HARDWARE_ERROR, JOB_STUCK, "stuck")
                return Completion.failure(CompletionCode.CANCELLED, detail="cancelled")
        state = self._read_and_show()
        if state is not None and state.paper_low:
            op.emit(PaperLow(self.name))
        log.info("document printed", extra={"job": job})
        return Completion.success(None)

    def _read_and_show(self) -> QueueState | None:
        try:
            state = self._queue.state()
        except CupsNotAnswering as exc:
            self._offline(str(exc))
            return None
        self._set_status(state.device_status())
        if state.paper_low and not self._low_reported:
            self._tell(PaperLow(self.name))
        self._low_reported = state.paper_low
        return state

    def _offline(self, detail: str) -> None:
        self._set_status(fault_status(CompletionCode.DEVICE_NOT_READY, detail, NOT_ANSWERING))


def _not_answering() -> Completion[None]:
    return Completion.failure(CompletionCode.DEVICE_NOT_READY, NOT_ANSWERING, "not answering")
