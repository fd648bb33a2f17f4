"""The ``intake`` tour: materials from a USB drive and from the resident's phone.

The drive is the demo's sample drive (kiosk/demo/usb_sample.py: scans the kiosk takes,
files it refuses; ``$KIOSK_USB_ROOT`` points the demo at another). The phone is played by an HTTP client posting a photo to the
one-time link the kiosk shows as a QR code, exactly as a phone's browser would.
"""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING

import requests

from devices.sim.page_images import TEMPLATES, render_page
from kiosk.demo.tour import TourDriver, TourError, declare_to_materials
from kiosk.ui.screens.intake import IntakeScreen

if TYPE_CHECKING:
    from kiosk.services import KioskServices

#: the materials of the tour's matter that take a file from each source
USB_MATERIAL, PHONE_MATERIAL = "hukou", "photo"


def intake(d: TourDriver, services: KioskServices) -> None:
    from kiosk.demo.peers import DemoHands

    w = d.window
    if w.intake is None:
        raise TourError("this window has no USB/phone intake")
    declare_to_materials(d, DemoHands(services.devices, services.peers))
    d.shot("materials")

    # the USB drive: only what the kiosk accepts is offered; choosing shows it
    d.click(f"btn_usb_{USB_MATERIAL}")
    d.wait_screen("intake_usb")
    d.wait_until("the drive's files", lambda: w.find_button("btn_file_0") is not None)
    d.shot("usb-files")
    _choose_first_file(d, "usb-preview")

    # the phone: a one-time link as a QR code; the upload appears on the kiosk
    d.click(f"btn_phone_{PHONE_MATERIAL}")
    d.wait_screen("intake_phone")
    qr = _intake_screen(d).qr
    d.wait_until("the upload link", lambda: bool(qr.data()))
    d.shot("phone-link")
    photo = render_page(TEMPLATES[2], seed=7)  # a phone photo of a form on a desk
    reply = requests.post(
        qr.data(),
        json={
            "name": "IMG_0001.jpg",
            "mime": photo.mime,
            "data": base64.b64encode(photo.data).decode(),
        },
        timeout=10,
    )
    if reply.status_code != 200:
        raise TourError(f"the phone's upload was refused: {reply.status_code}")
    d.wait_until("the phone's file", lambda: w.find_button("btn_file_0") is not None)
    _choose_first_file(d, "phone-arrived")
    d.pump(0.3)
    d.shot("materials-from-usb-and-phone")


def _choose_first_file(d: TourDriver, shot: str) -> None:
    """Choose the first file offered, wait for its preview, shoot, add it."""
    d.click("btn_file_0")
    screen = _intake_screen(d)
    d.wait_until("the preview", lambda: not screen.preview.pixmap().isNull())
    d.shot(shot)
    d.click("btn_attach")
    d.wait_screen("capturing")


def _intake_screen(d: TourDriver) -> IntakeScreen:
    screen = d.window.current_screen()
    if not isinstance(screen, IntakeScreen):
        raise TourError(f"expected an intake screen, not {d.window.current_screen_name()}")
    return screen
