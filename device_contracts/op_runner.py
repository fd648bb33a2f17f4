"""Where device operations run: a shared thread pool and one timer thread.

``threading.Thread.start()`` blocks its caller until the new thread has run, so
starting a thread per operation (and another for its timeout) from the GUI
thread costs two interpreter-lock hand-offs each time; while OCR or the face
check keep the lock busy that measured up to 80 ms of GUI stall. Handing work
to threads that already exist never waits for a thread to start, and one
timer thread with a heap replaces a ``threading.Timer`` per operation.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import queue
import threading
import time
from collections.abc import Callable

log = logging.getLogger(__name__)


class _DaemonPool:
    """Daemon worker threads fed from one queue; a thread is added only when none
    is idle. Not ``ThreadPoolExecutor``: its threads are joined at interpreter
    exit, so one operation stuck on hardware would hold up the process exiting."""

    def __init__(self) -> None:
        self._queue: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._idle = 0
        self._count = itertools.count(1)

    def submit(self, fn: Callable[[], None]) -> None:
        with self._lock:
            spawn = self._idle == 0
            if not spawn:
                self._idle -= 1
        self._queue.put(fn)
        if spawn:
            name = f"op-{next(self._count)}"
            threading.Thread(target=self._work, name=name, daemon=True).start()

    def _work(self) -> None:
        while True:
            fn = self._queue.get()
            try:
                fn()
            except Exception:  # the callers wrap their work; this is the last guard
                log.exception("background work crashed")
            with self._lock:
                self._idle += 1


_pool = _DaemonPool()


def run_in_background(fn: Callable[[], None]) -> None:
    """Run ``fn`` on a pool thread; the caller never waits for a thread to start
    unless every pool thread is busy."""
    _pool.submit(fn)


class TimerHandle:
    """Cancel a :func:`call_later` callback before it fires (no-op afterwards)."""

    __slots__ = ("_cancelled",)

    def __init__(self) -> None:
        self._cancelled = False

    def cancel(self) -> None:
        self._cancelled = True

    @property
    def cancelled(self) -> bool:
        return self._cancelled


class _TimerThread:
    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._heap: list[tuple[float, int, TimerHandle, Callable[[], None]]] = []
        self._seq = itertools.count()
        self._thread: threading.Thread | None = None

    def call_later(self, delay: float, fn: Callable[[], None]) -> TimerHandle:
        handle = TimerHandle()
        with self._cond:
            heapq.heappush(self._heap, (time.monotonic() + delay, next(self._seq), handle, fn))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="op-timers", daemon=True)
                self._thread.start()
            self._cond.notify()
        return handle

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._heap:
                    self._cond.wait()
                due, _, handle, fn = self._heap[0]
                wait = due - time.monotonic()
                if wait > 0:
                    self._cond.wait(wait)
                    continue
                heapq.heappop(self._heap)
            if not handle.cancelled:
                # the callback may block (it completes an operation and runs its
                # callbacks): run it on the pool so later timers stay on time
                run_in_background(fn)


_timers = _TimerThread()


def call_later(delay: float, fn: Callable[[], None]) -> TimerHandle:
    """Call ``fn`` on a pool thread after ``delay`` seconds unless cancelled."""
    return _timers.call_later(delay, fn)
