"""Bearer-token authentication: each terminal has its own token, the back office another.

Only digests are stored. A token is found by its SHA-256 digest through the UNIQUE
index on ``terminals.token_sha256`` (one row read, however many terminals): the
digest of an unknown token tells a guesser nothing about a stored one, so an
indexed equality lookup leaks no more than the 401 itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from platform_sim.db import Database
from platform_sim.errors import ApiError
from platform_sim.seed import token_digest

#: one indexed search, not a scan of every terminal's row
TOKEN_LOOKUP = "SELECT terminal_id, kind FROM terminals WHERE token_sha256 = ?"

_bearer = HTTPBearer(auto_error=False, description="the terminal's (or back office's) token")


@dataclass(frozen=True)
class Principal:
    terminal_id: str
    kind: str  # "terminal" / "backoffice"


def _unauthorized() -> ApiError:
    return ApiError(
        401,
        "unauthorized",
        "终端未授权，请联系运维人员",
        "This terminal is not authorised; please contact the technician",
        {"WWW-Authenticate": "Bearer"},
    )


def get_db(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


def principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise _unauthorized()
    digest = token_digest(credentials.credentials)
    with get_db(request).tx() as conn:
        row = conn.execute(TOKEN_LOOKUP, (digest,)).fetchone()
    if row is None:
        raise _unauthorized()
    return Principal(row["terminal_id"], row["kind"])


def terminal(who: Annotated[Principal, Depends(principal)]) -> Principal:
    if who.kind != "terminal":
        raise ApiError(
            403, "forbidden", "仅限自助终端调用", "Only self-service terminals may call this"
        )
    return who


def backoffice(who: Annotated[Principal, Depends(principal)]) -> Principal:
    if who.kind != "backoffice":
        raise ApiError(403, "forbidden", "仅限后台调用", "Only the back office may call this")
    return who


Terminal = Annotated[Principal, Depends(terminal)]
Backoffice = Annotated[Principal, Depends(backoffice)]
Db = Annotated[Database, Depends(get_db)]
