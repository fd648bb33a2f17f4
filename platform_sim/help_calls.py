"""Help calls: a resident pressed 呼叫工作人员 at a kiosk; the site's on-duty staff see
it in the back office and acknowledge it with the wait they expect.

* ``POST /help-calls`` -- the terminal posts the call (idempotent by ``call_id``):
  its step and time, nothing personal; a ``callback`` request (no one on duty) also
  carries the phone number to call back.
* ``GET /help-calls/{call_id}`` -- the terminal polls its own call's state.
* ``GET /backoffice/help-calls`` -- the clerks' list (open first, newest first).
* ``POST /backoffice/help-calls/{call_id}/acknowledge`` -- "on my way, ~N minutes".
* ``GET /help-desk`` -- a plain page for the clerks (it asks for the back-office
  token and calls the two back-office routes; it holds no data itself).

A terminal may hold at most :data:`MAX_OPEN_PER_TERMINAL` open calls: a stuck
button or a script cannot flood the clerks' list (429 ``too_many_help_calls``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response
from fastapi.responses import HTMLResponse

from platform_contract.schemas import (
    ErrorOut,
    HelpAckIn,
    HelpCallDeskOut,
    HelpCallIn,
    HelpCallListOut,
    HelpCallOut,
)
from platform_sim.auth import Backoffice, Db, Terminal
from platform_sim.clerk_pages import clerk_page
from platform_sim.clock import now
from platform_sim.errors import ApiError
from platform_sim.help_desk_page import HELP_DESK_HTML
from platform_sim.routes_public import AUTH_ERRORS, NOT_FOUND_ERRORS, PathKey
from platform_sim.store.transaction import StoreRow

MAX_OPEN_PER_TERMINAL = 5
#: the clerks' list shows at most this many calls
LIST_LIMIT = 200


router = APIRouter(tags=["help"])
backoffice_router = APIRouter(prefix="/backoffice", tags=["back office"])
page_router = APIRouter()


def _masked(phone: str) -> str:
    return f"{phone[:3]}****{phone[-4:]}" if phone else ""


def _out(row: StoreRow) -> HelpCallOut:
    return HelpCallOut(
        call_id=row["call_id"],
        terminal_id=row["terminal_id"],
        kind=row["kind"],
        step=row["step"],
        called_at=datetime.fromisoformat(row["called_at"]),
        received_at=datetime.fromisoformat(row["received_at"]),
        state=row["state"],
        wait_minutes=row["wait_minutes"],
        acknowledged_at=(
            datetime.fromisoformat(row["acknowledged_at"]) if row["acknowledged_at"] else None
        ),
        phone_masked=_masked(row["phone"]),
    )


def _unknown() -> ApiError:
    return ApiError(404, "unknown_help_call", "没有这个呼叫", "There is no such help call")


@router.post(
    "/help-calls",
    status_code=201,
    summary="A resident asks for staff (or, off hours, for a call back)",
    responses={**AUTH_ERRORS, 409: {"model": ErrorOut}, 429: {"model": ErrorOut}},
)
def post_help_call(body: HelpCallIn, who: Terminal, db: Db, response: Response) -> HelpCallOut:
    with db.tx(counts_then_inserts=True) as conn:
        row = conn.execute("SELECT * FROM help_calls WHERE call_id = ?", (body.call_id,)).fetchone()
        if row is not None:
            if row["terminal_id"] != who.terminal_id:
                raise ApiError(409, "help_call_taken", "呼叫编号已被使用", "This call id is taken")
            response.status_code = 200  # a resend: the call as it stands
            return _out(row)
        open_calls = conn.execute(
            "SELECT COUNT(*) FROM help_calls WHERE terminal_id = ? AND state = 'open'",
            (who.terminal_id,),
        ).fetchone()[0]
        if open_calls >= MAX_OPEN_PER_TERMINAL:
            raise ApiError(
                429,
                "too_many_help_calls",
                "本机已有多个呼叫等待处理，请稍候",
                "This kiosk already has several calls waiting; staff will come",
            )
        conn.execute(
            "INSERT INTO help_calls (call_id, terminal_id, kind, step, phone, called_at,"
            " received_at, state) VALUES (?, ?, ?, ?, ?, ?, ?, 'open')",
            (
                body.call_id,
                who.terminal_id,
                body.kind,
                body.step,
                body.phone or "",
                body.called_at.isoformat(),
                now().isoformat(),
            ),
        )
        row = conn.execute("SELECT * FROM help_calls WHERE call_id = ?", (body.call_id,)).fetchone()
        return _out(row)


@router.get(
    "/help-calls/{call_id}",
    summary="This terminal's call as it stands (open, or acknowledged with the wait)",
    responses=NOT_FOUND_ERRORS,
)
def get_help_call(call_id: PathKey, who: Terminal, db: Db) -> HelpCallOut:
    with db.tx() as conn:
        row = conn.execute("SELECT * FROM help_calls WHERE call_id = ?", (call_id,)).fetchone()
    # another terminal's call is as unknown as one that does not exist
    if row is None or row["terminal_id"] != who.terminal_id:
        raise _unknown()
    return _out(row)


@backoffice_router.get(
    "/help-calls", summary="Help calls from the kiosks, open first", responses=AUTH_ERRORS
)
def list_help_calls(
    _who: Backoffice,
    db: Db,
    state: Annotated[Literal["open", "acknowledged"] | None, Query()] = None,
) -> HelpCallListOut:
    sql = "SELECT * FROM help_calls"
    args: tuple[str, ...] = ()
    if state is not None:
        sql += " WHERE state = ?"
        args = (state,)
    sql += " ORDER BY state = 'open' DESC, received_at DESC LIMIT ?"
    with db.tx() as conn:
        rows = conn.execute(sql, (*args, LIST_LIMIT)).fetchall()
    return HelpCallListOut(
        calls=[HelpCallDeskOut(**_out(r).model_dump(), phone=r["phone"]) for r in rows]
    )


@backoffice_router.post(
    "/help-calls/{call_id}/acknowledge",
    summary="A clerk takes the call: the kiosk shows the expected wait",
    responses=NOT_FOUND_ERRORS,
)
def acknowledge(call_id: PathKey, body: HelpAckIn, _who: Backoffice, db: Db) -> HelpCallOut:
    with db.tx() as conn:
        row = conn.execute("SELECT * FROM help_calls WHERE call_id = ?", (call_id,)).fetchone()
        if row is None:
            raise _unknown()
        # a second clerk's acknowledgement updates the wait (the newer word holds)
        conn.execute(
            "UPDATE help_calls SET state = 'acknowledged', wait_minutes = ?,"
            " acknowledged_at = COALESCE(acknowledged_at, ?) WHERE call_id = ?",
            (body.wait_minutes, now().isoformat(), call_id),
        )
        row = conn.execute("SELECT * FROM help_calls WHERE call_id = ?", (call_id,)).fetchone()
        return _out(row)


@page_router.get("/help-desk", include_in_schema=False)
def help_desk_page() -> HTMLResponse:
    """The clerks' page: static, no data (it fetches with the token it is given)."""
    return clerk_page(HELP_DESK_HTML)
