"""办事指南 before the ID card, through the real UI against the platform simulator: the
guide shows what the platform's catalogue says (fee, time limit, e-licence materials),
its QR opens the simulator's page for a phone, and the resident leaves without laying a
card: nothing of anyone is kept (issue 19 item 7)."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests
from PySide6.QtWidgets import QLabel

from kiosk.demo.tour import TourDriver
from kiosk.main_window import MainWindow
from kiosk.services import KioskServices
from kiosk.ui.widgets.qr import QrCodeWidget

pytestmark = pytest.mark.e2e


def _text(window: MainWindow, name: str) -> str:
    label = window.current_screen().findChild(QLabel, name)
    assert label is not None, name
    return label.text()


def test_the_guide_comes_from_the_platform_and_leaving_keeps_nothing(
    kiosk: tuple[KioskServices, MainWindow], tmp_path: Path
) -> None:
    services, window = kiosk
    d = TourDriver(window, tmp_path / "shots")
    d.wait_screen("attract")
    d.click("btn_start")
    d.wait_screen("home")
    d.click("btn_home_declare")
    d.wait_screen("choosing_matter", timeout=60)
    d.click("btn_matter_HJ001")
    d.wait_screen("guide")
    d.shot("guide-HJ001")
    assert _text(window, "guide_fee") == "工本费 20 元"
    assert _text(window, "guide_days") == "15 个工作日"
    assert "可调用电子证照" in _text(window, "guide_material_hukou")
    assert "可调用电子证照" not in _text(window, "guide_material_photo")

    qr = window.current_screen().findChild(QrCodeWidget, "guide_qr")
    assert qr is not None and qr.data() == f"{services.platform_url}/guides/HJ001"
    page = requests.get(qr.data(), timeout=5)  # what the phone opens
    assert page.status_code == 200 and "居民身份证换领" in page.text

    flow = window.declaration
    d.click("btn_guide_leave")
    d.wait_screen("home")
    assert str(flow.state) == "idle"
    s = flow.session
    assert s.card is None and s.matter is None and s.applicant is None and not s.licences
