"""Run a request again when its transaction lost to another worker's (PostgreSQL).

Each request of the platform is one transaction whose logic reads then writes (an
idempotency check, the day's case sequence). On PostgreSQL those run SERIALIZABLE, and
when two workers' transactions cross, the database gives up on one of them
(``platform_sim.db.StoreConflict``); nothing of it was kept, so the whole request is
run again with the same body, and then sees what the other committed. The body is
read once and replayed; a request whose answer has begun is never run again. After
``ATTEMPTS`` the client is told 503 and its own retry (the kiosk's outbox, with the
same idempotency key) takes over. SQLite never raises it: its lock serialises.
"""

from __future__ import annotations

import asyncio
import logging
import random

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from platform_sim.db import StoreConflict
from platform_sim.middleware import _reply

log = logging.getLogger(__name__)

#: runs of one request before the client is told to come back
ATTEMPTS = 8
#: the first pause between runs, doubled each time (with jitter, so two losers part)
FIRST_PAUSE_S = 0.005


class RetryOnConflict:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            await self._run(scope, await _read_body(receive), receive, send)
        else:
            await self.app(scope, receive, send)

    async def _run(self, scope: Scope, body: bytes, receive: Receive, send: Send) -> None:
        for attempt in range(1, ATTEMPTS + 1):
            answer = _Answer(send)
            try:
                await self.app(scope, _replay(body, receive), answer.send)
                return
            except StoreConflict as conflict:
                if answer.begun:
                    raise
                # the first line names the constraint or the kind of conflict, no values
                reason = str(conflict).partition("\n")[0]
                log.info(
                    "transaction conflict, request run again",
                    extra={"attempt": attempt, "reason": reason},
                )
                pause = FIRST_PAUSE_S * 2 ** (attempt - 1)
                await asyncio.sleep(random.uniform(pause / 2, pause))
        await _reply(send, 503, "store_busy", "平台繁忙，请稍后重试", "The platform is busy, retry")


class _Answer:
    """The client's side of one run: whether any of the answer went out yet."""

    def __init__(self, send: Send) -> None:
        self._send = send
        self.begun = False

    async def send(self, message: Message) -> None:
        self.begun = True
        await self._send(message)


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks)  # the client left: the app will see an empty body
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """The body once, then whatever the client does next (a disconnect)."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay
