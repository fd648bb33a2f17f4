"""Keypad, i18n, QR code and theme behaviour."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from device_contracts import Text
from kiosk import i18n
from kiosk.ui.theme import LARGE_TEXT, STANDARD
from kiosk.ui.widgets.keypad import NumericKeypad
from kiosk.ui.widgets.qr import qr_pixmap
from kiosk.ui.widgets.tr import K, TrLabel, retranslate_tree, set_current_lang

pytestmark = pytest.mark.ui


def test_keypad_enters_a_code_and_submits_only_when_complete(qtbot: QtBot) -> None:
    pad = NumericKeypad(6)
    qtbot.addWidget(pad)
    pad.show()
    submitted: list[str] = []
    pad.submitted.connect(submitted.append)
    for name in ("btn_key_4", "btn_key_8", "btn_key_2"):
        qtbot.mouseClick(pad.findChild(object, name), Qt.MouseButton.LeftButton)
    assert pad.code() == "482"
    assert pad.display.code() == "482"
    assert not pad.ok.isEnabled()
    qtbot.mouseClick(pad.findChild(object, "btn_key_delete"), Qt.MouseButton.LeftButton)
    assert pad.code() == "48"
    for name in ("btn_key_2", "btn_key_9", "btn_key_1", "btn_key_3", "btn_key_7"):
        qtbot.mouseClick(pad.findChild(object, name), Qt.MouseButton.LeftButton)
    assert pad.code() == "482913"  # the seventh digit is ignored
    qtbot.mouseClick(pad.ok, Qt.MouseButton.LeftButton)
    assert submitted == ["482913"]
    qtbot.mouseClick(pad.findChild(object, "btn_key_clear"), Qt.MouseButton.LeftButton)
    assert pad.code() == ""


def test_every_ui_string_has_both_languages() -> None:
    for key, value in i18n.STRINGS.items():
        assert value.zh and value.en, key
    assert i18n.tr("home.declare", "zh") == "办事申报"
    assert i18n.tr("home.declare", "en-GB") == "Declare a matter"
    assert i18n.tr("face_failed.attempts", "en", n=2) == "2 attempts left"
    assert i18n.tr("no.such.key", "zh") == "no.such.key"
    assert i18n.text(Text("完成", "Done"), "en") == "Done"
    assert i18n.text(None, "zh") == ""


def test_labels_re_render_when_the_language_changes(qtbot: QtBot) -> None:
    set_current_lang("zh")
    label = TrLabel(K("deposit.open", compartment="A03"))
    qtbot.addWidget(label)
    assert label.text() == "A03 号格口已打开"
    set_current_lang("en")
    retranslate_tree(label)
    assert label.text() == "Compartment A03 is open"
    set_current_lang("zh")


def test_qr_pixmap_decodes_back_to_its_data() -> None:
    pixmap = qr_pixmap("https://zwfw.beijing.gov.cn/case/11011220261103000001", 400)
    image = pixmap.toImage().convertToFormat(QImage.Format.Format_Grayscale8)
    ptr = image.constBits()
    arr = np.frombuffer(ptr, np.uint8).reshape(image.height(), image.bytesPerLine())[:, :400]
    text, _points, _ = cv2.QRCodeDetector().detectAndDecode(np.ascontiguousarray(arr))
    assert text == "https://zwfw.beijing.gov.cn/case/11011220261103000001"


def test_large_text_theme_is_bigger_and_keeps_touch_targets() -> None:
    std, large = STANDARD.tokens(), LARGE_TEXT.tokens()
    assert int(std["touch"]) >= 64
    assert int(large["f_body"]) == round(int(std["f_body"]) * 1.4)
    assert "${" not in LARGE_TEXT.stylesheet()
    assert large["text"] == "#000000"  # higher contrast
