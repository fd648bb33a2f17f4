"""A resident declares a matter through the real UI; the clerk loads the
certificate; the resident collects it — every layer, against the running
platform simulator, with the simulated devices playing their part."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from kiosk.app import LaunchOptions, build_window
from kiosk.demo.peers import DemoHands
from kiosk.demo.tour import TourDriver, clerk_loads_certificate, collect, declare
from kiosk.paths import DEMO_SITE_CONFIG
from kiosk.services import KioskServices
from platform_sim.seed import BACKOFFICE_TOKEN
from tests.e2e.conftest import demo_config

pytestmark = pytest.mark.e2e


@pytest.fixture
def services(tmp_path: Path) -> Iterator[KioskServices]:
    # the demo site as shipped: the real OpenCV document camera (pages read by OCR) and
    # the dlib face check with liveness, on simulated camera input played unpaced
    config = demo_config(tmp_path, vision=True)
    started = KioskServices.start(config, data_dir=tmp_path / "data", demo_peers="manual")
    yield started
    started.close()


def test_declaration_then_pickup_through_the_ui(
    qapp: object, services: KioskServices, tmp_path: Path
) -> None:
    window = build_window(services, LaunchOptions(DEMO_SITE_CONFIG, demo=True))
    driver = TourDriver(window, tmp_path / "shots")
    window.resize(1920, 1080)
    window.show()

    assert services.devices.document_camera.capabilities()["driver"] == "opencv"
    assert services.devices.face.capabilities()["driver"] == "dlib"
    flow = window.declaration.flow
    seen: dict[str, object] = {}

    def watch() -> None:  # what the session held on the way (it is wiped at the end)
        s = flow.session
        if s.identity_check:
            seen["identity_check"] = s.identity_check
            seen["photo_after_decision"] = s.card.photo if s.card else None
        if s.readings:
            seen["doc_types"] = [r.reading.doc_type for r in s.readings]
            seen["read"] = {k: v.status for k, v in s.read_values.items()}

    flow.subscribe(watch)
    case_code = declare(driver, services)
    assert case_code.startswith("CASE-"), "the platform was up: the code must be the real one"
    # the face matched the platform's reference photo (the sample face) with liveness
    assert seen["identity_check"] == "face"
    assert seen["photo_after_decision"] is None
    # each captured page was read: the simulated camera shows the household register,
    # whose name and ID number are the card's
    assert seen["doc_types"] == ["hukou", "hukou"]
    read = seen["read"]
    assert isinstance(read, dict) and read.get("name") == "matches", read
    assert read.get("id_number") == "matches", read

    base = services.platform_url + "/api/v1"
    backoffice = {"Authorization": f"Bearer {BACKOFFICE_TOKEN}"}
    terminal = {"Authorization": "Bearer demo-terminal-token-0001"}
    case = requests.get(f"{base}/cases/{case_code}", headers=terminal, timeout=5).json()
    assert case["status"] == "materials_deposited"
    assert case["matter_code"] == "HJ001"
    # 容缺受理: the household register was left for later (a missing secondary material);
    # the case was still accepted, with a notice of what to add and by when
    notice = case["deferral_notice"]
    assert notice is not None
    assert [i["material_code"] for i in notice["items"]] == ["hukou"]
    assert notice["items"][0]["due_date"]

    # the receipt that came out of the printer (bytes on the wire) carries the case code
    printed = DemoHands(services.devices, services.peers).printed_text()
    assert printed and case_code.encode() in printed[-1]
    assert "容缺受理".encode("gb18030") in printed[-1], "the receipt lists what to add"

    pickup_code = clerk_loads_certificate(services, case_code)
    pickup_ids = {c.id for c in services.devices.lockers.compartments() if c.role.value == "pickup"}
    loaded = [k for k, v in services.ledger.assignments().items() if v == case_code]
    assert len([k for k in loaded if k in pickup_ids]) == 1
    collect(driver, services, pickup_code)

    case = requests.get(f"{base}/cases/{case_code}", headers=terminal, timeout=5).json()
    assert case["status"] == "collected"
    # the pickup code is spent, the compartment free again
    again = requests.post(
        f"{base}/pickup/verify", json={"code": pickup_code}, headers=terminal, timeout=5
    )
    assert again.status_code == 410
    still = [k for k, v in services.ledger.assignments().items() if v == case_code]
    assert not [k for k in still if k in pickup_ids], "the pickup compartment was not released"
    notes = requests.get(
        f"{base}/backoffice/notifications",
        params={"case_code": case_code},
        headers=backoffice,
        timeout=5,
    ).json()["notifications"]
    assert len([n for n in notes if pickup_code in n["text"]["zh"]]) == 1, "one pickup SMS"
    assert len(driver.shots) >= 12
