"""Every journey added after the first two, through the real UI, against the platform
simulator and the demo device peers: clerk retrieval, clerk loading with a jammed
door, technician status and live tests, appointment check-in, progress query,
pickup by ID card with the face check or, declined or failed three times, with staff
confirming by staff card + PIN (and a wrong PIN). One kiosk serves the whole module, as
on site."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from kiosk.demo.journeys import (
    appointment,
    clerk_load,
    clerk_retrieve,
    pickup_by_id_assisted,
    pickup_by_id_face,
    pickup_by_id_face_failed,
    progress,
    technician,
)
from kiosk.demo.peers import DemoHands
from kiosk.demo.tour import TourDriver
from kiosk.main_window import MainWindow
from kiosk.services import KioskServices
from platform_sim.seed import BACKOFFICE_TOKEN, DEMO_TERMINAL_TOKEN
from tests.e2e.conftest import running_kiosk
from tests.platform.helpers import PEOPLE

pytestmark = pytest.mark.e2e


class Kiosk:
    def __init__(self, services: KioskServices, window: MainWindow, shots: Path) -> None:
        self.services = services
        self.window = window
        self.driver = TourDriver(window, shots)
        self.base = services.platform_url + "/api/v1"

    def case(self, code: str) -> dict[str, Any]:
        r = requests.get(
            f"{self.base}/cases/{code}",
            headers={"Authorization": f"Bearer {DEMO_TERMINAL_TOKEN}"},
            timeout=5,
        )
        r.raise_for_status()
        result: dict[str, Any] = r.json()
        return result

    def notifications(self, code: str) -> list[dict[str, Any]]:
        r = requests.get(
            f"{self.base}/backoffice/notifications",
            params={"case_code": code},
            headers={"Authorization": f"Bearer {BACKOFFICE_TOKEN}"},
            timeout=5,
        )
        notes: list[dict[str, Any]] = r.json()["notifications"]
        return notes

    def events(self, code: str) -> list[dict[str, Any]]:
        """The case's events as the platform recorded them (back-office view)."""
        forwarder = self.services.platform.forwarder
        assert forwarder is None or forwarder.flush(), "events still queued"
        r = requests.get(
            f"{self.base}/backoffice/cases/{code}/events",
            headers={"Authorization": f"Bearer {BACKOFFICE_TOKEN}"},
            timeout=5,
        )
        r.raise_for_status()
        events: list[dict[str, Any]] = r.json()["events"]
        return events

    def audit(self) -> list[tuple[str, str, str, str]]:
        audit = self.services.audit
        assert audit is not None
        return [(e.action, e.actor, e.compartment_id, e.case_ref) for e in audit.recent(200)]

    def printed(self) -> list[bytes]:
        return DemoHands(self.services.devices, self.services.peers).printed_text()


@pytest.fixture(scope="module")
def kiosk(qapp: object, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Kiosk]:
    data = tmp_path_factory.mktemp("journeys")
    with running_kiosk(data) as (services, window):
        yield Kiosk(services, window, data / "shots")


def _in(text: str, jobs: list[bytes]) -> bool:
    return any(text.encode("gb18030") in j or text.encode() in j for j in jobs)


def test_clerk_retrieves_overnight_materials(kiosk: Kiosk) -> None:
    before = len(kiosk.printed())
    clerk_retrieve(kiosk.driver, kiosk.services)
    assert kiosk.window.current_screen_name() == "screen_attract", "logged out"
    cases = [c for c in kiosk.audit() if c[0].startswith("materials_")]
    (taken,) = [c for c in cases if c[0] == "materials_taken"]
    (missing,) = [c for c in cases if c[0] == "materials_missing"]
    assert taken[1] == missing[1] == "C0107"
    kiosk.services.platform.forwarder.flush()  # type: ignore[union-attr]
    assert kiosk.case(taken[3])["status"] == "materials_received"
    assert kiosk.case(missing[3])["status"] == "materials_deposited", "missing: not received"
    # every door the clerk opened is audited with who and which case
    assert ("door_opened", "C0107", taken[2], taken[3]) in kiosk.audit()
    assert ("door_opened", "C0107", missing[2], missing[3]) in kiosk.audit()
    ledger = kiosk.services.ledger.assignments()
    assert taken[2] not in ledger and missing[2] not in ledger
    slip = kiosk.printed()[before:]
    assert _in("材料交接单", slip) and _in(taken[3], slip) and _in(missing[3], slip)


def test_clerk_loads_a_certificate_past_a_jammed_door(kiosk: Kiosk) -> None:
    clerk_load(kiosk.driver, kiosk.services)
    faults = [a for a in kiosk.audit() if a[0] == "door_failed"]
    assert faults and faults[0][1] == "C0107" and faults[0][2] == "B01"
    code = faults[0][3]
    case = kiosk.case(code)
    assert case["status"] == "certificate_ready"
    assert case["compartment_id"] not in ("", "B01")
    assert kiosk.services.ledger.occupant("B01") == "door-fault:B01", "the jammed door is kept out"
    assert kiosk.services.ledger.occupant(case["compartment_id"]) == code
    assert any("取件码" in n["text"]["zh"] for n in kiosk.notifications(code)), "SMS sent"
    assert ("certificate_loaded", "C0107", case["compartment_id"], code) in kiosk.audit()


def test_technician_status_and_live_tests(kiosk: Kiosk) -> None:
    before = len(kiosk.printed())
    technician(kiosk.driver, kiosk.services)
    printed = kiosk.printed()[before:]
    assert _in("打印机测试页", printed)
    assert any(a[0] == "door_test" and a[1] == "maintenance" for a in kiosk.audit())


def test_appointment_qr_opens_the_booked_matter_prefilled(kiosk: Kiosk) -> None:
    seen: list[str] = []
    kiosk.window.screen_changed.connect(seen.append)
    appointment(kiosk.driver, kiosk.services)
    assert "screen_appointment_results" in seen and "screen_filling_form" in seen
    assert "screen_choosing_matter" not in seen, "the booked matter opened by itself"


def test_progress_by_receipt_qr_and_by_id_card(kiosk: Kiosk) -> None:
    from PySide6.QtWidgets import QLabel

    texts: list[str] = []

    def grab(name: str) -> None:
        if name == "screen_progress_results":
            screen = kiosk.window.current_screen()
            texts.extend(label.text() for label in screen.findChildren(QLabel))

    kiosk.window.screen_changed.connect(grab)
    progress(kiosk.driver, kiosk.services)
    assert any("已审批通过" in t for t in texts), texts


def test_pickup_by_id_card_and_face(kiosk: Kiosk) -> None:
    # the demo's SAM reader on its pty: the card placed and taken off reaches the journey
    # as session state, through the app's one device-event bridge; nothing once it ended
    flow = kiosk.window.collection.flow
    on_reader: list[bool | None] = []

    def changed() -> None:
        if not on_reader or on_reader[-1] != flow.session.card_on_reader:
            on_reader.append(flow.session.card_on_reader)

    stop = flow.subscribe(changed)
    try:
        code = pickup_by_id_face(kiosk.driver, kiosk.services)
    finally:
        stop()
    assert [v for v in on_reader if v is not None] == [True, False], on_reader
    assert flow.session.card_on_reader is None
    collected = [a for a in kiosk.audit() if a[0] == "door_opened" and a[3] == code]
    assert collected and collected[0][1] == "resident", "the resident's door event is audited"
    assert kiosk.case(code)["status"] == "collected"
    (event,) = [e for e in kiosk.events(code) if e["kind"] == "certificate_collected"]
    assert event["identity_check"] == {"method": "face", "staff_id": None}
    assert not [a for a in kiosk.audit() if a[0] == "identity_confirmed"]


def test_pickup_by_id_card_declined_face_check_staff_confirm(kiosk: Kiosk) -> None:
    """No face check: a clerk confirms with staff card + PIN, the locker opens, and the
    platform records the collection with who confirmed the identity."""
    seen: list[str] = []
    kiosk.window.screen_changed.connect(seen.append)
    code = pickup_by_id_assisted(kiosk.driver, kiosk.services, person=1)
    assert "screen_face_check" not in seen, "no face image was taken"
    assert seen.index("screen_assist_pin") < seen.index("screen_collecting")
    assert kiosk.case(code)["status"] == "collected"
    (event,) = [e for e in kiosk.events(code) if e["kind"] == "certificate_collected"]
    assert event["identity_check"] == {"method": "staff_in_person", "staff_id": "C0107"}
    assert event["actor"] == "resident"
    audit = kiosk.audit()
    confirmed = [a for a in audit if a[0] == "identity_confirmed"]
    assert confirmed[-1][:2] == ("identity_confirmed", "C0107")
    opened = [a for a in audit if a[0] == "door_opened" and a[3] == code]
    assert opened, "the door opened for this case"
    # the audit trail and the platform name the staff member, never the resident
    person = PEOPLE[1]
    for entry in audit:
        assert person["id_number"] not in " ".join(entry) and person["name"] not in " ".join(entry)


def test_pickup_by_id_card_wrong_staff_pin_opens_nothing(kiosk: Kiosk) -> None:
    """The clerk mistypes the PIN: the screen says so, nothing opens; the resident ends
    and the certificate stays in its compartment, ready."""
    flow: Any = kiosk.window.collection.flow
    said: list[str] = []
    flow.subscribe(lambda: said.append(flow.session.message.en if flow.session.message else ""))
    confirmed_before = [a for a in kiosk.audit() if a[0] == "identity_confirmed"]
    code = pickup_by_id_assisted(kiosk.driver, kiosk.services, person=2, give_up=True)
    assert "Wrong PIN, 4 tries left" in said
    case = kiosk.case(code)
    assert case["status"] == "certificate_ready"
    assert kiosk.services.ledger.occupant(case["compartment_id"]) == code
    assert not [e for e in kiosk.events(code) if e["kind"] == "certificate_collected"]
    assert [a for a in kiosk.audit() if a[0] == "identity_confirmed"] == confirmed_before
    assert not [a for a in kiosk.audit() if a[0] == "door_opened" and a[3] == code]


def test_pickup_by_id_card_three_failed_face_checks_staff_confirm(kiosk: Kiosk) -> None:
    """The simulated face device says "someone else" three times: the failed page offers
    staff help, a clerk confirms with staff card + PIN, the door opens, and the platform
    records the collection as checked by staff in person."""
    seen: list[str] = []
    kiosk.window.screen_changed.connect(seen.append)
    flow: Any = kiosk.window.collection.flow
    tries_left: list[int] = []
    flow.subscribe(lambda: tries_left.append(flow.session.face_attempts_left))
    assert kiosk.services.devices.face.capabilities().get("driver") != "dlib", "simulated"
    confirmed_before = [a for a in kiosk.audit() if a[0] == "identity_confirmed"]
    code = pickup_by_id_face_failed(kiosk.driver, kiosk.services, person=3)
    changes = [n for i, n in enumerate(tries_left) if i == 0 or n != tries_left[i - 1]]
    assert changes[changes.index(3) :][:4] == [3, 2, 1, 0], "three face checks, each failed"
    assert seen.index("screen_face_check") < seen.index("screen_face_failed")
    assert seen.index("screen_face_failed") < seen.index("screen_assisted")
    assert seen.index("screen_assist_pin") < seen.index("screen_collecting")
    assert kiosk.case(code)["status"] == "collected"
    (event,) = [e for e in kiosk.events(code) if e["kind"] == "certificate_collected"]
    assert event["identity_check"] == {"method": "staff_in_person", "staff_id": "C0107"}
    audit = kiosk.audit()
    assert [a for a in audit if a[0] == "door_opened" and a[3] == code], "the door opened"
    confirmed = [a for a in audit if a[0] == "identity_confirmed"]
    assert len(confirmed) == len(confirmed_before) + 1
    assert confirmed[0][:2] == ("identity_confirmed", "C0107"), "newest first"
    person = PEOPLE[3]
    for entry in audit:
        assert person["id_number"] not in " ".join(entry) and person["name"] not in " ".join(entry)
