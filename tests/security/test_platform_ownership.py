"""A terminal reads and changes only the cases it has a part in (issue 13 item 6).

Before: BJDC-0001 (another site) posted ``certificate_collected`` on a case of
BJTZ-0001; the case became ``collected`` and the resident's live pickup code at
BJTZ-0001 then answered 410. It could also read any case by its (sequential) code.

The rule (``platform_sim/ownership.py``): a case is visible to the terminals
of its site (the declaring terminal's); to any other it does not exist (404, the
same answer as for an unknown code). Among the site's terminals each event is the
business of the terminal that holds the thing: the drop box's events of the
declaring terminal, the certificate's loading of any of the site's terminals (a
clerk loads where there is room) and its collection of the terminal that holds it.
"""

from __future__ import annotations

import uuid
from typing import Any

import requests

from platform_sim.routes_terminals import DEMO_ENROLMENT_TOKEN
from platform_sim.seed import SECOND_TERMINAL_TOKEN, TERMINALS
from platform_sim.server import RunningServer
from tests.platform.helpers import backoffice, case_body, new_provisional, session
from tests.platform.test_pickup import _pickup_code

A_SITE = TERMINALS[0].site


def _new_case(api: str) -> tuple[str, str]:
    provisional = new_provisional()
    resp = session().post(
        api + "/cases",
        json=case_body(provisional),
        headers={"Idempotency-Key": uuid.uuid4().hex},
        timeout=10,
    )
    assert resp.status_code == 201, resp.text
    return str(resp.json()["case_code"]), provisional


def _event(
    s: requests.Session, api: str, code: str, kind: str, compartment: str = "", eid: str = ""
) -> requests.Response:
    body: dict[str, Any] = {
        "event_id": eid or uuid.uuid4().hex,
        "kind": kind,
        "compartment_id": compartment,
        "actor": "resident",
        "at": "2026-11-23T21:40:00+08:00",
    }
    return s.post(f"{api}/cases/{code}/events", json=body, timeout=5)


def _neighbour(api: str, terminal_id: str = "BJTZ-0002") -> requests.Session:
    """A second kiosk of A's site, enrolled as a real one would be."""
    resp = requests.post(
        api + "/terminals/register",
        json={"terminal_id": terminal_id, "site": A_SITE},
        headers={"Authorization": f"Bearer {DEMO_ENROLMENT_TOKEN}"},
        timeout=5,
    )
    assert resp.status_code == 201, resp.text
    return session(resp.json()["token"])


def _status(api: str, code: str) -> str:
    return str(session().get(f"{api}/cases/{code}", timeout=5).json()["status"])


def test_another_sites_terminal_can_neither_change_nor_read_a_case(
    platform_sim: RunningServer,
) -> None:
    api = platform_sim.url + "/api/v1"
    a, b = session(), session(SECOND_TERMINAL_TOKEN)
    code, provisional = _new_case(api)
    approved = backoffice().post(
        f"{api}/backoffice/cases/{code}/approve", json={"load_compartment": "P01"}, timeout=5
    )
    assert approved.json()["status"] == "certificate_ready"
    pickup = _pickup_code(api, code)
    unknown = _event(b, api, "CASE-20000101-999999", "certificate_collected")

    for kind in ("certificate_collected", "materials_retrieved", "certificate_loaded"):
        stolen = _event(b, api, code, kind, "P09")
        print(kind, "by another site's terminal:", stolen.status_code, stolen.json().get("error"))
        # exactly what an unknown code gets: the case's existence does not leak
        assert (stolen.status_code, stolen.json()) == (unknown.status_code, unknown.json())
    for by in (code, provisional):
        read = b.get(f"{api}/cases/{by}", timeout=5)
        assert read.status_code == 404 and read.json()["error"] == "unknown_case"

    # nothing changed: A's resident still collects with the texted code
    assert _status(api, code) == "certificate_ready"
    ticket = a.post(api + "/pickup/verify", json={"code": pickup}, timeout=5)
    assert ticket.status_code == 200 and ticket.json()["case_code"] == code
    assert _event(a, api, code, "certificate_collected", "P01").json()["status"] == "collected"


def test_a_neighbour_on_the_site_reads_and_loads_but_only_the_holder_collects(
    platform_sim: RunningServer,
) -> None:
    api = platform_sim.url + "/api/v1"
    a, c = session(), _neighbour(api)
    code, provisional = _new_case(api)

    # progress by case code at the next kiosk of the same centre
    assert c.get(f"{api}/cases/{code}", timeout=5).json()["status"] == "submitted"
    # the originals go into A's drop box: only A records them
    wrong = _event(c, api, code, "materials_deposited", "D01")
    assert wrong.status_code == 403 and wrong.json()["error"] == "not_this_terminal"
    deposit_id = uuid.uuid4().hex
    assert _event(a, api, code, "materials_deposited", "D01", deposit_id).status_code == 200
    # a resend of A's own event after a lost reply is still a no-op for A
    again = _event(a, api, code, "materials_deposited", "D01", deposit_id)
    assert again.status_code == 200 and again.json()["duplicate"] is True
    assert _event(c, api, code, "materials_retrieved").status_code == 403
    assert _event(a, api, code, "materials_retrieved").json()["status"] == "materials_received"

    # the clerk loads the certificate at the neighbour (room there): it holds it now
    assert backoffice().post(f"{api}/backoffice/cases/{code}/approve", timeout=5).ok
    loaded = _event(c, api, code, "certificate_loaded", "P02")
    assert loaded.status_code == 200 and loaded.json()["status"] == "certificate_ready"
    pickup = _pickup_code(api, code)
    elsewhere = a.post(api + "/pickup/verify", json={"code": pickup}, timeout=5)
    assert elsewhere.status_code == 409 and elsewhere.json()["error"] == "pickup_elsewhere"
    taken = _event(a, api, code, "certificate_collected", "P02")
    assert taken.status_code == 403 and taken.json()["error"] == "not_this_terminal"
    assert _status(api, code) == "certificate_ready"
    # by ID card (after the face check) likewise only where the certificate is
    person = {"id_number": case_body(provisional)["applicant"]["id_number"]}
    assert a.post(api + "/pickup/by-person", json=person, timeout=5).status_code == 404
    assert c.post(api + "/pickup/by-person", json=person, timeout=5).json()["case_code"] == code
    assert c.post(api + "/pickup/verify", json={"code": pickup}, timeout=5).status_code == 200
    assert _event(c, api, code, "certificate_collected", "P02").json()["status"] == "collected"
