"""What ``lpstat -l -p QUEUE`` says about a CUPS queue, and what it means for a job.

The first line says whether the queue is enabled (``printer A4 is idle.  enabled
since ...``, ``printer A4 disabled since ... -``, the next line then the reason
staff gave); the ``Alerts:`` line lists the IPP printer-state-reasons (RFC 8011
5.4.12), each possibly ending in ``-error``, ``-warning`` or ``-report``. Only
errors stop a job; ``media-low`` is told to staff as paper running low.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from device_contracts import Completion, CompletionCode, DeviceState, DeviceStatus, Text

PAPER_OUT = Text(
    "打印机缺纸，无法打印证照，请联系工作人员",
    "The printer is out of paper; please ask staff for help",
)
COVER_OPEN = Text(
    "打印机盖未关好，无法打印证照，请联系工作人员",
    "The printer door is open; please ask staff for help",
)
NOT_ANSWERING = Text(
    "打印机暂停服务，无法打印证照，请联系工作人员",
    "The printer is not taking jobs; please ask staff for help",
)
PRINTER_ERROR = Text(
    "打印机故障，无法打印证照，请联系工作人员",
    "The printer has a fault; please ask staff for help",
)
JOB_STUCK = Text("打印任务未完成，请联系工作人员", "The print job did not finish; ask staff")

_FIRST_LINE = re.compile(r"^printer (?P<queue>\S+) (?P<rest>.*)$")
_SEVERITY = re.compile(r"-(error|warning|report)$")
#: reasons that say the paper is out (RFC 8011 and PWG 5100.9 keywords)
_NO_PAPER = frozenset({"media-empty", "media-needed", "input-tray-missing"})
_DOOR = frozenset({"door-open", "cover-open", "interlock-open"})
_OFFLINE = frozenset({"offline", "paused", "shutdown", "stopped", "connecting-to-device"})


class LpstatParseError(ValueError):
    """``lpstat`` answered something that is not a queue's state."""


@dataclass(frozen=True)
class QueueState:
    """One queue as ``lpstat`` reports it."""

    enabled: bool
    #: the printer-state-reasons, severity suffix kept (``media-empty-error``)
    reasons: tuple[str, ...] = ()
    #: why staff disabled it, or the printer's own message
    message: str = ""

    def _errors(self) -> set[str]:
        # a reason without a suffix is an error too (CUPS lists "offline-report" but
        # also bare "paused"); warnings and reports do not stop a job
        return {
            _SEVERITY.sub("", r)
            for r in self.reasons
            if r.endswith("-error") or not _SEVERITY.search(r)
        }

    @property
    def paper_low(self) -> bool:
        return any(_SEVERITY.sub("", r) == "media-low" for r in self.reasons)

    def refusal(self) -> Completion[None] | None:
        """Why a job cannot print now, in the receipt printer's codes; None: it can."""
        errors = self._errors() - {"none"}
        if errors & _NO_PAPER:
            return Completion.failure(CompletionCode.NO_MEDIA, PAPER_OUT, "media empty")
        if errors & _DOOR:
            return Completion.failure(CompletionCode.HARDWARE_ERROR, COVER_OPEN, "door open")
        if not self.enabled or errors & _OFFLINE:
            return Completion.failure(CompletionCode.DEVICE_NOT_READY, NOT_ANSWERING, "stopped")
        if errors - {"media-low"}:
            detail = "printer error: " + ",".join(sorted(errors))
            return Completion.failure(CompletionCode.HARDWARE_ERROR, PRINTER_ERROR, detail)
        return None

    def device_status(self) -> DeviceStatus:
        refusal = self.refusal()
        if refusal is None:
            return DeviceStatus(DeviceState.ONLINE, "paper_low" if self.paper_low else "")
        return fault_status(refusal.code, refusal.detail, refusal.message)


def fault_status(code: CompletionCode, detail: str, message: Text | None) -> DeviceStatus:
    """The status a failed job leaves: offline when the queue does not take jobs, a
    hardware error otherwise (as the receipt printer's)."""
    offline = code is CompletionCode.DEVICE_NOT_READY
    state = DeviceState.OFFLINE if offline else DeviceState.HARDWARE_ERROR
    return DeviceStatus(state, detail, message)


def parse_lpstat(text: str) -> QueueState:
    """The state of the one queue ``lpstat -l -p QUEUE`` describes (run with LANG=C)."""
    lines = text.splitlines()
    head = _FIRST_LINE.match(lines[0]) if lines else None
    if head is None:
        raise LpstatParseError("no 'printer ...' line")
    rest = head["rest"]
    enabled = " enabled since " in rest or rest.startswith("enabled")
    if not enabled and " disabled since " not in rest and not rest.startswith("disabled"):
        raise LpstatParseError("neither enabled nor disabled")
    reasons: tuple[str, ...] = ()
    message = ""
    for i, line in enumerate(lines[1:]):
        stripped = line.strip()
        if stripped.startswith("Alerts:"):
            reasons = tuple(r for r in stripped.removeprefix("Alerts:").split() if r != "none")
        elif i == 0 and not enabled and ":" not in stripped:
            message = stripped  # the reason staff gave with cupsdisable -r
    return QueueState(enabled=enabled, reasons=reasons, message=message)
