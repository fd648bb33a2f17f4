"""Lookups for the resident journeys added after the first two: a person's cases
(progress by ID card), a person's appointments (check-in by ID card), the
certificate waiting for a person (pickup by ID card + face), and the person's
profile for pre-filling forms."""

from __future__ import annotations

import base64
import binascii
import secrets
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Request

from platform_contract.schemas import (
    AppointmentListOut,
    CaseListOut,
    ErrorOut,
    PersonIn,
    PickupTicketOut,
    ProfileOut,
)
from platform_contract.uploads import (
    MAX_UPLOAD_BASE64,
    MAX_UPLOAD_BYTES,
    MAX_UPLOAD_FILES,
    UploadAcceptedOut,
    UploadFileIn,
    UploadFileOut,
    UploadFilesOut,
    UploadSessionOut,
)
from platform_contract.vocabulary import CaseStatusKind
from platform_sim.appointments import appointment_out
from platform_sim.auth import Db, Terminal
from platform_sim.cases import case_out, matter_name
from platform_sim.clock import now
from platform_sim.db import Database
from platform_sim.errors import ApiError
from platform_sim.routes_public import AUTH_ERRORS
from platform_sim.seal import sealed_ticket
from platform_sim.store.transaction import StoreRow, Tx

router = APIRouter()
IdNumber = Annotated[str, Path(pattern=r"^[0-9A-Z]{15,18}$")]


def _person_rows(
    conn: Tx, id_number: str, extra: str = "", args: tuple[str, ...] = ()
) -> list[StoreRow]:
    rows = conn.execute(
        f"SELECT * FROM cases WHERE {conn.json_text('applicant', 'id_number')} = ?"
        + extra
        + " ORDER BY created_at DESC",
        (id_number, *args),
    ).fetchall()
    return list(rows)


@router.get(
    "/persons/{id_number}/cases",
    tags=["persons"],
    summary="A person's cases, newest first (progress query by ID card)",
    responses=AUTH_ERRORS,
)
def person_cases(id_number: IdNumber, _who: Terminal, db: Db) -> CaseListOut:
    with db.tx() as conn:
        return CaseListOut(cases=[case_out(conn, r) for r in _person_rows(conn, id_number)])


@router.get(
    "/persons/{id_number}/appointments",
    tags=["appointments"],
    summary="A person's appointments (check-in by ID card)",
    responses=AUTH_ERRORS,
)
def person_appointments(id_number: IdNumber, _who: Terminal, db: Db) -> AppointmentListOut:
    with db.tx() as conn:
        rows = conn.execute(
            "SELECT * FROM appointments WHERE id_number = ? ORDER BY scheduled_at", (id_number,)
        ).fetchall()
        return AppointmentListOut(
            appointments=[
                appointment_out(conn, r)  # with its check-in rule (issue 19 item 4)
                for r in rows
            ]
        )


@router.get(
    "/persons/{id_number}/profile",
    tags=["persons"],
    summary="What the platform knows for pre-filling forms (申报信息复用)",
    responses={**AUTH_ERRORS, 404: {"model": ErrorOut}},
)
def person_profile(id_number: IdNumber, _who: Terminal, db: Db) -> ProfileOut:
    with db.tx() as conn:
        row = conn.execute("SELECT phone FROM persons WHERE id_number = ?", (id_number,)).fetchone()
    if row is None:
        raise ApiError(404, "unknown_person", "平台没有该人员的信息", "The platform has no record")
    return ProfileOut(phone=row["phone"])


@router.post(
    "/pickup/by-person",
    tags=["pickup"],
    summary="The certificate waiting for a person at this terminal (pickup by ID card)",
    responses={**AUTH_ERRORS, 404: {"model": ErrorOut, "description": "Nothing to collect"}},
)
def pickup_by_person(body: PersonIn, who: Terminal, db: Db) -> PickupTicketOut:
    with db.tx() as conn:
        # the terminal holding the certificate (its live pickup code's), which need not
        # be the one the case was declared at (ownership.py)
        rows = _person_rows(
            conn,
            body.id_number,
            " AND status = ? AND code IN (SELECT case_code FROM pickup_codes"
            " WHERE used_at IS NULL AND terminal_id = ?)",
            (CaseStatusKind.CERTIFICATE_READY.value, who.terminal_id),
        )
        if not rows:
            raise ApiError(
                404,
                "nothing_to_collect",
                "本机没有您待领取的证照",
                "There is no certificate waiting for you at this kiosk",
            )
        row = rows[-1]  # the oldest first: one certificate per visit
        return sealed_ticket(
            conn, row["code"], row["compartment_id"], matter_name(conn, row["matter_code"])
        )


# --------------------------------------------------------------------------- phone uploads
# 网盘 / phone intake: the kiosk opens a one-time upload session and shows its link
# as a QR code; the resident's phone posts files to it (no terminal token: the
# unguessable, short-lived link is the credential); the kiosk collects them.
# Only the terminal that opened a session reads or closes it (404 to any other).
# A session's files are deleted when it is closed or expires: every upload call
# first purges what expired (the simulator has no scheduler; a real platform would
# also run it on a timer), and a session's row goes a day after it expired.

UPLOAD_TTL_S = 600
#: how long an expired session is still answered 410 (not 404) before its row goes
UPLOAD_FORGET_S = 24 * 3600


def _uploads(db: Database) -> None:
    """Purge what expired: first in every upload call,
    in its own transaction, so a refusal that follows (410) does not roll it back."""
    with db.tx() as conn:
        t = now().timestamp()
        conn.execute(
            "DELETE FROM upload_files WHERE token IN"
            " (SELECT token FROM uploads WHERE closed = 1 OR expires_at < ?)",
            (t,),
        )
        conn.execute("DELETE FROM uploads WHERE expires_at < ?", (t - UPLOAD_FORGET_S,))


def _unknown_upload() -> ApiError:
    return ApiError(404, "unknown_upload", "上传链接无效", "This upload link is not valid")


def _session(conn: Tx, token: str, terminal_id: str | None) -> StoreRow:
    """The live session; 404 unknown (or another terminal's), 410 closed or expired.
    ``terminal_id`` None: the phone, for which the link itself is the credential."""
    row: StoreRow | None = conn.execute(
        "SELECT * FROM uploads WHERE token = ?", (token,)
    ).fetchone()
    if row is None or (terminal_id is not None and row["terminal_id"] != terminal_id):
        raise _unknown_upload()
    if row["closed"] or row["expires_at"] < now().timestamp():
        raise ApiError(410, "upload_closed", "上传链接已失效", "This upload link has expired")
    return row


@router.post("/uploads", tags=["uploads"], summary="Open a one-time phone upload session")
def open_upload(who: Terminal, db: Db, request: Request) -> UploadSessionOut:

    token = secrets.token_urlsafe(18)
    expires = now().timestamp() + UPLOAD_TTL_S
    _uploads(db)
    with db.tx() as conn:
        conn.execute(
            "INSERT INTO uploads (token, terminal_id, expires_at) VALUES (?, ?, ?)",
            (token, who.terminal_id, expires),
        )
    url = str(request.base_url).rstrip("/") + f"/api/v1/uploads/{token}/files"
    return UploadSessionOut(
        token=token, upload_url=url, expires_at=datetime.fromtimestamp(expires).astimezone()
    )


@router.post(
    "/uploads/{token}/files",
    tags=["uploads"],
    summary="The phone posts a file (no token header: the link is the credential)",
    responses={404: {"model": ErrorOut}, 410: {"model": ErrorOut}, 413: {"model": ErrorOut}},
)
def upload_file(
    token: Annotated[str, Path(max_length=64)], body: UploadFileIn, db: Db
) -> UploadAcceptedOut:

    if len(body.data) > MAX_UPLOAD_BASE64:  # before decoding a giant string
        raise ApiError(413, "too_large", "文件过大", "The file is too large")
    try:
        data = base64.b64decode(body.data, validate=True)
    except (binascii.Error, ValueError):
        raise ApiError(422, "bad_data", "文件内容无效", "The file data is not valid") from None
    if len(data) > MAX_UPLOAD_BYTES:
        raise ApiError(413, "too_large", "文件过大", "The file is too large")
    _uploads(db)
    with db.tx() as conn:
        _session(conn, token, None)
        n = conn.execute("SELECT COUNT(*) FROM upload_files WHERE token = ?", (token,)).fetchone()[
            0
        ]
        if n >= MAX_UPLOAD_FILES:
            raise ApiError(413, "too_many", "文件数量已达上限", "No more files fit in this upload")
        conn.execute(
            "INSERT INTO upload_files (token, idx, name, mime, data) VALUES (?, ?, ?, ?, ?)",
            (token, n, body.name, body.mime, data),
        )
    return UploadAcceptedOut(received=n + 1)


@router.get(
    "/uploads/{token}",
    tags=["uploads"],
    summary="The files the phone sent so far (the terminal that opened the session)",
    responses={**AUTH_ERRORS, 404: {"model": ErrorOut}, 410: {"model": ErrorOut}},
)
def upload_files(
    token: Annotated[str, Path(max_length=64)], who: Terminal, db: Db
) -> UploadFilesOut:
    _uploads(db)
    with db.tx() as conn:
        row = _session(conn, token, who.terminal_id)
        files = conn.execute(
            "SELECT name, mime, data FROM upload_files WHERE token = ? ORDER BY idx", (token,)
        ).fetchall()
        return UploadFilesOut(
            files=[
                UploadFileOut(
                    name=f["name"], mime=f["mime"], data=base64.b64encode(f["data"]).decode()
                )
                for f in files
            ],
            closed=bool(row["closed"]),
        )


@router.delete(
    "/uploads/{token}",
    tags=["uploads"],
    summary="Close the session and drop its files (the terminal that opened it)",
    responses={**AUTH_ERRORS, 404: {"model": ErrorOut}},
)
def close_upload(
    token: Annotated[str, Path(max_length=64)], who: Terminal, db: Db
) -> UploadFilesOut:
    _uploads(db)
    with db.tx() as conn:
        row = conn.execute("SELECT terminal_id FROM uploads WHERE token = ?", (token,)).fetchone()
        if row is None or row["terminal_id"] != who.terminal_id:
            raise _unknown_upload()
        # closing twice, or after it expired, is still a close: the kiosk's clean-up
        conn.execute("UPDATE uploads SET closed = 1 WHERE token = ?", (token,))
        conn.execute("DELETE FROM upload_files WHERE token = ?", (token,))
    return UploadFilesOut(files=[], closed=True)
