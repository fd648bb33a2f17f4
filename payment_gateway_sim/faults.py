"""Faults a test or tour arms for the next call(s) of one gateway method: the answer
delayed while the work still commits (the kiosk times out, then finds the trade paid),
20000 service busy (nothing done), a broken answer signature (the SDK must refuse it),
and "ask for the password" on the next payment-code pay (10003 USERPAYING)."""

from __future__ import annotations

import enum
import threading
from dataclasses import dataclass


class FaultKind(enum.StrEnum):
    DELAY = "delay"
    BUSY = "busy"
    BAD_SIGN = "bad_sign"
    PASSWORD = "password"


@dataclass
class _Armed:
    times: int
    seconds: float


class FaultSwitch:
    def __init__(self) -> None:
        self._armed: dict[tuple[str, FaultKind], _Armed] = {}
        self._lock = threading.Lock()

    def arm(self, method: str, kind: FaultKind, *, times: int = 1, seconds: float = 0.0) -> None:
        with self._lock:
            self._armed[(method, kind)] = _Armed(max(1, times), max(0.0, seconds))

    def take(self, method: str, kind: FaultKind) -> float | None:
        """Use one arming of ``kind`` on ``method``: its seconds (0 for all but DELAY), or
        None when nothing is armed."""
        with self._lock:
            armed = self._armed.get((method, kind))
            if armed is None:
                return None
            armed.times -= 1
            if armed.times <= 0:
                del self._armed[(method, kind)]
            return armed.seconds

    def clear(self) -> None:
        with self._lock:
            self._armed.clear()
