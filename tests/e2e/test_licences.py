"""电子证照 "减材料" through the real UI against the platform simulator: a resident whose
household register the platform holds as an electronic licence hands in no paper for it;
the case names the licence, the platform checked it, the receipt says so."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests

from kiosk.demo.peers import DemoHands
from kiosk.demo.tour import TourDriver, declare
from kiosk.main_window import MainWindow
from kiosk.services import KioskServices
from platform_sim.seed import DEMO_TERMINAL_TOKEN

pytestmark = pytest.mark.e2e


def test_an_electronic_licence_stands_in_for_the_paper(
    kiosk: tuple[KioskServices, MainWindow], tmp_path: Path
) -> None:
    services, window = kiosk
    # 李秀英 renews her ID card (HJ001: ID card copy, household register, photo)
    code = declare(TourDriver(window, tmp_path / "shots"), services, person=1, matter_code="HJ001")
    case = requests.get(
        f"{services.platform_url}/api/v1/cases/{code}",
        headers={"Authorization": f"Bearer {DEMO_TERMINAL_TOKEN}"},
        timeout=5,
    ).json()
    assert case["e_licences"] == [{"material_code": "hukou", "licence_no": "HK-110101-1998-020417"}]
    assert case["deferral_notice"] is None, "nothing left to hand in later"
    assert case["page_count"] == 2  # the ID card copy and the photo
    printed = DemoHands(services.devices, services.peers).printed_text()
    assert "电子证照已核验".encode("gb18030") in printed[-1]
