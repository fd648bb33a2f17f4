"""Pickup-code checks, reference photos and appointments for the terminal."""

from __future__ import annotations

import base64
from typing import Annotated

from fastapi import APIRouter, Path

from platform_contract.schemas import (
    AppointmentOut,
    ErrorOut,
    PhotoOut,
    PickupTicketOut,
    PickupVerifyIn,
)
from platform_sim.appointments import appointment_out
from platform_sim.auth import Db, Terminal
from platform_sim.cases import matter_name
from platform_sim.errors import ApiError
from platform_sim.pickup import ticket, verify_code
from platform_sim.pickup_limits import begin_check, check_succeeded
from platform_sim.routes_public import AUTH_ERRORS, NOT_FOUND_ERRORS, PathKey

router = APIRouter()


@router.post(
    "/pickup/verify",
    tags=["pickup"],
    summary="Check a pickup code; does not spend it (certificate_collected does)",
    responses={
        **AUTH_ERRORS,
        404: {"model": ErrorOut, "description": "Wrong code"},
        409: {"model": ErrorOut, "description": "The certificate is at another terminal"},
        410: {"model": ErrorOut, "description": "Used or expired code"},
        429: {
            "model": ErrorOut,
            "description": "Too many refused checks from this terminal, or of this code,"
            " in 10 minutes; see Retry-After",
        },
    },
)
def verify(body: PickupVerifyIn, who: Terminal, db: Db) -> PickupTicketOut:
    attempt = begin_check(db, who.terminal_id, body.code)  # 429 when over a limit
    with db.tx() as conn:
        row = verify_code(conn, body.code, who.terminal_id)
        case = conn.execute(
            "SELECT matter_code FROM cases WHERE code = ?", (row["case_code"],)
        ).fetchone()
        out = ticket(conn, row, matter_name(conn, case["matter_code"]))
    check_succeeded(db, attempt)
    return out


@router.get(
    "/persons/{id_number}/photo",
    tags=["persons"],
    summary="The person's reference photo for the face check",
    responses={**AUTH_ERRORS, 404: {"model": ErrorOut, "description": "No photo on file"}},
)
def photo(
    id_number: Annotated[str, Path(pattern=r"^[0-9A-Z]{15,18}$")], _who: Terminal, db: Db
) -> PhotoOut:
    with db.tx() as conn:
        row = conn.execute(
            "SELECT photo, photo_mime, photo_width, photo_height FROM persons WHERE id_number = ?",
            (id_number,),
        ).fetchone()
    if row is None or row["photo"] is None:
        raise ApiError(
            404, "no_photo", "平台没有该人员的照片", "The platform has no photo of this person"
        )
    return PhotoOut(
        mime=row["photo_mime"],
        width=row["photo_width"],
        height=row["photo_height"],
        data=base64.b64encode(row["photo"]).decode(),
    )


@router.get(
    "/appointments/{token}",
    tags=["appointments"],
    summary="The booking behind an appointment QR code (专用二维码)",
    responses=NOT_FOUND_ERRORS,
)
def appointment(token: PathKey, _who: Terminal, db: Db) -> AppointmentOut:
    with db.tx() as conn:
        row = conn.execute("SELECT * FROM appointments WHERE token = ?", (token,)).fetchone()
        if row is None:
            raise ApiError(
                404, "unknown_appointment", "未找到该预约", "No appointment has this code"
            )
        return appointment_out(conn, row)  # with its check-in rule (issue 19 item 4)
