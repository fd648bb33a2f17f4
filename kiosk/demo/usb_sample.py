"""A sample USB drive for the demo: what a resident might bring on a stick.

The kiosk lists only what it accepts from a drive (JPEG, PNG and PDF, checked by
content), so the sample holds scans it takes and files it must refuse: a program,
a file whose name says PDF but whose bytes do not, and a text note. Without it
the demo's "from USB drive" button would only ever say "no drive". A site never
gets this: it reads the drive the automount rule mounts (``KIOSK_USB_ROOT``).
"""

from __future__ import annotations

import io
import logging
from pathlib import Path

from devices.sim.page_images import TEMPLATES, flat_page

log = logging.getLogger(__name__)

#: what the demo drive holds; the first three are offered, the rest refused
SCANS_DIR = "扫描件"


def make_sample_drive(root: Path) -> Path:
    """Write the sample drive under ``root`` (again, if it exists) and return it."""
    scans = root / SCANS_DIR
    scans.mkdir(parents=True, exist_ok=True)
    register, marriage, form = (flat_page(t) for t in TEMPLATES[:3])
    register.save(scans / "户口簿首页.jpg", format="JPEG", quality=88)
    marriage.save(scans / "结婚证.png", format="PNG")
    pdf = io.BytesIO()
    form.save(pdf, format="PDF", resolution=150)  # a one-page PDF, as a scanner makes
    (scans / "申请表.pdf").write_bytes(pdf.getvalue())
    (root / "setup.exe").write_bytes(b"MZ\x90\x00\x03" + bytes(250))
    (root / "合同.pdf").write_bytes("这不是PDF文件".encode())
    (root / "说明.txt").write_text("请带上原件。\n", encoding="utf-8")
    log.info("demo USB drive written", extra={"files": 6})
    return root
