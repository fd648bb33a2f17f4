"""The fleet as the platform sees it: terminal registration, heartbeats, pushed site config.

* ``POST /terminals/register`` -- a newly installed kiosk enrols with the site's
  enrolment token (``Authorization: Bearer <enrolment token>``) and receives its
  own terminal token (only its SHA-256 is stored). Registering an id that exists
  rotates its token only with proof: the current token in ``X-Current-Token``, or
  a back-office reset made within the last day (409 ``already_registered`` else),
  so the enrolment token alone cannot take over a running kiosk.
* ``POST /backoffice/terminals/{id}/reset`` -- a kiosk lost its token (a new disk):
  the old token stops working at once and one enrolment may follow.
* ``POST /terminals/{id}/heartbeat`` -- every minute: software version, whether a
  journey is in progress, each device's state, the outbox depth and the age of its
  oldest item, the config version applied. The answer carries the config version
  the platform wants, so a change reaches the kiosk within one heartbeat.
* ``GET /terminals/{id}/config`` -- the pushed part of the site config (idle
  timeouts, language, the restart window, an announcement); ETag = version.
* ``PUT /backoffice/terminals/{id}/config`` -- the back office pushes a new one.
* ``GET /backoffice/terminals`` -- the fleet: last heartbeat, online, degraded.

A terminal may only heartbeat and read config as itself. Nothing personal is
ever part of a heartbeat: device names and states, counts, ages.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from datetime import datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Header, Path, Response

from platform_contract.schemas import ErrorOut
from platform_contract.terminals import (
    ConfigOut,
    HeartbeatIn,
    HeartbeatOut,
    PushedConfig,
    RegisterIn,
    RegisterOut,
    ResetOut,
    TerminalListOut,
    TerminalOut,
)
from platform_sim.auth import Backoffice, Db, Terminal
from platform_sim.clock import now
from platform_sim.db import Database
from platform_sim.errors import ApiError
from platform_sim.heartbeat_batch import Heartbeats
from platform_sim.routes_public import AUTH_ERRORS, NOT_FOUND_ERRORS, NOT_MODIFIED
from platform_sim.seed import token_digest
from platform_sim.store.transaction import Tx

router = APIRouter(tags=["terminals"])

#: demo enrolment secret; a real platform issues one per site and installation batch
DEMO_ENROLMENT_TOKEN = "demo-enrolment-token"
#: seconds between heartbeats the platform asks for; offline after three missed
HEARTBEAT_INTERVAL_S = 60
OFFLINE_AFTER_S = 3 * HEARTBEAT_INTERVAL_S
#: how long a back-office reset waits for the kiosk's new enrolment
RESET_VALIDITY = timedelta(days=1)


TerminalId = Annotated[str, Path(pattern=r"^[A-Za-z0-9-]{1,40}$")]


def ensure_schema(db: Database) -> None:
    """Create the fleet tables and the enrolment secret (``$KIOSK_SIM_ENROLMENT_TOKEN``)."""
    token = os.environ.get("KIOSK_SIM_ENROLMENT_TOKEN", DEMO_ENROLMENT_TOKEN)
    with db.tx() as conn:
        conn.execute(
            "INSERT INTO meta (key, value) VALUES ('enrolment_sha256', ?) ON CONFLICT DO NOTHING",
            (token_digest(token),),
        )


# ----------------------------------------------------------------------------- routes


def _enrolment_ok(conn: Tx, authorization: str | None) -> bool:
    scheme, _, token = (authorization or "").partition(" ")
    row = conn.execute("SELECT value FROM meta WHERE key = 'enrolment_sha256'").fetchone()
    if row is None or scheme.lower() != "bearer" or not token:
        return False
    return hmac.compare_digest(row["value"], token_digest(token))


@router.post(
    "/terminals/register",
    status_code=201,
    summary="Enrol a terminal with the site's enrolment token; returns its own token",
    responses={401: {"model": ErrorOut}, 409: {"model": ErrorOut}},
)
def register(
    body: RegisterIn,
    db: Db,
    response: Response,
    authorization: Annotated[str | None, Header()] = None,
    x_current_token: Annotated[
        str | None,
        Header(max_length=200, description="the terminal's current token, to rotate it"),
    ] = None,
) -> RegisterOut:
    token = secrets.token_urlsafe(32)
    stamp = now().isoformat()
    with db.tx() as conn:
        if not _enrolment_ok(conn, authorization):
            raise ApiError(
                401,
                "unauthorized",
                "注册口令无效，请联系运维人员",
                "The enrolment token is not valid; please contact the technician",
                {"WWW-Authenticate": "Bearer"},
            )
        row = conn.execute(
            "SELECT kind FROM terminals WHERE terminal_id = ?", (body.terminal_id,)
        ).fetchone()
        if row is not None and row["kind"] != "terminal":
            raise ApiError(409, "conflict", "该编号不可用于终端", "That id is not a terminal's")
        if row is not None and not _may_rotate(conn, body.terminal_id, x_current_token):
            raise ApiError(
                409,
                "already_registered",
                "该终端已注册；更换令牌须提供当前令牌或由后台重置",
                "This terminal is registered; rotating its token needs the current token"
                " or a back-office reset",
            )
        if row is None:
            conn.execute(
                "INSERT INTO terminals (terminal_id, token_sha256, kind, site)"
                " VALUES (?, ?, 'terminal', ?)",
                (body.terminal_id, token_digest(token), body.site),
            )
        else:
            conn.execute(
                "UPDATE terminals SET token_sha256 = ?, site = ? WHERE terminal_id = ?",
                (token_digest(token), body.site, body.terminal_id),
            )
        conn.execute(
            "INSERT INTO terminal_status (terminal_id, registered_at, software_version)"
            " VALUES (?, ?, ?) ON CONFLICT (terminal_id) DO UPDATE"
            " SET software_version = excluded.software_version",
            (body.terminal_id, stamp, body.software_version),
        )
    rotated = row is not None
    if rotated:
        response.status_code = 200
    return RegisterOut(
        terminal_id=body.terminal_id,
        token=token,
        heartbeat_interval_s=HEARTBEAT_INTERVAL_S,
        rotated=rotated,
    )


def _may_rotate(conn: Tx, terminal_id: str, current: str | None) -> bool:
    """Proof for re-registering an existing terminal: its current token, or a live
    back-office reset (spent here)."""
    row = conn.execute(
        "SELECT token_sha256 FROM terminals WHERE terminal_id = ?", (terminal_id,)
    ).fetchone()
    if current and hmac.compare_digest(row["token_sha256"], token_digest(current)):
        return True
    reset = conn.execute(
        "DELETE FROM terminal_resets WHERE terminal_id = ? RETURNING expires_at", (terminal_id,)
    ).fetchone()
    return reset is not None and datetime.fromisoformat(reset["expires_at"]) >= now()


@router.post(
    "/backoffice/terminals/{terminal_id}/reset",
    summary="Revoke a terminal's token now and allow one new enrolment within a day",
    responses=NOT_FOUND_ERRORS,
)
def reset_terminal(terminal_id: TerminalId, _who: Backoffice, db: Db) -> ResetOut:
    expires = now() + RESET_VALIDITY
    with db.tx() as conn:
        _require_terminal(conn, terminal_id)
        # a digest no token has: the old token stops working at once
        conn.execute(
            "UPDATE terminals SET token_sha256 = ? WHERE terminal_id = ?",
            ("revoked:" + secrets.token_hex(16), terminal_id),
        )
        conn.execute(
            "INSERT INTO terminal_resets (terminal_id, expires_at) VALUES (?, ?)"
            " ON CONFLICT (terminal_id) DO UPDATE SET expires_at = excluded.expires_at",
            (terminal_id, expires.isoformat()),
        )
    return ResetOut(terminal_id=terminal_id, enrol_by=expires)


def _only_self(who_id: str, terminal_id: str) -> None:
    if who_id != terminal_id:
        raise ApiError(403, "forbidden", "只能报告本终端", "A terminal may only speak for itself")


@router.post(
    "/terminals/{terminal_id}/heartbeat",
    summary="Device states, outbox depth and config version; answers the wanted config version",
    responses={**AUTH_ERRORS, 422: {"model": ErrorOut}},
)
def heartbeat(
    terminal_id: TerminalId, body: HeartbeatIn, who: Terminal, db: Db, batch: Heartbeats
) -> HeartbeatOut:
    _only_self(who.terminal_id, terminal_id)
    batch.record(db, terminal_id, now().isoformat(), body)  # written in a batch, off the case path
    with db.tx() as conn:
        version = _config_version(conn, terminal_id)
    return HeartbeatOut(config_version=version, heartbeat_interval_s=HEARTBEAT_INTERVAL_S)


def _config_version(conn: Tx, terminal_id: str) -> int:
    row = conn.execute(
        "SELECT version FROM terminal_config WHERE terminal_id = ?", (terminal_id,)
    ).fetchone()
    return int(row["version"]) if row else 0


def _etag(terminal_id: str, version: int) -> str:
    return '"' + hashlib.sha256(f"{terminal_id}:{version}".encode()).hexdigest()[:16] + '"'


@router.get(
    "/terminals/{terminal_id}/config",
    summary="The platform-managed part of this terminal's site config (ETag = version)",
    response_model=ConfigOut,
    responses=NOT_MODIFIED,
)
def get_config(
    terminal_id: TerminalId,
    who: Terminal,
    db: Db,
    if_none_match: Annotated[str | None, Header(max_length=200)] = None,
) -> Any:
    _only_self(who.terminal_id, terminal_id)
    with db.tx() as conn:
        row = conn.execute(
            "SELECT version, body FROM terminal_config WHERE terminal_id = ?", (terminal_id,)
        ).fetchone()
    version, body = (int(row["version"]), json.loads(row["body"])) if row else (0, {})
    etag = _etag(terminal_id, version)
    if if_none_match == etag:
        return Response(status_code=304, headers={"ETag": etag})
    out = ConfigOut(terminal_id=terminal_id, version=version, config=PushedConfig(**body))
    return Response(
        out.model_dump_json(exclude_none=True),
        media_type="application/json",
        headers={"ETag": etag, "Cache-Control": "no-cache"},
    )


@router.put(
    "/backoffice/terminals/{terminal_id}/config",
    summary="Push a new site config to one terminal (the version goes up by one)",
    responses=NOT_FOUND_ERRORS,
)
def put_config(terminal_id: TerminalId, body: PushedConfig, _who: Backoffice, db: Db) -> ConfigOut:
    stamp = now().isoformat()
    with db.tx() as conn:
        _require_terminal(conn, terminal_id)
        version = _config_version(conn, terminal_id) + 1
        conn.execute(
            "INSERT INTO terminal_config (terminal_id, version, body, updated_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (terminal_id) DO UPDATE SET"
            " version = excluded.version, body = excluded.body, updated_at = excluded.updated_at",
            (terminal_id, version, body.model_dump_json(exclude_none=True), stamp),
        )
    return ConfigOut(terminal_id=terminal_id, version=version, config=body)


@router.get(
    "/backoffice/terminals",
    summary="The fleet: registration, last heartbeat, online, degraded, outbox",
    responses=AUTH_ERRORS,
)
def list_terminals(_who: Backoffice, db: Db, batch: Heartbeats) -> TerminalListOut:
    batch.flush(db)  # the latest heartbeats first
    with db.tx() as conn:
        rows = conn.execute(
            "SELECT t.terminal_id, t.site, s.registered_at, s.software_version, s.last_seen,"
            " s.heartbeats, s.busy, s.devices, s.outbox_depth, s.outbox_oldest_age_s,"
            " s.config_applied, COALESCE(c.version, 0) AS config_version"
            " FROM terminals t JOIN terminal_status s USING (terminal_id)"
            " LEFT JOIN terminal_config c USING (terminal_id)"
            " WHERE t.kind = 'terminal' ORDER BY t.terminal_id"
        ).fetchall()
    cutoff = now() - timedelta(seconds=OFFLINE_AFTER_S)
    terminals = []
    for r in rows:
        devices: dict[str, str] = json.loads(r["devices"])
        online = r["last_seen"] is not None and datetime.fromisoformat(r["last_seen"]) >= cutoff
        terminals.append(
            TerminalOut(
                terminal_id=r["terminal_id"],
                site=r["site"],
                software_version=r["software_version"],
                registered_at=r["registered_at"],
                last_seen=r["last_seen"],
                online=online,
                degraded=any(s in ("offline", "hardware_error") for s in devices.values()),
                busy=bool(r["busy"]),
                heartbeats=r["heartbeats"],
                devices=devices,
                outbox_depth=r["outbox_depth"],
                outbox_oldest_age_s=r["outbox_oldest_age_s"],
                config_version=r["config_version"],
                config_applied=r["config_applied"],
            )
        )
    return TerminalListOut(terminals=terminals)


def _require_terminal(conn: Tx, terminal_id: str) -> None:
    """A 404 unless ``terminal_id`` is a terminal's (not a back-office client's)."""
    known = conn.execute(
        "SELECT 1 FROM terminals WHERE terminal_id = ? AND kind = 'terminal'", (terminal_id,)
    ).fetchone()
    if known is None:
        raise ApiError(404, "not_found", "没有这台终端", "No such terminal")
