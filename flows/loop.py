"""A queue-based :class:`~flows.ports.FlowLoop` for tests and headless runs.

The Qt app runs flows on the GUI thread; without Qt (tests, the fleet
benchmark) this loop plays that role: device threads ``post`` callbacks and the
owner drains them on its own thread with :meth:`ManualLoop.run_pending` or
:meth:`ManualLoop.run_until`. Timers use a virtual clock by default so tests
move time with :meth:`ManualLoop.advance` instead of sleeping.
"""

from __future__ import annotations

import heapq
import itertools
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from flows.ports import Clock


class VirtualClock:
    """Time that moves only when told to."""

    def __init__(self, start: float = 0.0) -> None:
        self._now = start

    def now(self) -> float:
        return self._now

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("time cannot go backwards")
        self._now += seconds


class MonotonicClock:
    """Real time, for headless runs."""

    def now(self) -> float:
        return time.monotonic()


@dataclass(order=True)
class _Timer:
    due: float
    seq: int
    fn: Callable[[], None] = field(compare=False)
    cancelled: bool = field(default=False, compare=False)

    def cancel(self) -> None:
        self.cancelled = True


class ManualLoop:
    """Posted callbacks run in order on whichever thread drains the loop.

    Exceptions raised by a callback propagate out of the drain call, so a test
    sees a flow's bug instead of a silent log line.
    """

    def __init__(self, clock: Clock | None = None) -> None:
        self.clock: Clock = clock if clock is not None else VirtualClock()
        self._cond = threading.Condition()
        self._queue: deque[Callable[[], None]] = deque()
        self._timers: list[_Timer] = []
        self._seq = itertools.count()

    # FlowLoop -------------------------------------------------------------
    def post(self, fn: Callable[[], None]) -> None:
        with self._cond:
            self._queue.append(fn)
            self._cond.notify_all()

    def call_later(self, seconds: float, fn: Callable[[], None]) -> _Timer:
        timer = _Timer(self.clock.now() + max(0.0, seconds), next(self._seq), fn)
        with self._cond:
            heapq.heappush(self._timers, timer)
            self._cond.notify_all()
        return timer

    # draining -------------------------------------------------------------
    def run_pending(self) -> int:
        """Run every posted callback and due timer, including ones they post; return the count."""
        ran = 0
        while True:
            fn = self._next_ready()
            if fn is None:
                return ran
            fn()
            ran += 1

    def run_until(self, predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
        """Drain until ``predicate()`` holds, waiting up to ``timeout`` real seconds for posts.

        Returns the predicate's last value, so ``assert loop.run_until(...)`` reads well.
        """
        deadline = time.monotonic() + timeout
        while True:
            self.run_pending()
            if predicate():
                return True
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            with self._cond:
                if not self._queue:
                    self._cond.wait(min(remaining, self._timer_wait()))

    def advance(self, seconds: float) -> int:
        """Move a virtual clock forward and run what became due."""
        if not isinstance(self.clock, VirtualClock):
            raise TypeError("advance() needs the loop's VirtualClock")
        self.clock.advance(seconds)
        return self.run_pending()

    def pending(self) -> int:
        """Callbacks posted and not yet run (timers not counted)."""
        with self._cond:
            return len(self._queue)

    # internals ------------------------------------------------------------
    def _next_ready(self) -> Callable[[], None] | None:
        with self._cond:
            if self._queue:
                return self._queue.popleft()
            now = self.clock.now()
            while self._timers and (self._timers[0].cancelled or self._timers[0].due <= now):
                timer = heapq.heappop(self._timers)
                if not timer.cancelled:
                    return timer.fn
            return None

    def _timer_wait(self) -> float:
        """How long to sleep before a real-clock timer is due; a virtual one never comes due alone."""
        if isinstance(self.clock, VirtualClock) or not self._timers:
            return float("inf")
        return max(0.0, self._timers[0].due - self.clock.now())
