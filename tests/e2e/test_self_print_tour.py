"""打印证照 on the demo kiosk (issue 21.3): the ``self-print`` tour's steps through the
real window, the platform simulator and the demo's peers, the A4 printer being the
cups driver on the demo's private cupsd: the business licence is printed and read back
from the printer's device file (its text and verification QR), then a stopped queue
fails the tax proof on the screen."""

from __future__ import annotations

from pathlib import Path

import pytest

from devices.document_printer.adapter import CupsDocumentPrinter
from devices.document_printer.private_cupsd import cupsd_available
from kiosk.demo.self_print import self_print
from kiosk.demo.tour import TourDriver
from kiosk.main_window import MainWindow
from kiosk.services import KioskServices

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not cupsd_available(), reason="Debian cups is not installed"),
]


def test_the_self_print_tour_on_the_demo_kiosk(
    kiosk: tuple[KioskServices, MainWindow], tmp_path: Path
) -> None:
    services, window = kiosk
    printer = services.devices.extra["document_printer"]
    assert isinstance(printer, CupsDocumentPrinter)
    peers = services.peers
    assert peers is not None and peers.document_printer is not None
    self_print(TourDriver(window, tmp_path / "shots"), services)  # raises on any miss
    assert window.self_print is not None and not window.self_print.active
    shots = sorted(p.name for p in (tmp_path / "shots").iterdir())
    assert any("print-done" in name for name in shots), shots
    assert any("print-failed" in name for name in shots), shots
