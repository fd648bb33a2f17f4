"""``kiosk bench fleet --kill-worker-after S``: one platform worker killed with SIGKILL
S seconds into the run, while kiosks are submitting, to show a kill -9 on the platform
side loses and doubles nothing (the kiosks' outboxes resend under the same idempotency
key; uvicorn's supervisor starts a new worker in the dead one's place)."""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from dataclasses import dataclass

from platform_sim.workers import worker_pids

log = logging.getLogger(__name__)

#: how long the supervisor is given to put a new worker in the killed one's place
REPLACE_WITHIN_S = 60.0


@dataclass(frozen=True)
class WorkerKill:
    """What happened: the worker killed, when, and whether another took its place."""

    killed_pid: int | None
    at_s: float
    replaced_by: int | None

    def render(self) -> str:
        if self.killed_pid is None:
            return f"worker killed      none found at {self.at_s:.1f} s"
        replaced = f"replaced by pid {self.replaced_by}" if self.replaced_by else "NOT replaced"
        return (
            f"worker killed      pid {self.killed_pid} at {self.at_s:.1f} s (SIGKILL), {replaced}"
        )


class WorkerKiller:
    """Kills one of ``supervisor_pid``'s workers ``after_s`` after :meth:`start`."""

    def __init__(self, supervisor_pid: int, after_s: float) -> None:
        self._supervisor = supervisor_pid
        self._after_s = after_s
        self._began = 0.0
        self._killed: int | None = None
        self._at_s = 0.0
        self._workers_before: list[int] = []
        self._timer = threading.Timer(after_s, self._kill)
        self._timer.daemon = True

    def start(self, began: float) -> None:
        self._began = began
        self._timer.start()

    def _kill(self) -> None:
        self._workers_before = worker_pids(self._supervisor)
        self._at_s = time.perf_counter() - self._began
        if not self._workers_before:
            log.warning("no platform worker to kill", extra={"supervisor": self._supervisor})
            return
        self._killed = self._workers_before[0]
        os.kill(self._killed, signal.SIGKILL)
        log.warning("platform worker killed", extra={"pid": self._killed, "at_s": self._at_s})

    def outcome(self) -> WorkerKill:
        """After the run: waits for the kill if it is still due, then for its replacement."""
        self._timer.join()
        replaced: int | None = None
        if self._killed is not None:
            deadline = time.monotonic() + REPLACE_WITHIN_S
            while replaced is None and time.monotonic() < deadline:
                now = worker_pids(self._supervisor)
                fresh = [p for p in now if p not in self._workers_before]
                if fresh and len(now) == len(self._workers_before):
                    replaced = fresh[0]
                else:
                    time.sleep(0.2)
        return WorkerKill(self._killed, self._at_s, replaced)
