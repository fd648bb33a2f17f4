"""Video-call signalling through the running simulator (issue 21 item 1): the kiosk's
offer and case draft reach the clerks' list, the clerk's answer, notes and approvals
reach the kiosk's poll, a call no clerk takes rings out, a call whose kiosk fell silent
ends, each side sees only its own."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from platform_sim import clock
from platform_sim.seed import DEMO_TERMINAL_ID
from platform_sim.video_calls import KIOSK_SILENT_SECONDS, RING_SECONDS
from tests.platform.helpers import backoffice, session

OFFER = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"


def _call(**over: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "call_id": uuid.uuid4().hex,
        "offer_sdp": OFFER,
        "called_at": datetime.now(UTC).isoformat(),
        "case": {
            "step": "materials",
            "matter_code": "SW001",
            "matter_zh": "个体工商户登记",
            "materials": [
                {"code": "M1", "name_zh": "身份证复印件", "state": "in_hand"},
                {"code": "M2", "name_zh": "经营场所证明", "state": "missing", "deferrable": True},
                {"code": "M3", "name_zh": "章程", "state": "missing"},
            ],
        },
    }
    body.update(over)
    return body


@pytest.fixture
def clock_back() -> Iterator[None]:
    yield
    clock.reset()


def _desk(api: str, call_id: str) -> dict[str, Any]:
    r = backoffice().get(f"{api}/backoffice/video-calls/{call_id}")
    assert r.status_code == 200, r.text
    result: dict[str, Any] = r.json()
    return result


def test_offer_answer_notes_and_approvals_go_between_kiosk_and_clerk(api: str) -> None:
    body = _call()
    r = session().post(f"{api}/video-calls", json=body)
    assert r.status_code == 201, r.text
    assert r.json()["state"] == "ringing"
    assert session().post(f"{api}/video-calls", json=body).status_code == 200  # a resend

    ringing = backoffice().get(f"{api}/backoffice/video-calls", params={"state": "ringing"})
    mine = [c for c in ringing.json()["calls"] if c["call_id"] == body["call_id"]]
    assert len(mine) == 1
    assert mine[0]["terminal_id"] == DEMO_TERMINAL_ID
    assert mine[0]["offer_sdp"] == OFFER
    assert [m["name_zh"] for m in mine[0]["case"]["materials"]] == [
        "身份证复印件",
        "经营场所证明",
        "章程",
    ]

    url = f"{api}/backoffice/video-calls/{body['call_id']}"
    assert backoffice().post(f"{url}/answer", json={"answer_sdp": "v=0 answer"}).status_code == 200
    assert backoffice().post(f"{url}/answer", json={"answer_sdp": "v=0"}).status_code == 409
    note = backoffice().post(f"{url}/messages", json={"kind": "note", "note": "请出示原件"})
    assert note.status_code == 200, note.text
    approve = {"kind": "material_approved", "material_code": "M2"}
    assert backoffice().post(f"{url}/messages", json=approve).status_code == 200

    polled = session().get(f"{api}/video-calls/{body['call_id']}").json()
    assert polled["state"] == "answered"
    assert polled["answer_sdp"] == "v=0 answer"
    assert [(m["seq"], m["kind"], m["note"], m["material_code"]) for m in polled["messages"]] == [
        (1, "note", "请出示原件", ""),
        (2, "material_approved", "", "M2"),
    ]

    assert backoffice().post(f"{url}/hang-up").json()["ended_by"] == "clerk"
    assert session().get(f"{api}/video-calls/{body['call_id']}").json()["state"] == "ended"
    assert backoffice().post(f"{url}/messages", json=approve).status_code == 409


def test_a_call_no_clerk_takes_rings_out(api: str, clock_back: None) -> None:
    body = _call()
    session().post(f"{api}/video-calls", json=body)
    clock.advance(timedelta(seconds=RING_SECONDS + 1))
    assert session().get(f"{api}/video-calls/{body['call_id']}").json()["state"] == "missed"
    late = backoffice().post(
        f"{api}/backoffice/video-calls/{body['call_id']}/answer", json={"answer_sdp": "v=0"}
    )
    assert late.status_code == 409


def test_a_call_whose_kiosk_fell_silent_ends(api: str, clock_back: None) -> None:
    ringing, answered = _call(), _call()
    session().post(f"{api}/video-calls", json=ringing)
    clock.advance(timedelta(seconds=KIOSK_SILENT_SECONDS + 1))
    assert (
        _desk(api, ringing["call_id"])["state"],
        _desk(api, ringing["call_id"])["ended_by"],
    ) == (
        "ended",
        "kiosk",
    )
    session().post(f"{api}/video-calls", json=answered)
    url = f"{api}/backoffice/video-calls/{answered['call_id']}"
    backoffice().post(f"{url}/answer", json={"answer_sdp": "v=0"})
    clock.advance(timedelta(seconds=KIOSK_SILENT_SECONDS - 5))
    assert session().get(f"{api}/video-calls/{answered['call_id']}").json()["state"] == "answered"
    clock.advance(timedelta(seconds=KIOSK_SILENT_SECONDS - 5))  # polled since: still alive
    assert _desk(api, answered["call_id"])["state"] == "answered"
    clock.advance(timedelta(seconds=10))  # silent too long now
    assert _desk(api, answered["call_id"])["state"] == "ended"


def test_the_kiosk_hangs_up_and_a_new_call_ends_the_old(api: str) -> None:
    first, second = _call(), _call()
    session().post(f"{api}/video-calls", json=first)
    session().post(f"{api}/video-calls", json=second)
    assert _desk(api, first["call_id"])["state"] == "ended"
    every = backoffice().get(f"{api}/backoffice/video-calls").json()["calls"]
    states = {c["call_id"]: c["state"] for c in every}
    assert (states[first["call_id"]], states[second["call_id"]]) == ("ended", "ringing")
    assert every[0]["state"] == "ringing"  # ringing first
    out = session().post(f"{api}/video-calls/{second['call_id']}/hang-up").json()
    assert (out["state"], out["ended_by"]) == ("ended", "kiosk")


def test_messages_are_checked(api: str) -> None:
    body = _call()
    session().post(f"{api}/video-calls", json=body)
    url = f"{api}/backoffice/video-calls/{body['call_id']}"
    approve = {"kind": "material_approved", "material_code": "M2"}
    assert backoffice().post(f"{url}/messages", json=approve).status_code == 409  # ringing
    backoffice().post(f"{url}/answer", json={"answer_sdp": "v=0"})
    for bad in (
        {"kind": "note", "note": "  "},
        {"kind": "note", "note": "x", "material_code": "M2"},
        {"kind": "material_approved"},
        {"kind": "material_approved", "material_code": "NOPE"},
        {"kind": "material_approved", "material_code": "M1"},  # in hand
        {"kind": "material_approved", "material_code": "M3"},  # not deferrable
    ):
        assert backoffice().post(f"{url}/messages", json=bad).status_code == 422, bad


def test_each_side_sees_only_its_own(api: str) -> None:
    body = _call()
    session().post(f"{api}/video-calls", json=body)
    assert session().get(f"{api}/backoffice/video-calls").status_code == 403
    answer = {"answer_sdp": "v=0"}
    url = f"{api}/backoffice/video-calls/{body['call_id']}"
    assert session().post(f"{url}/answer", json=answer).status_code == 403
    assert backoffice().post(f"{api}/video-calls", json=_call()).status_code == 403
    assert session(None).get(f"{api}/video-calls/{body['call_id']}").status_code == 401
    assert session().get(f"{api}/video-calls/nope").status_code == 404
    assert (
        backoffice().post(f"{api}/backoffice/video-calls/nope/answer", json=answer).status_code
        == 404
    )


def test_each_sides_routes_are_in_its_own_schema_and_the_page_inserts_no_html(
    server_url: str,
) -> None:
    public = session(None).get(f"{server_url}/openapi.json").json()["paths"]
    desk = backoffice().get(f"{server_url}/api/v1/backoffice/openapi.json").json()["paths"]
    assert "/api/v1/video-calls" in public
    assert "/api/v1/backoffice/video-calls/{call_id}/answer" in desk
    assert not any("backoffice" in path for path in public)
    page = session(None).get(f"{server_url}/help-desk")
    assert "/api/v1/backoffice/video-calls" in page.text
    assert "innerHTML" not in page.text and "insertAdjacentHTML" not in page.text
