"""Platform time is Beijing time (UTC+8, no daylight saving): case codes carry the
Beijing date of acceptance and deadlines are Beijing dates.

Every time-dependent rule of the simulator (pickup-code validity, upload links,
lock-out windows) reads :func:`now`, so a test running the simulator in its own
process can let time pass with :func:`advance` instead of waiting or editing rows.
"""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

BEIJING = timezone(timedelta(hours=8), "Asia/Shanghai")

_lock = threading.Lock()
_offset = timedelta(0)


def now() -> datetime:
    with _lock:
        offset = _offset
    return datetime.now(BEIJING) + offset


def advance(delta: timedelta) -> None:
    """Move the simulator's clock forward by ``delta`` (tests only; never goes back)."""
    global _offset
    if delta < timedelta(0):
        raise ValueError("the simulator's clock only moves forward")
    with _lock:
        _offset += delta


def reset() -> None:
    """Back to real time (a test's teardown)."""
    global _offset
    with _lock:
        _offset = timedelta(0)
