"""Which process owns sending from an outbox: an exclusive ``flock`` on a file
beside the database, held for the Outbox's life and released by the kernel when
the process dies (kill -9 included).

Only the owner may put rows left in ``sending`` back to ``queued``: another
process (a technician's ``kiosk outbox flush`` while the kiosk runs) must not
requeue what the kiosk is sending right now.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path


def try_own(db_path: Path) -> int | None:
    """The lock's file descriptor if this process now owns the outbox, else None."""
    fd = os.open(f"{db_path}.owner", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


def release(fd: int | None) -> None:
    if fd is not None:
        os.close(fd)  # closing the descriptor drops the flock
