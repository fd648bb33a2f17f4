"""The ``commitment`` tour (告知承诺制): 张伟 applies for student financial aid (学生资助申请,
JY004), whose household-income commitment stands in for the proof of income. He types
his child's name and school, reads the commitment to its end, first taps the pad once
(a dot: refused, the screen says why), signs again with a name written across the pad,
hands in the rest and submits; the platform verifies the terminal's signature.

The finger is played by mouse events on the pad, as a touch screen's driver would
deliver them."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QScrollArea

from kiosk.demo.tour import TourDriver, TourError, declare
from kiosk.ui.widgets.signature import SignaturePad

if TYPE_CHECKING:
    from kiosk.services import KioskServices

#: 学生资助申请: the household_income commitment replaces income_proof (seed catalogue)
COMMITMENT_MATTER = "JY004"
CHILD = {"child_name": "张小明", "school": "北京市第一中学"}


def commitment(d: TourDriver, services: KioskServices) -> None:
    declare(d, services, matter_code=COMMITMENT_MATTER, fields=CHILD, sign=sign_commitment)


def sign_commitment(d: TourDriver) -> None:
    """After the form: when the matter asks for its commitment, read it to its end and
    sign it (a dot first, refused); else nothing (on to the materials)."""
    w = d.window
    d.wait_until(
        "the commitment or the materials",
        lambda: w.current_screen_name() in {"screen_commitment", "screen_capturing"},
        timeout=30,
    )
    if w.current_screen_name() != "screen_commitment":
        return
    d.shot("commitment")
    area = w.current_screen().findChild(QScrollArea, "commitment_scroll")
    if area is None:
        raise TourError("the commitment page has no text to scroll")
    bar = area.verticalScrollBar()
    while bar.value() < bar.maximum():  # the finger scrolls down a screenful at a time
        bar.setValue(bar.value() + bar.pageStep())
        d.pump(0.1)
    d.shot("commitment-read")
    d.click("btn_commitment_sign")
    d.wait_screen("signing")
    pad = _pad(d)
    centre = QPoint(pad.width() // 2, pad.height() // 2)
    QTest.mouseClick(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)
    d.click("btn_sign_confirm")
    d.wait_until("the reason the dot was refused", lambda: _refusal_shown(d), timeout=10)
    d.shot("signature-refused")
    d.click("btn_sign_clear")
    _write_a_name(pad)
    d.pump(0.2)
    d.shot("signature")
    d.click("btn_sign_confirm")


def _pad(d: TourDriver) -> SignaturePad:
    pad = d.window.current_screen().findChild(SignaturePad, "signature_pad")
    if pad is None:
        raise TourError("the signing page has no pad")
    return pad


def _refusal_shown(d: TourDriver) -> bool:
    label = d.window.current_screen().findChild(QLabel, "signing_refusal")
    return label is not None and label.isVisible()


def _write_a_name(pad: SignaturePad) -> None:
    """Three strokes across the pad's line, as a name written by hand."""
    w, h = pad.width(), pad.height()
    strokes = (
        [(0.18 + 0.16 * i / 30, 0.45 + 0.18 * math.sin(i / 2.5)) for i in range(31)],
        [(0.40 + 0.02 * i / 30, 0.25 + 0.5 * i / 30) for i in range(31)],
        [(0.50 + 0.30 * i / 40, 0.55 - 0.2 * math.sin(i / 4) + 0.1 * i / 40) for i in range(41)],
    )
    for stroke in strokes:
        points = [QPoint(int(w * x), int(h * y)) for x, y in stroke]
        no = Qt.KeyboardModifier.NoModifier
        QTest.mousePress(pad, Qt.MouseButton.LeftButton, no, points[0])
        for p in points[1:]:
            QTest.mouseMove(pad, p)
        QTest.mouseRelease(pad, Qt.MouseButton.LeftButton, no, points[-1])
