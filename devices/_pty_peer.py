"""A simulated serial device on a pseudo-terminal: the adapter opens ``path`` with pyserial
exactly as it would open ``/dev/ttyUSB0``, and a thread plays the device on the other end."""

from __future__ import annotations

import contextlib
import logging
import os
import select
import threading
import tty
from collections.abc import Callable

log = logging.getLogger(__name__)


class PtyPeer:
    """Calls ``on_bytes(chunk)`` for everything the adapter writes; writes what it returns."""

    def __init__(
        self, on_bytes: Callable[[bytes], bytes | None], *, name: str = "pty-peer"
    ) -> None:
        self._on_bytes = on_bytes
        self._master, self._slave = os.openpty()
        tty.setraw(self._slave)  # no echo, no line discipline: bytes as on a real UART
        self.path = os.ttyname(self._slave)
        self._write_lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def write(self, data: bytes) -> None:
        """Send bytes to the adapter unprompted (a scanned code, a late reply)."""
        with self._write_lock:
            if not self._stop.is_set():
                os.write(self._master, data)

    def stop(self) -> None:
        if self._stop.is_set():
            return
        self._stop.set()
        self._thread.join(timeout=2)
        for fd in (self._master, self._slave):
            with contextlib.suppress(OSError):
                os.close(fd)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                ready, _, _ = select.select([self._master], [], [], 0.05)
                if not ready:
                    continue
                chunk = os.read(self._master, 4096)
            except OSError:
                return
            try:
                reply = self._on_bytes(chunk)
            except Exception:
                log.exception("simulated peer failed")
                continue
            if reply:
                self.write(reply)
