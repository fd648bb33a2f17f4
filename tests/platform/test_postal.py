"""物流服务 (issue 21.5) on the running simulator: a case by post keeps its address, the
back office lists it and posts it with a tracking number, the locker refuses it."""

from __future__ import annotations

import uuid
from typing import Any

import requests

from tests.platform.helpers import backoffice, case_body, new_provisional, session

STREET = "玉带河东街2号院3号楼401"
POST = {
    "method": "post",
    "recipient": "张伟",
    "phone": "13800138001",
    "province": "北京市",
    "city": "北京市",
    "district": "通州区",
    "street": STREET,
}


def _post(api: str, body: dict[str, Any]) -> requests.Response:
    return session().post(
        api + "/cases", json=body, headers={"Idempotency-Key": uuid.uuid4().hex}, timeout=10
    )


def _by_post(api: str, **delivery: str) -> dict[str, Any]:
    resp = _post(api, {**case_body(new_provisional()), "delivery": {**POST, **delivery}})
    assert resp.status_code == 201, resp.text
    out: dict[str, Any] = resp.json()
    return out


def _event(api: str, code: str, kind: str, compartment: str = "") -> requests.Response:
    body = {"event_id": uuid.uuid4().hex, "kind": kind, "compartment_id": compartment}
    return session().post(
        f"{api}/cases/{code}/events", json={**body, "at": "2026-12-07T09:00:00+08:00"}, timeout=5
    )


def test_a_case_by_post_is_listed_posted_and_never_loaded(api: str) -> None:
    case = _by_post(api)
    code = case["case_code"]
    assert case["delivery"] == {
        "method": "post",
        "carrier": "",
        "tracking_number": "",
        "posted_at": None,
    }
    terminal_view = session().get(f"{api}/cases/{code}", timeout=5).text
    assert STREET not in terminal_view, "a terminal never reads the address back"

    office = backoffice()
    assert office.post(f"{api}/backoffice/cases/{code}/approve", timeout=5).status_code == 200
    listed = office.get(f"{api}/backoffice/posts", timeout=5).json()["cases"]
    mine = [c for c in listed if c["case_code"] == code]
    assert len(mine) == 1 and mine[0]["address"] == "北京市通州区" + STREET
    assert mine[0]["phone"] == "13800138001"

    # the clerk's loading: the platform refuses a locker for it
    refused = _event(api, code, "certificate_loaded", "P01")
    assert refused.status_code == 409 and refused.json()["error"] == "delivery_by_post"

    posted = office.post(
        f"{api}/backoffice/cases/{code}/dispatch",
        json={"tracking_number": "EA123456789CN"},
        timeout=5,
    )
    assert posted.status_code == 200, posted.text
    assert posted.json()["status"] == "posted"
    seen = session().get(f"{api}/cases/{code}", timeout=5).json()
    assert seen["status"] == "posted"
    assert (seen["delivery"]["carrier"], seen["delivery"]["tracking_number"]) == (
        "EMS",
        "EA123456789CN",
    )
    sms = office.get(f"{api}/backoffice/notifications", params={"case_code": code}, timeout=5)
    texts = [n for n in sms.json()["notifications"] if "EA123456789CN" in n["text"]["zh"]]
    assert texts and texts[0]["phone_masked"] == "138****8001"
    # posted once: a second dispatch is refused, the drop box may still be emptied
    again = office.post(
        f"{api}/backoffice/cases/{code}/dispatch", json={"tracking_number": "EA000000000CN"}
    )
    assert again.status_code == 409
    assert code not in {
        c["case_code"] for c in office.get(f"{api}/backoffice/posts").json()["cases"]
    }


def test_a_locker_case_is_not_posted_and_old_bodies_still_go_to_the_locker(api: str) -> None:
    resp = _post(api, case_body(new_provisional()))  # no delivery: an older kiosk
    assert resp.status_code == 201 and resp.json()["delivery"] is None
    code = resp.json()["case_code"]
    office = backoffice()
    office.post(f"{api}/backoffice/cases/{code}/approve", timeout=5)
    refused = office.post(
        f"{api}/backoffice/cases/{code}/dispatch", json={"tracking_number": "EA123456780CN"}
    )
    assert refused.status_code == 409 and refused.json()["error"] == "not_by_post"
    locker = _post(api, {**case_body(new_provisional()), "delivery": {"method": "locker"}})
    assert locker.status_code == 201 and locker.json()["delivery"] is None


def test_an_incomplete_address_or_a_matter_never_posted_is_refused(api: str) -> None:
    for gap in ({"street": " "}, {"phone": "010-12345678"}, {"recipient": ""}):
        resp = _post(api, {**case_body(new_provisional()), "delivery": {**POST, **gap}})
        assert resp.status_code == 422, gap
    address_with_locker = {**POST, "method": "locker"}
    resp = _post(api, {**case_body(new_provisional()), "delivery": address_with_locker})
    assert resp.status_code == 422
    # 结婚登记 (HY001) is done at the window: its certificate is never posted
    body = {**case_body(new_provisional(), matter="HY001"), "delivery": POST}
    resp = _post(api, body)
    assert resp.status_code == 422
