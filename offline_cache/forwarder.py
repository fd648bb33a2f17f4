"""The thread that empties the outbox: oldest first, cases before the events that
need their codes, exponential backoff with jitter while the platform is away.

Backoff is per platform, not per item: when one send finds the platform down,
the pass stops (the rest would fail the same way) and the next pass waits
base * 2^n seconds (capped), +-50 % jitter so a fleet of kiosks coming back
after an outage does not hit the platform in step. ``wake()`` (called when a
synchronous send just succeeded, or a health check answered) ends the wait at once.

While backing off with work waiting, the forwarder also asks the platform's
``/health`` every ``health_poll`` seconds (+-50 %): the first answer after an
outage ends the wait, so the backlog goes within seconds of the platform's return
instead of after the rest of a backoff of up to ``max_delay`` (issue 13.4).
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from offline_cache import delivery
from offline_cache.client import PlatformClient, Timeout
from offline_cache.delivery import Outcome
from offline_cache.outbox import Outbox

log = logging.getLogger(__name__)

#: one kind of claimed outbox item (a help call, a case, an event)
Item = TypeVar("Item")


@dataclass(frozen=True)
class DrainResult:
    delivered: int
    rejected: int
    unavailable: bool  # the pass stopped because the platform did not answer


@dataclass
class Backoff:
    """The forwarder's wait before its next pass: ``idle`` while the platform answers;
    after the n-th pass in a row that found it away, ``base`` * 2^(n-1) seconds, at most
    ``ceiling``, +-50 % jitter."""

    base: float
    ceiling: float
    idle: float
    rng: random.Random
    #: passes in a row that found the platform away
    failures: int = 0

    def next_delay(self) -> float:
        if self.failures == 0:
            return self.idle
        return self.jittered(min(self.ceiling, self.base * 2.0 ** (self.failures - 1)))

    def jittered(self, seconds: float) -> float:
        """``seconds`` +-50 %, so that kiosks coming back together do not ask in step."""
        return seconds * self.rng.uniform(0.5, 1.5)


class Forwarder:
    def __init__(
        self,
        outbox: Outbox,
        client: PlatformClient,
        *,
        base_delay: float = 1.0,
        max_delay: float = 60.0,
        idle_poll: float = 30.0,
        send_timeout: float = 15.0,
        retention: float = 7 * 24 * 3600.0,
        rng: random.Random | None = None,
        health_poll: float | None = 5.0,
    ) -> None:
        self._outbox = outbox
        self._client = client
        self._backoff = Backoff(base_delay, max_delay, idle_poll, rng or random.Random())
        self._send_timeout = send_timeout
        self._retention = retention
        self._health_poll = health_poll
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._drain_lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="outbox-forwarder", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def wake(self) -> None:
        """Try now: the platform just answered, or new work arrived."""
        self._backoff.failures = 0
        self._wake.set()

    def flush(self) -> bool:
        """One pass in the caller's thread, ignoring backoff. True if nothing is left."""
        self.drain()
        return self._outbox.pending_count() == 0

    @property
    def backing_off(self) -> bool:
        """The last pass found the platform away."""
        return self._backoff.failures > 0

    def next_delay(self) -> float:
        return self._backoff.next_delay()

    def drain(self) -> DrainResult:
        with self._drain_lock:
            done: Counter[Outcome] = Counter()
            # a resident waiting for staff first (a call is small and time matters), then
            # the cases, then the events and ratings that need their codes
            box = self._outbox
            answered = (
                self._deliver_all(box.claim_help, delivery.deliver_help, done)
                and self._deliver_all(box.claim_next_case, delivery.deliver_case, done)
                and self._deliver_all(box.claim_next_event, delivery.deliver_event, done)
                and self._deliver_all(box.claim_evaluation, delivery.deliver_evaluation, done)
            )
            if answered:
                self._outbox.prune(self._retention)
            return DrainResult(done[Outcome.DELIVERED], done[Outcome.REJECTED], not answered)

    def _deliver_all(
        self,
        claim: Callable[[], Item | None],
        deliver: Callable[[Outbox, PlatformClient, Item, Timeout | None], tuple[Outcome, object]],
        done: Counter[Outcome],
    ) -> bool:
        """Deliver what ``claim`` hands out, oldest first, counting the outcomes in
        ``done``; False as soon as the platform does not answer (the rest would fail
        the same way)."""
        while (item := claim()) is not None:
            outcome, _ = deliver(self._outbox, self._client, item, self._send_timeout)
            if outcome is Outcome.UNAVAILABLE:
                return False
            done[outcome] += 1
        return True

    def _run(self) -> None:
        while not self._stop.is_set():
            # cleared before the pass, so a wake() during it is not lost
            self._wake.clear()
            try:
                result = self.drain()
            except Exception:
                log.exception("forwarder pass crashed")
                result = DrainResult(0, 0, True)
            if result.unavailable:
                self._backoff.failures += 1
            else:
                self._backoff.failures = 0
            if result.delivered or result.rejected:
                log.info(
                    "forwarder pass",
                    extra={"delivered": result.delivered, "rejected": result.rejected},
                )
            self._wait(self.next_delay())

    def _wait(self, delay: float) -> None:
        """Until ``delay`` has passed, a ``wake()``, a stop or (backing off with work
        waiting) the platform's health check answering again."""
        if self._backoff.failures == 0 or self._health_poll is None:
            self._wake.wait(delay)
            return
        end = time.monotonic() + delay
        while not self._stop.is_set():
            left = end - time.monotonic()
            poll = self._backoff.jittered(self._health_poll)
            if left <= 0 or self._wake.wait(min(poll, left)):
                return
            if self._outbox.pending_count() and self._client.health():
                log.info("platform answers its health check again: forwarding the backlog")
                self._backoff.failures = 0
                return
