"""ASGI middleware: a body-size cap, and an access log that names the route template
(``/persons/{id_number}/photo``), never the concrete path, which may hold an ID number."""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("platform_sim.access")


class BodyLimit:
    """413 for bodies declared larger than ``max_bytes``; 411 for bodies of unknown length
    (uvicorn would otherwise buffer whatever a broken client streams)."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        length = headers.get(b"content-length")
        if length is None:
            await _reply(send, 411, "length_required", "请求缺少长度", "Content-Length is required")
            return
        if not length.isdigit() or int(length) > self.max_bytes:
            mb = self.max_bytes // (1024 * 1024)
            await _reply(
                send,
                413,
                "request_too_large",
                f"提交内容过大（上限 {mb} MB）",
                f"The request is too large (limit {mb} MB)",
            )
            return
        await self.app(scope, receive, send)


async def _reply(send: Send, status: int, code: str, zh: str, en: str) -> None:
    body = json.dumps({"error": code, "message": {"zh": zh, "en": en}}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"connection", b"close")],
        }
    )
    await send({"type": "http.response.body", "body": body})


class AccessLog:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 0

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            route: Any = scope.get("route")
            log.info(
                "request",
                extra={
                    "method": scope["method"],
                    "route": getattr(route, "path", "<unrouted>"),
                    "status": status,
                    "ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
