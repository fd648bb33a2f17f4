"""End-to-end runs stay silent: no voice prompts from espeak-ng.

``running_kiosk(root)``: the demo kiosk's services (simulated peers driven by the test)
and its window at 1920x1080 on ``demo_config(vision=False)``, closed afterwards; the
``kiosk`` fixture gives both for one test.

``demo_config(vision=...)``: the demo site. With ``vision`` it keeps the real OpenCV
document camera and dlib face check on simulated input, but plays the simulated
feeds as fast as they are read (``realtime = false``: frame times come from the
frame rate, so auto-capture and the liveness time limits behave the same); without
it those two devices are the in-process simulations, for tests about other things.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from kiosk.app import LaunchOptions, build_window
from kiosk.main_window import MainWindow
from kiosk.paths import DEMO_SITE_CONFIG
from kiosk.services import KioskServices
from kiosk.site_config import SiteConfig, load_site_config

os.environ.setdefault("KIOSK_VOICE", "0")


def demo_config(tmp_path: Path, *, vision: bool) -> SiteConfig:
    text = DEMO_SITE_CONFIG.read_text(encoding="utf-8")
    if vision:
        text = text.replace('source = "sample-pages"', 'source = "sample-pages"\nrealtime = false')
        text = text.replace('source = "sample-live"', 'source = "sample-live"\nrealtime = false')
    else:
        head, rest = text.split("[devices.document_camera]", 1)
        _cameras, tail = rest.split("[devices.printer]", 1)
        text = (
            head
            + '[devices.document_camera]\ndriver = "sim"\ndelay_s = 0.4\n\n'
            + '[devices.face]\ndriver = "sim"\ndelay_s = 0.8\n\n[devices.printer]'
            + tail
        )
    path = tmp_path / "site.toml"
    path.write_text(text, encoding="utf-8")
    return load_site_config(path)


@contextmanager
def running_kiosk(root: Path) -> Iterator[tuple[KioskServices, MainWindow]]:
    """The demo kiosk on the in-process camera and face simulations, its data in
    ``root/data``, its peers moved by the test (``demo_peers="manual"``), shown."""
    services = KioskServices.start(
        demo_config(root, vision=False), data_dir=root / "data", demo_peers="manual"
    )
    window = build_window(services, LaunchOptions(DEMO_SITE_CONFIG, demo=True))
    window.resize(1920, 1080)
    window.show()
    try:
        yield services, window
    finally:
        window.idle.stop()
        window.close()
        services.close()


@pytest.fixture
def kiosk(qapp: object, tmp_path: Path) -> Iterator[tuple[KioskServices, MainWindow]]:
    with running_kiosk(tmp_path) as started:
        yield started
