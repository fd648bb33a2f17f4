"""End-to-end runs stay silent: no voice prompts from espeak-ng.

``demo_config(vision=...)``: the demo site. With ``vision`` it keeps the real OpenCV
document camera and dlib face check on simulated input, but plays the simulated
feeds as fast as they are read (``realtime = false``: frame times come from the
frame rate, so auto-capture and the liveness time limits behave the same); without
it those two devices are the in-process simulations, for tests about other things.
"""

from __future__ import annotations

import os
from pathlib import Path

from kiosk.paths import DEMO_SITE_CONFIG
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
