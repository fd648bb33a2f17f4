"""File checks in a child process, so a hostile file cannot freeze or crash the kiosk.

Parsing a PDF or decoding a picture is CPU work in Python and C; done in the
kiosk's process it holds the interpreter lock (the GUI thread starves, the
watchdog restarts the kiosk) and a parser crash or a memory blow-up takes the
kiosk with it. Here one long-lived child (check_worker.py) does it under
RLIMIT_CPU and RLIMIT_AS, and the calling thread only waits on a pipe (the lock
released), at most ``limits.check_wall_s``. A child that runs out of time, dies
or answers nonsense is killed and started afresh for the next file; the file is
refused as :attr:`Reason.UNCHECKABLE` ("could not be checked"), never guessed.

One child serves the whole kiosk, one file at a time (a lock): files are checked
in turn whichever thread asks (the USB scan, the phone's uploads).
"""

from __future__ import annotations

import atexit
import logging
import os
import selectors
import subprocess
import sys
import threading
import time
from pathlib import Path

from file_checks.limits import IntakeLimits
from file_checks.verdict import ContentVerdict, Reason
from file_checks.wire import (
    MAX_FRAME,
    WireError,
    frame,
    request_to_wire,
    verdict_from_wire,
)

log = logging.getLogger(__name__)

#: the folder holding the ``file_checks`` package, so the child finds it uninstalled too
_SOURCE_ROOT = str(Path(__file__).resolve().parents[1])


class _Unchecked(Exception):
    """The child gave no usable answer in time."""


class _Child:
    def __init__(self) -> None:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (_SOURCE_ROOT, env.get("PYTHONPATH", "")) if p
        )
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "file_checks.check_worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            close_fds=True,
        )
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.w = self.proc.stdin.fileno()
        self.r = self.proc.stdout.fileno()
        os.set_blocking(self.w, False)
        os.set_blocking(self.r, False)

    @property
    def pid(self) -> int:
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout):
            if stream is not None:
                stream.close()

    def ask(self, payload: bytes, deadline: float) -> tuple[bytes, bytes]:
        self._send(payload, deadline)
        header = self._receive(deadline)
        body = self._receive(deadline)
        return header, body

    def _wait(self, fd: int, event: int, deadline: float) -> None:
        left = deadline - time.monotonic()
        if left <= 0:
            raise _Unchecked("time limit")
        with selectors.DefaultSelector() as sel:
            sel.register(fd, event)
            if not sel.select(left):
                raise _Unchecked("time limit")

    def _send(self, payload: bytes, deadline: float) -> None:
        view = memoryview(payload)
        while view:
            self._wait(self.w, selectors.EVENT_WRITE, deadline)
            try:
                n = os.write(self.w, view[: 1 << 20])
            except BlockingIOError:
                continue
            except BrokenPipeError:
                raise _Unchecked("checker gone") from None
            view = view[n:]

    def _read(self, size: int, deadline: float) -> bytes:
        parts: list[bytes] = []
        got = 0
        while got < size:
            self._wait(self.r, selectors.EVENT_READ, deadline)
            try:
                chunk = os.read(self.r, min(size - got, 1 << 20))
            except BlockingIOError:
                continue
            if not chunk:
                raise _Unchecked("checker died")
            parts.append(chunk)
            got += len(chunk)
        return b"".join(parts)

    def _receive(self, deadline: float) -> bytes:
        size = int.from_bytes(self._read(8, deadline), "big")
        if size > MAX_FRAME:
            raise _Unchecked("bad answer")
        return self._read(size, deadline)


_lock = threading.Lock()
_child: _Child | None = None


def _stop() -> None:
    global _child
    with _lock:
        if _child is not None:
            _child.kill()
            _child = None


atexit.register(_stop)


def checker_pid() -> int | None:
    """The running child's process id (for tests and diagnostics), or None."""
    with _lock:
        return _child.pid if _child is not None and _child.alive() else None


def check_isolated(
    data: bytes, limits: IntakeLimits, clean: bool = False, preview: bool = False
) -> ContentVerdict:
    """The verdict on ``data`` from the child; with ``clean``, an accepted picture's
    bytes encoded again (``verdict.clean``); with ``preview``, an accepted file's
    preview JPEG there instead. Blocks the calling thread (never call it on the
    GUI thread), never longer than about ``limits.check_wall_s``."""
    global _child
    request = frame(request_to_wire(limits, clean, preview)) + frame(data)
    with _lock:
        if _child is None or not _child.alive():
            if _child is not None:
                _child.kill()
                _child = None
            try:
                _child = _Child()
            except OSError as exc:  # no process could be started: refuse, do not guess
                log.error("checker could not start", extra={"error": type(exc).__name__})
                return ContentVerdict(None, Reason.UNCHECKABLE, "checker could not start")
        child = _child
        started = time.monotonic()
        try:
            header, body = child.ask(request, started + limits.check_wall_s)
            verdict = verdict_from_wire(header, body)
        except (_Unchecked, WireError) as exc:
            child.kill()
            _child = None
            log.warning(
                "file could not be checked",
                extra={"detail": str(exc), "bytes": len(data), "exit": child.proc.returncode},
            )
            return ContentVerdict(None, Reason.UNCHECKABLE, str(exc))
    log.info(
        "file checked",
        extra={
            "reason": verdict.reason.value if verdict.reason is not None else "accepted",
            "detail": verdict.detail,
            "bytes": len(data),
            "seconds": round(time.monotonic() - started, 3),
        },
    )
    return verdict
