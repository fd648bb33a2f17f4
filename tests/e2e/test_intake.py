"""USB-drive and phone intake on the materials step, through the UI, against the
platform simulator: only acceptable files are offered; the phone is simulated
with ``requests`` posting to the one-time link the kiosk shows as a QR code."""

from __future__ import annotations

import base64
import logging
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QLabel

from kiosk.demo.journeys import Hands
from kiosk.demo.tour import TOUR_MATTER, TourDriver, fill_missing_fields
from kiosk.demo.usb_sample import make_sample_drive
from kiosk.main_window import MainWindow
from kiosk.services import KioskServices
from kiosk.ui.screens.intake import IntakeScreen
from tests.e2e.conftest import running_kiosk

pytestmark = pytest.mark.e2e


def png(width: int = 400, height: int = 560) -> bytes:
    img = QImage(width, height, QImage.Format.Format_RGB32)
    img.fill(QColor("#f4f1e8"))
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    img.save(buf, "PNG")  # type: ignore[call-overload]
    return bytes(data.data())


@pytest.fixture
def kiosk(qapp: object, tmp_path: Path) -> Iterator[tuple[KioskServices, MainWindow, TourDriver]]:
    with running_kiosk(tmp_path) as (services, window):
        yield services, window, TourDriver(window, tmp_path / "shots")


def to_materials(d: TourDriver, services: KioskServices) -> None:
    hands = Hands(services)
    d.click("btn_start")
    d.click("btn_home_declare")
    d.wait_screen("choosing_matter", timeout=30)
    d.click(f"btn_matter_{TOUR_MATTER}")
    d.wait_screen("guide")
    d.click("btn_guide_continue")
    d.wait_screen("reading_card")
    hands.place_card(0)
    d.wait_screen("face_consent")
    d.click("btn_consent_agree")
    d.wait_screen("filling_form", timeout=30)
    hands.remove_card()
    fill_missing_fields(d)
    d.click("btn_next")
    d.wait_screen("capturing")


def test_usb_drive_offers_only_acceptable_files(
    kiosk: tuple[KioskServices, MainWindow, TourDriver], tmp_path: Path
) -> None:
    services, window, d = kiosk
    drive = tmp_path / "usb"
    (drive / "扫描件").mkdir(parents=True)
    (drive / "扫描件" / "身份证.png").write_bytes(png())
    (drive / "setup.exe").write_bytes(b"MZ\x90\x00" + b"\x00" * 200)
    (drive / "fake.pdf").write_bytes(b"this is not a pdf")
    assert window.intake is not None
    window.intake.usb_root = drive
    to_materials(d, services)
    d.click("btn_usb_id_card")
    d.wait_screen("intake_usb")
    d.wait_until("the drive's files", lambda: window.find_button("btn_file_0") is not None)
    assert window.find_button("btn_file_1") is None, "only the PNG is offered"
    d.shot("usb-intake")
    d.click("btn_file_0")
    d.click("btn_attach")
    d.wait_screen("capturing")
    pages = window.declaration.session.pages
    assert [(p.material_code, p.source, p.image.mime) for p in pages] == [
        ("id_card", "usb", "image/png")
    ]


def test_phone_upload_appears_on_the_kiosk(
    kiosk: tuple[KioskServices, MainWindow, TourDriver], caplog: pytest.LogCaptureFixture
) -> None:
    """Issue 13.11: the phone's files were checked on the GUI thread (a crafted PDF
    froze the screen until the watchdog restarted the kiosk): they are checked by
    the checker's child process, waited for on a worker thread."""
    caplog.set_level(logging.INFO, logger="file_checks.isolated")
    services, window, d = kiosk
    to_materials(d, services)
    d.click("btn_phone_photo")
    d.wait_screen("intake_phone")
    qr = window.current_screen().findChild(object, "intake_qr")
    d.wait_until("the upload link", lambda: bool(getattr(qr, "data", lambda: "")()))
    url: str = qr.data()  # type: ignore[union-attr]
    # the resident's phone: one good photo, one program pretending to be a photo and
    # the crafted PDF (digits without a cross-reference)
    crafted = b"%PDF-1.4\n" + b"1" * 65536 + b"%%EOF"
    for name, data in (
        ("photo.png", png(300, 400)),
        ("photo2.jpg", b"MZ\x90\x00notajpeg"),
        ("申请表.pdf", crafted),
    ):
        r = requests.post(
            url,
            json={"name": name, "mime": "image/png", "data": base64.b64encode(data).decode()},
            timeout=5,
        )
        assert r.status_code == 200, r.text
    d.wait_until("the phone's file", lambda: window.find_button("btn_file_0") is not None)
    screen = window.current_screen()
    d.wait_until(
        "the refusals",
        lambda: len([w for w in screen.findChildren(QLabel) if "申请表.pdf" in w.text()]) == 1,
    )
    assert window.find_button("btn_file_1") is None, "the fake JPEG and the PDF are refused"
    checked = [r for r in caplog.records if r.getMessage() == "file checked"]
    print("checked on:", sorted({r.threadName for r in checked}))
    assert len(checked) == 2, "the PNG and the PDF went to the checker (the MZ file did not)"
    assert all(r.threadName != threading.main_thread().name for r in checked)
    d.shot("phone-intake")
    d.click("btn_file_0")
    d.click("btn_attach")
    d.wait_screen("capturing")
    assert [(p.material_code, p.source) for p in window.declaration.session.pages] == [
        ("photo", "phone")
    ]
    # the link was one-time: closed once the files were taken
    gone = requests.post(url, json={"name": "x.png", "mime": "image/png", "data": ""}, timeout=5)
    assert gone.status_code == 410


def test_the_demo_drive_previews_pictures_and_pdfs_before_attaching(
    kiosk: tuple[KioskServices, MainWindow, TourDriver], tmp_path: Path
) -> None:
    """The demo's sample drive: three scans offered (JPEG, PDF, PNG), three files
    refused with the reason; choosing one shows it, a PDF by its first page."""
    services, window, d = kiosk
    assert window.intake is not None
    window.intake.usb_root = make_sample_drive(tmp_path / "usb")
    to_materials(d, services)
    d.click("btn_usb_id_card")
    d.wait_screen("intake_usb")
    d.wait_until("the drive's files", lambda: window.find_button("btn_file_2") is not None)
    screen = window.current_screen()
    assert isinstance(screen, IntakeScreen)
    offered = [window.find_button(f"btn_file_{i}").text() for i in range(3)]  # type: ignore[union-attr]
    print("offered:", offered)
    assert window.find_button("btn_file_3") is None
    assert [name.split("（")[0].split(" (")[0] for name in offered] == [
        "户口簿首页.jpg",
        "申请表.pdf",
        "结婚证.png",
    ]
    refused = [
        w.text()
        for w in screen.findChildren(QLabel)
        if "setup.exe" in w.text() or "合同" in w.text()
    ]
    assert len(refused) == 2, refused

    def previewed() -> bool:
        pixmap = screen.preview.pixmap()
        return not pixmap.isNull() and pixmap.width() > 100

    d.click("btn_file_1")  # the PDF
    d.wait_until("the PDF's first page", previewed)
    caption = screen.preview_caption.text()
    print("PDF preview:", screen.preview.pixmap().size().toTuple(), caption)
    assert caption == "这是您选中的文件"  # one page: no page count
    d.shot("usb-preview-pdf")
    d.click("btn_file_0")  # the JPEG
    d.wait_until(
        "the JPEG", lambda: previewed() and screen.preview_caption.text() != "正在打开预览…"
    )
    d.click("btn_attach")
    d.wait_screen("capturing")
    pages = window.declaration.session.pages
    assert sorted((p.source, p.image.mime) for p in pages) == [
        ("usb", "application/pdf"),
        ("usb", "image/jpeg"),
    ]


def test_the_intake_screen_stays_up_while_the_declaration_changes_beneath(
    kiosk: tuple[KioskServices, MainWindow, TourDriver], tmp_path: Path
) -> None:
    """Found by the intake tour: each change of the declaration beneath the intake
    screen (the live camera's prompts, a page read, the ID card taken back) showed the
    materials over it, and the drive's files could no longer be chosen. Here the
    resident takes the card back while the drive is listed."""
    services, window, d = kiosk
    assert window.intake is not None
    window.intake.usb_root = make_sample_drive(tmp_path / "usb")
    hands = Hands(services)
    d.click("btn_start")
    d.click("btn_home_declare")
    d.wait_screen("choosing_matter", timeout=30)
    d.click(f"btn_matter_{TOUR_MATTER}")
    d.wait_screen("guide")
    d.click("btn_guide_continue")
    d.wait_screen("reading_card")
    hands.place_card(0)
    d.wait_screen("face_consent")
    d.click("btn_consent_agree")
    d.wait_screen("filling_form", timeout=30)
    fill_missing_fields(d)
    d.click("btn_next")
    d.wait_screen("capturing")
    assert window.declaration.flow.card_to_take, "the card still lies on the reader"
    d.click("btn_usb_id_card")
    d.wait_screen("intake_usb")
    d.wait_until("the drive's files", lambda: window.find_button("btn_file_0") is not None)
    hands.remove_card()
    d.wait_until("the card taken", lambda: not window.declaration.flow.card_to_take)
    d.pump(0.3)
    assert window.current_screen_name() == "screen_intake_usb"
    d.click("btn_file_0")
    d.click("btn_attach")
    d.wait_screen("capturing")
    assert [p.source for p in window.declaration.session.pages] == ["usb"]
