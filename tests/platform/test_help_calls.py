"""Help calls through the running simulator (issue 19 item 1): a terminal's call shows
in the back office with its terminal, step and time; the clerk's acknowledgement (with
the wait) is what the terminal reads back; each side sees only what it may."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import requests

from platform_sim.help_calls import MAX_OPEN_PER_TERMINAL
from platform_sim.seed import DEMO_TERMINAL_ID
from tests.platform.helpers import backoffice, session


def _call(**over: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "call_id": uuid.uuid4().hex,
        "step": "face_check",
        "called_at": datetime.now(UTC).isoformat(),
    }
    body.update(over)
    return body


def test_a_call_reaches_the_back_office_and_its_acknowledgement_returns(api: str) -> None:
    body = _call()
    r = session().post(f"{api}/help-calls", json=body)
    assert r.status_code == 201, r.text
    assert r.json()["state"] == "open"
    assert session().post(f"{api}/help-calls", json=body).status_code == 200  # a resend

    desk = backoffice().get(f"{api}/backoffice/help-calls", params={"state": "open"}).json()
    mine = [c for c in desk["calls"] if c["call_id"] == body["call_id"]]
    assert len(mine) == 1
    assert mine[0]["terminal_id"] == DEMO_TERMINAL_ID
    assert mine[0]["step"] == "face_check"
    assert mine[0]["kind"] == "attend"

    ack = backoffice().post(
        f"{api}/backoffice/help-calls/{body['call_id']}/acknowledge", json={"wait_minutes": 4}
    )
    assert ack.status_code == 200, ack.text
    now = session().get(f"{api}/help-calls/{body['call_id']}").json()
    assert (now["state"], now["wait_minutes"]) == ("acknowledged", 4)
    assert now["acknowledged_at"]


def test_a_callback_carries_the_number_to_the_desk_only(api: str) -> None:
    body = _call(kind="callback", phone="13800138001", step="home")
    out = session().post(f"{api}/help-calls", json=body).json()
    assert out["phone_masked"] == "138****8001"
    assert "13800138001" not in str(out)
    desk = backoffice().get(f"{api}/backoffice/help-calls").json()["calls"]
    assert [c["phone"] for c in desk if c["call_id"] == body["call_id"]] == ["13800138001"]


def test_a_callback_needs_a_phone_and_an_attend_call_has_none(api: str) -> None:
    for body in (_call(kind="callback"), _call(phone="13800138001"), _call(phone="12345")):
        assert session().post(f"{api}/help-calls", json=body).status_code == 422


def test_each_side_sees_only_its_own(api: str) -> None:
    body = _call()
    session().post(f"{api}/help-calls", json=body)
    # a terminal cannot list or acknowledge; the back office cannot post as a terminal
    assert session().get(f"{api}/backoffice/help-calls").status_code == 403
    ack = session().post(
        f"{api}/backoffice/help-calls/{body['call_id']}/acknowledge", json={"wait_minutes": 1}
    )
    assert ack.status_code == 403
    assert backoffice().post(f"{api}/help-calls", json=_call()).status_code == 403
    assert session(None).get(f"{api}/help-calls/{body['call_id']}").status_code == 401
    assert session().get(f"{api}/help-calls/nope").status_code == 404


def test_a_wait_beyond_two_hours_is_refused(api: str) -> None:
    body = _call()
    session().post(f"{api}/help-calls", json=body)
    url = f"{api}/backoffice/help-calls/{body['call_id']}/acknowledge"
    assert backoffice().post(url, json={"wait_minutes": 121}).status_code == 422
    assert backoffice().post(url, json={"wait_minutes": -1}).status_code == 422


def test_a_terminal_cannot_flood_the_desk(api: str) -> None:
    desk = backoffice().get(f"{api}/backoffice/help-calls", params={"state": "open"}).json()
    for c in desk["calls"]:  # earlier tests' open calls
        backoffice().post(
            f"{api}/backoffice/help-calls/{c['call_id']}/acknowledge", json={"wait_minutes": 0}
        )
    codes = [
        session().post(f"{api}/help-calls", json=_call()).status_code
        for _ in range(MAX_OPEN_PER_TERMINAL + 1)
    ]
    assert codes == [201] * MAX_OPEN_PER_TERMINAL + [429]


def test_the_help_desk_page_is_served_without_data(server_url: str) -> None:
    r = requests.get(f"{server_url}/help-desk")
    assert r.status_code == 200
    assert "text/html" in r.headers["content-type"]
    assert "/api/v1/backoffice/help-calls" in r.text
    assert "Bearer" in r.text and "textContent" in r.text


def test_back_office_routes_are_in_the_back_office_schema_only(server_url: str) -> None:
    public = requests.get(f"{server_url}/openapi.json").json()["paths"]
    desk = backoffice().get(f"{server_url}/api/v1/backoffice/openapi.json").json()["paths"]
    assert "/api/v1/help-calls" in public
    assert "/api/v1/backoffice/help-calls" not in public
    assert "/api/v1/backoffice/help-calls" in desk
    assert "/api/v1/backoffice/help-calls/{call_id}/acknowledge" in desk
