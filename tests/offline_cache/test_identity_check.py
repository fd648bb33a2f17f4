"""The kiosk tells the platform how an identity was checked, through its real outbox,
client and wire format: the case (face, or staff in person and who) and the pickup
event of a pickup by ID card."""

from __future__ import annotations

import dataclasses
import uuid
from typing import Any

import requests

from flows.domain import CaseEvent, CaseEventKind, IdentityCheck, IdentityMethod
from offline_cache.platform_port import KioskPlatform
from offline_cache.wire import draft_to_wire, event_to_wire
from platform_sim.seed import BACKOFFICE_TOKEN, DEMO_TERMINAL_TOKEN
from tests.offline_cache.conftest import SwitchablePlatform
from tests.platform.helpers import draft

STAFF = IdentityCheck(IdentityMethod.STAFF_IN_PERSON, "C0107")


def _get(server: SwitchablePlatform, path: str, token: str = DEMO_TERMINAL_TOKEN) -> dict[str, Any]:
    r = requests.get(
        f"{server.url}/api/v1{path}", headers={"Authorization": f"Bearer {token}"}, timeout=5
    )
    r.raise_for_status()
    result: dict[str, Any] = r.json()
    return result


def test_the_wire_carries_the_identity_check_only_when_known() -> None:
    plain = draft()
    assert "identity_check" not in draft_to_wire(plain, "BJTZ-0001-000001")
    body = draft_to_wire(dataclasses.replace(plain, identity_check=STAFF), "BJTZ-0001-000001")
    assert body["identity_check"] == {"method": "staff_in_person", "staff_id": "C0107"}
    face = IdentityCheck(IdentityMethod.FACE)
    event = CaseEvent(CaseEventKind.CERTIFICATE_COLLECTED, "CASE-1", identity_check=face)
    assert event_to_wire(event)["identity_check"] == {"method": "face"}
    assert "identity_check" not in event_to_wire(dataclasses.replace(event, identity_check=None))


def test_the_case_and_its_pickup_reach_the_platform_with_the_identity_check(
    platform_server: SwitchablePlatform, kiosk_platform: KioskPlatform
) -> None:
    platform_server.start()
    result = kiosk_platform.submit_case(dataclasses.replace(draft(), identity_check=STAFF))
    assert not result.provisional
    case = _get(platform_server, f"/cases/{result.code}")
    assert case["identity_check"] == {"method": "staff_in_person", "staff_id": "C0107"}
    kiosk_platform.report_event(
        CaseEvent(
            CaseEventKind.MATERIALS_DEPOSITED,
            result.code,
            compartment_id="D01",
            event_id=uuid.uuid4().hex,
            identity_check=IdentityCheck(IdentityMethod.FACE),
        )
    )
    forwarder = kiosk_platform.forwarder
    assert forwarder is None or forwarder.flush()
    events = _get(platform_server, f"/backoffice/cases/{result.code}/events", BACKOFFICE_TOKEN)
    assert events["events"][-1]["identity_check"] == {"method": "face", "staff_id": None}
