"""Case events, state rules and the pickup code's single-use lifecycle."""

from __future__ import annotations

import re
import uuid
from typing import Any

from tests.platform.helpers import backoffice, case_body, new_provisional, session


def _new_case(api: str) -> str:
    resp = session().post(
        api + "/cases",
        json=case_body(new_provisional()),
        headers={"Idempotency-Key": uuid.uuid4().hex},
        timeout=10,
    )
    assert resp.status_code == 201
    code: str = resp.json()["case_code"]
    return code


def _event(api: str, code: str, kind: str, compartment: str = "", event_id: str = "") -> Any:
    return session().post(
        f"{api}/cases/{code}/events",
        json={
            "event_id": event_id or uuid.uuid4().hex,
            "kind": kind,
            "compartment_id": compartment,
            "actor": "resident",
            "at": "2026-11-23T21:40:00+08:00",
        },
        timeout=5,
    )


def _pickup_code(api: str, case_code: str) -> str:
    sms = (
        backoffice()
        .get(api + "/backoffice/notifications", params={"case_code": case_code}, timeout=5)
        .json()["notifications"]
    )
    codes = [m for n in sms for m in re.findall(r"取件码(\d{6})", n["text"]["zh"])]
    assert len(codes) == 1
    assert "*" in sms[-1]["phone_masked"]
    return str(codes[0])


def test_event_with_same_id_is_recorded_once(api: str) -> None:
    code = _new_case(api)
    event_id = uuid.uuid4().hex
    first = _event(api, code, "materials_deposited", "D01", event_id)
    again = _event(api, code, "materials_deposited", "D01", event_id)
    assert first.status_code == again.status_code == 200
    assert (first.json()["duplicate"], again.json()["duplicate"]) == (False, True)
    # a new event of the same kind is a second deposit, which the case cannot take
    assert _event(api, code, "materials_deposited", "D01").status_code == 409


def test_impossible_transition_is_409(api: str) -> None:
    code = _new_case(api)
    resp = _event(api, code, "certificate_collected", "P01")
    assert resp.status_code == 409
    assert resp.json()["error"] == "invalid_transition"
    assert session().get(f"{api}/cases/{code}", timeout=5).json()["status"] == "submitted"


def test_pickup_code_is_sent_verified_and_spent_once(api: str) -> None:
    code = _new_case(api)
    assert _event(api, code, "materials_deposited", "D02").json()["status"] == "materials_deposited"
    assert _event(api, code, "materials_retrieved").json()["status"] == "materials_received"
    approved = backoffice().post(f"{api}/backoffice/cases/{code}/approve", timeout=5)
    assert approved.json()["status"] == "approved"
    loaded = _event(api, code, "certificate_loaded", "P03")
    assert loaded.json()["status"] == "certificate_ready"

    pickup = _pickup_code(api, code)
    s = session()
    ticket = s.post(api + "/pickup/verify", json={"code": pickup}, timeout=5)
    assert ticket.status_code == 200
    assert ticket.json()["case_code"] == code
    assert ticket.json()["compartment_id"] == "P03"
    # verifying does not spend it
    assert s.post(api + "/pickup/verify", json={"code": pickup}, timeout=5).status_code == 200

    assert _event(api, code, "certificate_collected", "P03").json()["status"] == "collected"
    used = s.post(api + "/pickup/verify", json={"code": pickup}, timeout=5)
    assert used.status_code == 410
    assert used.json()["error"] == "pickup_code_used"


def test_wrong_pickup_code_is_404(api: str) -> None:
    code = _new_case(api)
    backoffice().post(
        f"{api}/backoffice/cases/{code}/approve", json={"load_compartment": "P04"}, timeout=5
    )
    assert _pickup_code(api, code)
    sms = backoffice().get(api + "/backoffice/notifications", timeout=5).json()["notifications"]
    ever_issued = {m for n in sms for m in re.findall(r"取件码(\d{6})", n["text"]["zh"])}
    wrong = next(f"{n:06d}" for n in range(1_000_000) if f"{n:06d}" not in ever_issued)
    resp = session().post(api + "/pickup/verify", json={"code": wrong}, timeout=5)
    assert resp.status_code == 404
    assert resp.json()["error"] == "unknown_pickup_code"
    malformed = session().post(api + "/pickup/verify", json={"code": "12ab"}, timeout=5)
    assert malformed.status_code == 422


def test_code_is_only_valid_at_the_terminal_holding_the_certificate(api: str) -> None:
    from platform_sim.seed import SECOND_TERMINAL_TOKEN

    code = _new_case(api)
    backoffice().post(
        f"{api}/backoffice/cases/{code}/approve", json={"load_compartment": "P05"}, timeout=5
    )
    pickup = _pickup_code(api, code)
    resp = session(SECOND_TERMINAL_TOKEN).post(
        api + "/pickup/verify", json={"code": pickup}, timeout=5
    )
    assert resp.status_code == 409
    assert resp.json()["error"] == "pickup_elsewhere"
