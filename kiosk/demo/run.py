"""``kiosk demo --tour DIR [--journey NAME]``: the default tour (declare, the clerk
loads the certificate, collect, the extras) or one journey in Chinese and English.
Kept apart from the steps (kiosk/demo/tour.py) and the journeys
(kiosk/demo/journeys.py), which both import the steps: this module sits above both."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.demo.journeys import BilingualDriver, run_journey
from kiosk.demo.tour import (
    TourDriver,
    TourError,
    clerk_loads_certificate,
    collect,
    declare,
    extras,
)

if TYPE_CHECKING:
    from kiosk.main_window import MainWindow
    from kiosk.services import KioskServices


def run_tour(
    window: MainWindow, services: KioskServices, out_dir: Path, journey: str | None = None
) -> int:
    """The default tour, or with ``journey`` one journey in zh and en (kiosk/demo/journeys.py)."""
    window.resize(1920, 1080)
    window.show()
    driver: TourDriver
    if journey is not None:
        driver = BilingualDriver(window, out_dir)
        name = f"tour {journey}"
    else:
        driver = TourDriver(window, out_dir)
        name = "tour"
    try:
        if journey is not None:
            run_journey(driver, services, journey)
        else:
            _default_tour(driver, services)
    except TourError as exc:
        driver.shot("tour-failed")
        print(f"tour failed: {exc}")
        return 1
    print(f"{name}: {len(driver.shots)} screenshots in {out_dir}/")
    return 0


def _default_tour(driver: TourDriver, services: KioskServices) -> None:
    case_code = declare(driver, services)
    pickup_code = clerk_loads_certificate(services, case_code)
    collect(driver, services, pickup_code)
    extras(driver, services)
