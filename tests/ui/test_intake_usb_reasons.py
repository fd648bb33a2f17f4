"""A USB file refused because its content is not what its name says gets its own
reason on the intake screen (issue 19 item 5), in Chinese and in English: "合同.pdf"
holding text is "the name says PDF, but the content is not a PDF", a zip named .jpg
"the name says picture ...", never the general "only PDF and pictures". The drive is a
real directory; the screen is the real window's."""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel

from device_contracts import Text
from file_checks.scan import scan_drive
from kiosk.main_window import MainWindow
from kiosk.ui.screens.intake import IntakeScreen
from tests.ui.conftest import UiEnv, page_png

SAYS = {
    "zh": ("合同.pdf", "文件名是 PDF，但内容不是 PDF 文件", "照片.jpg", "内容不是 JPG 或 PNG 图片"),
    "en": (
        "合同.pdf",
        "The name says PDF, but the content is not a PDF",
        "照片.jpg",
        "the content is not a JPG or PNG picture",
    ),
}


def _drive(root: Path) -> Path:
    root.mkdir(parents=True)
    (root / "户口簿.png").write_bytes(page_png().data)  # a real picture: offered
    (root / "合同.pdf").write_bytes("这不是PDF文件".encode())
    packed = BytesIO()
    with zipfile.ZipFile(packed, "w") as z:
        z.writestr("a.txt", "x")
    (root / "照片.jpg").write_bytes(packed.getvalue())
    return root


def _usb_screen(w: MainWindow, root: Path) -> IntakeScreen:
    """The intake screen as the controller fills it after a scan of ``root`` (the
    journey's way there is tests/ui/test_capture_live.py's; the listing is the real
    scan of a real directory)."""
    report = scan_drive(root)
    screen = IntakeScreen("usb")
    w.stack.addWidget(screen)
    screen.show_intake(
        Text("居民户口簿", "Household register"),
        [(f.display_name, f.size) for f in report.accepted],
        [(r.display_name, r.text) for r in report.rejected],
        None,
    )
    w.show_screen(screen)
    return screen


def _rejected_lines(w: MainWindow) -> list[str]:
    return [
        label.text()
        for label in w.current_screen().findChildren(QLabel)
        if label.isVisible() and ("合同.pdf" in label.text() or "照片.jpg" in label.text())
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_file_whose_content_is_not_its_kind_says_so(ui: UiEnv, lang: str, tmp_path: Path) -> None:
    w = ui.window(lang)
    _usb_screen(w, _drive(tmp_path / "usb"))
    ui.wait(lambda: len(_rejected_lines(w)) == 2)
    pdf_name, pdf_says, jpg_name, jpg_says = SAYS[lang]
    lines = _rejected_lines(w)
    assert any(pdf_name in line and pdf_says in line for line in lines), lines
    assert any(jpg_name in line and jpg_says in line for line in lines), lines
    assert w.find_button("btn_file_0") is not None, "the real picture is offered"
    ui.shot(w, f"intake_usb_not_its_kind-{lang}")
