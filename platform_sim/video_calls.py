"""The video calls' store: each call's state, its two SDPs, the case draft the clerk
sees, and the clerk's messages (routes in :mod:`platform_sim.routes_video`).

A call rings for :data:`RING_SECONDS`; one no clerk answered by then is ``missed``
(decided as it is read, by the simulator's clock), and the kiosk offers a call back.
A kiosk has one camera and one resident: its new call ends any call it still had. A
kiosk polls its live call twice a second; one silent for :data:`KIOSK_SILENT_SECONDS`
(switched off, crashed, cut off) has gone, and its call ends (``ended_by`` kiosk), so
no clerk answers or stays in a call with nobody.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from platform_contract.video_calls import (
    ClerkMessageIn,
    ClerkMessageOut,
    VideoCallDeskOut,
    VideoCallIn,
    VideoCallOut,
    VideoCaseIn,
)
from platform_sim.clock import now
from platform_sim.db import Database
from platform_sim.errors import ApiError
from platform_sim.store.transaction import StoreRow, Tx

#: how long a call rings before it counts as missed
RING_SECONDS = 60
#: a live call whose kiosk has not polled it for this long ends: the kiosk is gone
KIOSK_SILENT_SECONDS = 30
#: the clerks' list shows at most this many calls
LIST_LIMIT = 100
LIVE = ("ringing", "answered")


def unknown() -> ApiError:
    return ApiError(404, "unknown_video_call", "没有这个视频通话", "There is no such video call")


def _not_in_state(wanted: str) -> ApiError:
    return ApiError(
        409,
        "video_call_state",
        f"通话状态不允许此操作（需{wanted}）",
        f"The call is not {wanted}",
    )


def _expire(conn: Tx) -> None:
    """Ringing calls past their time become missed (no clerk took them); then live calls
    whose kiosk fell silent end (times are Beijing ISO strings: they compare as text)."""
    at = now()
    conn.execute(
        "UPDATE video_calls SET state = 'missed' WHERE state = 'ringing' AND rings_until <= ?",
        (at.isoformat(),),
    )
    conn.execute(
        "UPDATE video_calls SET state = 'ended', ended_by = 'kiosk'"
        " WHERE state IN (?, ?) AND kiosk_seen_at <= ?",
        (*LIVE, (at - timedelta(seconds=KIOSK_SILENT_SECONDS)).isoformat()),
    )


def _row(conn: Tx, call_id: str) -> StoreRow:
    _expire(conn)
    row: StoreRow | None = conn.execute(
        "SELECT * FROM video_calls WHERE call_id = ?", (call_id,)
    ).fetchone()
    if row is None:
        raise unknown()
    return row


def _messages(conn: Tx, call_id: str) -> list[ClerkMessageOut]:
    rows = conn.execute(
        "SELECT * FROM video_call_messages WHERE call_id = ? ORDER BY seq", (call_id,)
    ).fetchall()
    return [ClerkMessageOut.model_validate(dict(r)) for r in rows]  # ISO times parsed


def kiosk_view(conn: Tx, row: StoreRow) -> VideoCallOut:
    return VideoCallOut(
        call_id=row["call_id"],
        state=row["state"],
        rings_until=datetime.fromisoformat(row["rings_until"]),
        answer_sdp=row["answer_sdp"],
        ended_by=row["ended_by"],
        messages=_messages(conn, row["call_id"]),
    )


def desk_view(conn: Tx, row: StoreRow) -> VideoCallDeskOut:
    return VideoCallDeskOut(
        **kiosk_view(conn, row).model_dump(),
        terminal_id=row["terminal_id"],
        offer_sdp=row["offer_sdp"],
        case=VideoCaseIn.model_validate_json(row["case_json"]),
        called_at=datetime.fromisoformat(row["called_at"]),
        received_at=datetime.fromisoformat(row["received_at"]),
    )


def open_call(db: Database, terminal_id: str, body: VideoCallIn) -> tuple[VideoCallOut, bool]:
    """The kiosk's new call (or, for a resend, the call as it stands: ``False``)."""
    with db.tx() as conn:
        row = conn.execute(
            "SELECT * FROM video_calls WHERE call_id = ?", (body.call_id,)
        ).fetchone()
        if row is not None:
            if row["terminal_id"] != terminal_id:
                raise ApiError(409, "video_call_taken", "通话编号已被使用", "This call id is taken")
            return kiosk_view(conn, _row(conn, body.call_id)), False
        conn.execute(
            "UPDATE video_calls SET state = 'ended', ended_by = 'kiosk'"
            " WHERE terminal_id = ? AND state IN (?, ?)",
            (terminal_id, *LIVE),
        )
        received = now()
        conn.execute(
            "INSERT INTO video_calls (call_id, terminal_id, state, offer_sdp, case_json,"
            " called_at, received_at, rings_until, kiosk_seen_at)"
            " VALUES (?, ?, 'ringing', ?, ?, ?, ?, ?, ?)",
            (
                body.call_id,
                terminal_id,
                body.offer_sdp,
                body.case.model_dump_json(),
                body.called_at.isoformat(),
                received.isoformat(),
                (received + timedelta(seconds=RING_SECONDS)).isoformat(),
                received.isoformat(),
            ),
        )
        return kiosk_view(conn, _row(conn, body.call_id)), True


def kiosk_call(db: Database, terminal_id: str, call_id: str) -> VideoCallOut:
    """The kiosk's own call, as it stands; the kiosk asking is the kiosk alive."""
    with db.tx() as conn:
        row = _row(conn, call_id)
        # another terminal's call is as unknown as one that does not exist
        if row["terminal_id"] != terminal_id:
            raise unknown()
        conn.execute(
            "UPDATE video_calls SET kiosk_seen_at = ? WHERE call_id = ?",
            (now().isoformat(), call_id),
        )
        return kiosk_view(conn, row)


def hang_up(db: Database, call_id: str, by: str, terminal_id: str | None = None) -> StoreRow:
    """End a live call (``by`` the kiosk or the clerk); an ended or missed one stays so."""
    with db.tx() as conn:
        row = _row(conn, call_id)
        if terminal_id is not None and row["terminal_id"] != terminal_id:
            raise unknown()
        if row["state"] in LIVE:
            conn.execute(
                "UPDATE video_calls SET state = 'ended', ended_by = ? WHERE call_id = ?",
                (by, call_id),
            )
        return _row(conn, call_id)


def desk_calls(db: Database, state: str | None) -> list[VideoCallDeskOut]:
    """Ringing first, newest first; ``state`` None: every state."""
    with db.tx() as conn:
        _expire(conn)
        rows = conn.execute(
            "SELECT * FROM video_calls WHERE CAST(?1 AS TEXT) IS NULL OR state = ?1"
            " ORDER BY state = 'ringing' DESC, received_at DESC LIMIT ?2",
            (state, LIST_LIMIT),
        ).fetchall()
        return [desk_view(conn, r) for r in rows]


def desk_call(db: Database, call_id: str) -> VideoCallDeskOut:
    with db.tx() as conn:
        return desk_view(conn, _row(conn, call_id))


def answer(db: Database, call_id: str, answer_sdp: str) -> VideoCallDeskOut:
    """A clerk takes the ringing call: the first answer wins, a second clerk is refused."""
    with db.tx() as conn:
        if _row(conn, call_id)["state"] != "ringing":
            raise _not_in_state("ringing")
        conn.execute(
            "UPDATE video_calls SET state = 'answered', answer_sdp = ? WHERE call_id = ?",
            (answer_sdp, call_id),
        )
        return desk_view(conn, _row(conn, call_id))


def post_message(db: Database, call_id: str, body: ClerkMessageIn) -> VideoCallDeskOut:
    """A note or an approval for the kiosk, only during the answered call; an approval
    names one of the kiosk's listed materials that is not in hand and may come later."""
    with db.tx() as conn:
        row = _row(conn, call_id)
        if row["state"] != "answered":
            raise _not_in_state("answered")
        case = VideoCaseIn.model_validate_json(row["case_json"])
        approvable = {m.code for m in case.materials if m.deferrable and m.state != "in_hand"}
        if body.material_code is not None and body.material_code not in approvable:
            raise ApiError(
                422,
                "material_not_approvable",
                "该材料不在可容缺的待补材料中",
                "That material is not one the case may hand in later",
            )
        seq = conn.execute(
            "SELECT COALESCE(MAX(seq), 0) + 1 FROM video_call_messages WHERE call_id = ?",
            (call_id,),
        ).fetchone()[0]
        conn.execute(
            "INSERT INTO video_call_messages (call_id, seq, kind, note, material_code,"
            " posted_at) VALUES (?, ?, ?, ?, ?, ?)",
            (call_id, seq, body.kind, body.note, body.material_code or "", now().isoformat()),
        )
        return desk_view(conn, row)
