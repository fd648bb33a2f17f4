"""Fault injection for the simulator: a platform that is down, answers 5xx, hangs
past the terminal's timeout, or commits and then loses its reply.

Only a simulator started with the test flag has it (``create_app(faults=True)``,
``kiosk platform serve --faults``): then a :class:`Faults` switch lives in
``app.state.faults``, the back office sets it over HTTP (``PUT
/api/v1/backoffice/faults``, see ``routes_faults``) and the :class:`FaultInjection`
middleware applies it. Without the flag neither the route nor the middleware exists. The switch itself, ``/health``
in hold modes and everything outside ``path_prefix`` are never affected.

Modes:

* ``error``: answer ``status`` (5xx) at once, without running the handler;
* ``hang``: hold the request ``hang_s`` seconds (or until cleared), then run it
  normally: the terminal has given up by then, so the case exists and its reply
  is lost, as with a real overloaded platform;
* ``hold_reply``: run the handler (the database commits), then hold the reply
  ``hang_s`` seconds (or until cleared): the "accepted but the answer never
  arrived" case.

``times`` limits how many requests are affected (None: all, until cleared).
"""

from __future__ import annotations

import asyncio
import enum
import json
import logging
import threading
import time
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger(__name__)

#: requests to these paths are never faulted, so a test can always clear the switch
EXEMPT = ("/api/v1/backoffice/faults",)
_POLL_S = 0.01


class FaultMode(enum.StrEnum):
    NONE = "none"
    ERROR = "error"
    HANG = "hang"
    HOLD_REPLY = "hold_reply"


@dataclass(frozen=True)
class FaultPlan:
    mode: FaultMode = FaultMode.NONE
    status: int = 503
    hang_s: float = 30.0
    path_prefix: str = "/api/v1/"
    method: str = ""  # "" = any
    times: int | None = None


@dataclass(frozen=True)
class FaultCounters:
    plan: FaultPlan
    affected: int  # requests the plan has touched so far
    waiting: int  # requests held right now


class Faults:
    """Thread-safe: set from a route or a test thread, read by the middleware."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._plan = FaultPlan()
        self._generation = 0
        self._affected = 0
        self._waiting = 0

    def set(self, plan: FaultPlan) -> None:
        with self._lock:
            self._plan = plan
            self._generation += 1  # releases anything held under the previous plan
            self._affected = 0
        log.warning("platform fault injected", extra={"mode": plan.mode.value})

    def clear(self) -> None:
        self.set(FaultPlan())

    def counters(self) -> FaultCounters:
        with self._lock:
            return FaultCounters(self._plan, self._affected, self._waiting)

    def take(self, method: str, path: str) -> tuple[FaultPlan, int] | None:
        """The plan to apply to this request (and its generation), or None."""
        with self._lock:
            plan = self._plan
            if plan.mode is FaultMode.NONE or path.startswith(EXEMPT):
                return None
            if not path.startswith(plan.path_prefix):
                return None
            if plan.method and plan.method.upper() != method.upper():
                return None
            if plan.mode is not FaultMode.ERROR and path.endswith("/health"):
                return None
            if plan.times is not None and self._affected >= plan.times:
                return None
            self._affected += 1
            return plan, self._generation

    async def hold(self, plan: FaultPlan, generation: int) -> None:
        """Wait ``plan.hang_s`` or until the plan changes."""
        with self._lock:
            self._waiting += 1
        try:
            end = time.monotonic() + plan.hang_s
            while time.monotonic() < end:
                with self._lock:
                    if self._generation != generation:
                        return
                await asyncio.sleep(_POLL_S)
        finally:
            with self._lock:
                self._waiting -= 1


class FaultInjection:
    def __init__(self, app: ASGIApp, faults: Faults) -> None:
        self.app = app
        self.faults = faults

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        taken = self.faults.take(scope["method"], scope["path"])
        if taken is None:
            await self.app(scope, receive, send)
            return
        plan, generation = taken
        if plan.mode is FaultMode.ERROR:
            await _error(send, plan.status)
            return
        if plan.mode is FaultMode.HANG:
            await self.faults.hold(plan, generation)
            await self.app(scope, receive, send)
            return

        async def held_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                await self.faults.hold(plan, generation)
            await send(message)

        await self.app(scope, receive, held_send)


async def _error(send: Send, status: int) -> None:
    body = json.dumps(
        {
            "error": "platform_fault",
            "message": {"zh": "平台暂时故障", "en": "The platform has a temporary fault"},
        }
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json")],
        }
    )
    await send({"type": "http.response.body", "body": body})
