"""The gateway's clock: local time (Alipay speaks Beijing time, ``yyyy-MM-dd HH:mm:ss``)
plus an offset the tests and tours move forward to expire a QR or a payment code
without waiting for it."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

#: how Alipay writes a time, in requests, answers, notifies and bills
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"


class SimClock:
    def __init__(self) -> None:
        self._offset_s = 0.0
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            offset = self._offset_s
        return datetime.now().replace(microsecond=0) + timedelta(seconds=offset)

    def stamp(self) -> str:
        return self.now().strftime(TIME_FORMAT)

    def advance(self, seconds: float) -> float:
        """Move the clock forward (never back: an expired QR stays expired); the new offset."""
        with self._lock:
            self._offset_s += max(0.0, seconds)
            return self._offset_s
