"""Plumbing every simulated adapter shares: one-shot faults, busy tracking and
cancel-aware waiting, on the status and listener base of every adapter.

Simulated devices behave like real ones on purpose: a device that was never
opened (or was "unplugged") refuses commands with DEVICE_NOT_READY, a new
command of the same kind supersedes the one still running, and every command
ends in exactly one completion with a plain bilingual message on failure. That
way the flows and the UI meet the same edge cases in the demo as on site.
"""

from __future__ import annotations

import enum
import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from device_contracts import (
    Completion,
    CompletionCode,
    DeviceEvent,
    DeviceState,
    DeviceStatus,
    Operation,
    Text,
)
from devices._device_status import NOT_OPEN, NOT_OPEN_STATUS, ReportingDevice

log = logging.getLogger(__name__)

T = TypeVar("T")

#: How often a waiting command re-checks for cancel. Cancel does not wake the
#: device's condition variable, so waits are sliced this thin.
POLL_S = 0.02

#: Extra time the Operation's own timer allows beyond the command's timeout. The
#: work enforces the deadline itself (so it can say *what* timed out, or report a
#: jam as HARDWARE_ERROR); the timer is only the backstop against a stuck thread.
BACKSTOP_S = 1.0

UNPLUGGED = Text(
    "设备未连接，请联系工作人员", "The device is not connected, please ask staff for help"
)


class Wait(enum.Enum):
    """How a wait inside a command ended."""

    READY = "ready"
    CANCELLED = "cancelled"
    TIMEOUT = "timeout"
    NOT_READY = "not_ready"  # the device was closed or unplugged meanwhile


class SimDevice(ReportingDevice):
    """Base of the simulated adapters; subclasses add their commands and controls."""

    driver = "sim"

    def __init__(self, name: str, messages: Mapping[CompletionCode, Text]) -> None:
        super().__init__(name)
        self._messages = dict(messages)
        # One lock guards all simulated state; the condition wakes waiting commands.
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        self._opened = False
        self._unplugged = False
        self._active: set[Operation[Any]] = set()
        self._running: dict[str, Operation[Any]] = {}
        self._faults: deque[tuple[CompletionCode, Text | None]] = deque()

    # ------------------------------------------------------------ Device protocol
    def open(self) -> None:
        with self._lock:
            self._opened = True
        self._refresh_status()

    def close(self) -> None:
        with self._lock:
            self._opened = False
            pending = list(self._active)
            self._changed.notify_all()
        for op in pending:
            op.cancel()
        self._refresh_status()

    def status(self) -> DeviceStatus:
        with self._lock:
            return self._compute_status()

    def capabilities(self) -> Mapping[str, object]:
        return {"driver": self.driver, **self._capabilities()}

    # ------------------------------------------------------------ test / demo controls
    def fail_next(self, code: CompletionCode, message: Text | None = None) -> None:
        """Make the next command end with ``code`` (one shot; calls queue up)."""
        if code is CompletionCode.SUCCESS:
            raise ValueError("fail_next needs a failure code")
        with self._lock:
            self._faults.append((code, message))

    def unplug(self) -> None:
        """Simulate a lost connection: status OFFLINE, commands DEVICE_NOT_READY."""
        with self._lock:
            self._unplugged = True
            self._changed.notify_all()
        self._refresh_status()

    def replug(self) -> None:
        with self._lock:
            self._unplugged = False
        self._refresh_status()

    # ------------------------------------------------------------ hooks for subclasses
    def _capabilities(self) -> Mapping[str, object]:
        return {}

    def _fault_status(self) -> DeviceStatus | None:
        """A device-specific fault state (e.g. paper out); called under the lock."""
        return None

    # ------------------------------------------------------------ helpers for subclasses
    @property
    def _connected(self) -> bool:
        return self._opened and not self._unplugged

    def _compute_status(self) -> DeviceStatus:
        if not self._opened:
            return NOT_OPEN_STATUS
        if self._unplugged:
            return DeviceStatus(DeviceState.OFFLINE, "unplugged", UNPLUGGED)
        fault = self._fault_status()
        if fault is not None:
            return fault
        if self._active:
            return DeviceStatus(DeviceState.BUSY)
        return DeviceStatus(DeviceState.ONLINE)

    def _emit(self, event: DeviceEvent) -> None:
        """Send an unsolicited event; a disconnected device reports nothing."""
        with self._lock:
            connected = self._connected
        if connected:
            self._tell(event)

    def _failure(self, code: CompletionCode, detail: str = "") -> Completion[T]:
        return Completion.failure(code, self._messages.get(code), detail)

    def _start(
        self,
        command: str,
        timeout: float,
        work: Callable[[Operation[T], float], Completion[T]],
        *,
        exclusive: bool = True,
        precheck: Callable[[], Completion[T] | None] | None = None,
    ) -> Operation[T]:
        """Run ``work(op, deadline)`` on its own thread as an Operation.

        ``exclusive``: a new command of this name cancels the one still running
        (a flow that retries must not race its own abandoned read).
        ``precheck`` runs after the readiness check, for refusals such as paper out.
        """
        deadline = time.monotonic() + max(timeout, 0.0)
        op_name = f"{self.name}.{command}"

        def run(op: Operation[T]) -> Completion[T]:
            with self._lock:
                self._active.add(op)
                fault = self._faults.popleft() if self._faults else None
                connected = self._connected
            self._refresh_status()
            try:
                if fault is not None:
                    code, message = fault
                    return Completion.failure(
                        code, message or self._messages.get(code), "injected fault"
                    )
                if not connected:
                    return self._not_ready()
                refusal = precheck() if precheck is not None else None
                if refusal is not None:
                    return refusal
                return work(op, deadline)
            finally:
                self._retire(op)

        op = Operation[T].spawn(op_name, run, timeout=max(timeout, 0.0) + BACKSTOP_S)
        with self._lock:
            # active from now, not from when a worker picks it up: a close() in
            # between must cancel it too
            self._active.add(op)
        op.add_done_callback(lambda _c: self._retire(op))
        if exclusive:
            with self._lock:
                previous = self._running.get(command)
                self._running[command] = op
            if previous is not None and not previous.done():
                log.debug("command superseded", extra={"operation": op_name})
                previous.cancel()
        return op

    def _retire(self, op: Operation[Any]) -> None:
        with self._lock:
            self._active.discard(op)
        self._refresh_status()

    def _not_ready(self) -> Completion[T]:
        with self._lock:
            message = NOT_OPEN if not self._opened else UNPLUGGED
        return Completion.failure(CompletionCode.DEVICE_NOT_READY, message, "not open or unplugged")

    def _wait_until(self, op: Operation[Any], ready: Callable[[], bool], deadline: float) -> Wait:
        """Wait for ``ready()`` (checked under the lock), a cancel, or the deadline."""
        with self._changed:
            while True:
                if op.cancel_requested:
                    return Wait.CANCELLED
                if not self._connected:
                    return Wait.NOT_READY
                if ready():
                    return Wait.READY
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return Wait.TIMEOUT
                self._changed.wait(min(remaining, POLL_S))

    def _pause(self, op: Operation[Any], seconds: float, deadline: float) -> Wait:
        """Spend ``seconds`` on simulated work, stopping early on cancel or at the deadline."""
        end = time.monotonic() + seconds
        if end <= deadline:
            return self._wait_until(op, lambda: time.monotonic() >= end, deadline)
        # the work needs longer than the caller allows: it runs into the deadline
        return self._wait_until(op, lambda: False, deadline)

    def _ended(
        self, result: Wait, timeout_code: CompletionCode = CompletionCode.TIMEOUT
    ) -> Completion[T]:
        """The completion for a wait that did not reach READY."""
        if result is Wait.CANCELLED:
            return self._failure(CompletionCode.CANCELLED, "cancelled")
        if result is Wait.NOT_READY:
            return self._not_ready()
        return self._failure(timeout_code, "deadline passed")
