"""Signalling for the video call with a clerk (远程视频); the store is
:mod:`platform_sim.video_calls`, the wire :mod:`platform_contract.video_calls`.

Kiosk (terminal token):

* ``POST /video-calls`` -- open a call with the SDP offer and the case draft's summary
  (idempotent by ``call_id``); it rings on the clerks' page.
* ``GET /video-calls/{call_id}`` -- poll: the state, the clerk's answer once answered,
  the clerk's notes and approvals.
* ``POST /video-calls/{call_id}/hang-up`` -- the resident ends the call.

Clerk (back-office token, the help-desk page):

* ``GET /backoffice/video-calls`` -- ringing first, with the offer and the case draft.
* ``GET /backoffice/video-calls/{call_id}`` -- one call.
* ``POST /backoffice/video-calls/{call_id}/answer`` -- the SDP answer: the call is taken.
* ``POST /backoffice/video-calls/{call_id}/messages`` -- a note or a material approved.
* ``POST /backoffice/video-calls/{call_id}/hang-up``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from platform_contract.schemas import ErrorOut
from platform_contract.video_calls import (
    ClerkMessageIn,
    VideoAnswerIn,
    VideoCallDeskOut,
    VideoCallIn,
    VideoCallListOut,
    VideoCallOut,
    VideoCallState,
)
from platform_sim import video_calls
from platform_sim.auth import Backoffice, Db, Terminal
from platform_sim.routes_public import AUTH_ERRORS, NOT_FOUND_ERRORS, PathKey

router = APIRouter(tags=["video"])
backoffice_router = APIRouter(prefix="/backoffice", tags=["back office"])
STATE_ERRORS: dict[int | str, dict[str, object]] = {**NOT_FOUND_ERRORS, 409: {"model": ErrorOut}}


@router.post(
    "/video-calls",
    status_code=201,
    summary="A resident calls a clerk by video: the offer and the case draft's summary",
    responses={**AUTH_ERRORS, 409: {"model": ErrorOut}},
)
def open_video_call(body: VideoCallIn, who: Terminal, db: Db, response: Response) -> VideoCallOut:
    call, created = video_calls.open_call(db, who.terminal_id, body)
    if not created:
        response.status_code = 200  # a resend: the call as it stands
    return call


@router.get(
    "/video-calls/{call_id}",
    summary="This terminal's call: its state, the clerk's answer and messages",
    responses=NOT_FOUND_ERRORS,
)
def poll_video_call(call_id: PathKey, who: Terminal, db: Db) -> VideoCallOut:
    return video_calls.kiosk_call(db, who.terminal_id, call_id)


@router.post(
    "/video-calls/{call_id}/hang-up",
    summary="The resident ends the call (also while it rings)",
    responses=NOT_FOUND_ERRORS,
)
def kiosk_hang_up(call_id: PathKey, who: Terminal, db: Db) -> VideoCallOut:
    video_calls.hang_up(db, call_id, "kiosk", who.terminal_id)
    return video_calls.kiosk_call(db, who.terminal_id, call_id)


@backoffice_router.get(
    "/video-calls", summary="Video calls from the kiosks, ringing first", responses=AUTH_ERRORS
)
def list_video_calls(
    _who: Backoffice, db: Db, state: Annotated[VideoCallState | None, Query()] = None
) -> VideoCallListOut:
    return VideoCallListOut(calls=video_calls.desk_calls(db, state))


@backoffice_router.get(
    "/video-calls/{call_id}",
    summary="One call with its offer and case draft",
    responses=NOT_FOUND_ERRORS,
)
def desk_video_call(call_id: PathKey, _who: Backoffice, db: Db) -> VideoCallDeskOut:
    return video_calls.desk_call(db, call_id)


@backoffice_router.post(
    "/video-calls/{call_id}/answer",
    summary="A clerk takes the ringing call with the SDP answer",
    responses=STATE_ERRORS,
)
def answer_video_call(
    call_id: PathKey, body: VideoAnswerIn, _who: Backoffice, db: Db
) -> VideoCallDeskOut:
    return video_calls.answer(db, call_id, body.answer_sdp)


@backoffice_router.post(
    "/video-calls/{call_id}/messages",
    summary="A note for the resident, or a missing material approved (容缺)",
    responses={**STATE_ERRORS, 422: {"model": ErrorOut}},
)
def post_clerk_message(
    call_id: PathKey, body: ClerkMessageIn, _who: Backoffice, db: Db
) -> VideoCallDeskOut:
    return video_calls.post_message(db, call_id, body)


@backoffice_router.post(
    "/video-calls/{call_id}/hang-up", summary="The clerk ends the call", responses=NOT_FOUND_ERRORS
)
def clerk_hang_up(call_id: PathKey, _who: Backoffice, db: Db) -> VideoCallDeskOut:
    video_calls.hang_up(db, call_id, "clerk")
    return video_calls.desk_call(db, call_id)


def install(api: APIRouter) -> None:
    """Both sides' routes, under ``api`` (the calls' tables are the store's schema)."""
    api.include_router(router)
    api.include_router(backoffice_router)
