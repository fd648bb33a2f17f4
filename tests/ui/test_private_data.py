"""Private data on a public screen (issue 19 item 8): what the ID card's chip said is
read-only on the form, ID and phone numbers are masked once entered, pressed and
held they show whole to the resident, and no review or done screen, nor its
screenshot, shows a whole ID or phone number."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel, QLineEdit, QWidget

from device_contracts import Completion
from kiosk.main_window import MainWindow
from tests.fakes.devices import sample_card
from tests.fakes.platform import HUKOU, MARRIAGE_CERT
from tests.ui.conftest import MODE_IDS, MODES, UiEnv

pytestmark = pytest.mark.ui

CARD = sample_card()
TYPED_PHONE = "13800138000"
READ_PHONE = "13900139000"  # what OCR reads off the household register (conftest)

#: a whole resident ID (18, X check digit; or the old 15) or a whole mobile number,
#: not part of a longer run of digits (a 20-digit case code is not an ID)
WHOLE_NUMBER = re.compile(r"(?<![0-9A-Za-z*])(\d{17}[\dXx]|\d{15}|1[3-9]\d{9})(?![0-9A-Za-z*])")


def visible_texts(window: MainWindow) -> list[str]:
    """Every text on screen: labels, fields, buttons, combo boxes."""
    texts: list[str] = []
    for w in window.findChildren(QWidget):
        if not w.isVisibleTo(window):
            continue
        if isinstance(w, QLabel | QLineEdit | QAbstractButton):
            texts.append(w.text())
        elif isinstance(w, QComboBox):
            texts.append(w.currentText())
    return texts


def whole_numbers(window: MainWindow) -> list[str]:
    found = [m for t in visible_texts(window) for m in WHOLE_NUMBER.findall(t)]
    secrets = (CARD.id_number, TYPED_PHONE, READ_PHONE)
    found += [s for t in visible_texts(window) for s in secrets if s in t]
    return found


def assert_private(ui: UiEnv, window: MainWindow, shot: str) -> Path:
    leaked = whole_numbers(window)
    assert not leaked, f"{shot}: whole numbers on screen: {leaked}"
    path = ui.shot(window, shot)
    assert not QImage(str(path)).isNull()
    return path


def to_form(ui: UiEnv, lang: str, large: bool) -> MainWindow:
    w = ui.window(lang, large)
    ui.devices.id_reader.reads.push(Completion.success(CARD))
    ui.declare_to_card(w, HUKOU)
    ui.wait(lambda: w.current_screen_name() == "screen_filling_form")
    return w


def field(w: MainWindow, key: str) -> QLineEdit:
    edit = w.current_screen().findChild(QLineEdit, f"field_{key}")
    assert edit is not None, key
    return edit


def type_phone(ui: UiEnv, w: MainWindow) -> None:
    """A tap on the phone field, the digits, then on to the next field."""
    phone = field(w, "phone")
    ui.qtbot.mouseClick(phone, Qt.MouseButton.LeftButton)
    ui.wait(phone.hasFocus)
    assert phone.text() == ""
    ui.qtbot.keyClicks(phone, TYPED_PHONE)
    assert phone.text() == TYPED_PHONE  # typing, the resident sees what they type
    assert ui.declaration.session.form["phone"] == TYPED_PHONE
    date = field(w, "move_date")
    ui.qtbot.mouseClick(date, Qt.MouseButton.LeftButton)
    ui.wait(date.hasFocus)
    ui.qtbot.keyClicks(date, "2026-12-01")
    ui.wait(lambda: phone.text() == "138****8000")
    ui.click(w, "btn_osk_done")  # the on-screen keyboard's 完成: the footer comes back
    ui.wait(lambda: not w.keyboard.isVisible())


def to_review(ui: UiEnv, w: MainWindow) -> None:
    type_phone(ui, w)
    ui.click(w, "btn_next")
    ui.wait(lambda: w.current_screen_name() == "screen_capturing")
    for i, code in enumerate(("hukou_book", "id_card_copy")):
        ui.click(w, f"btn_capture_{code}")
        ui.wait(lambda i=i: len(ui.declaration.session.pages) == i + 1)
        ui.wait(lambda: not ui.declaration.session.capturing)
    ui.click(w, f"btn_defer_{MARRIAGE_CERT}")
    ui.wait(lambda: len(ui.declaration.session.readings) == 2)
    ui.click(w, "btn_next")
    ui.wait(lambda: w.current_screen_name() == "screen_choosing_delivery")
    ui.click(w, "btn_delivery_locker")
    ui.wait(lambda: w.current_screen_name() == "screen_reviewing")


def test_chip_fields_are_read_only_and_numbers_masked_on_the_form(ui: UiEnv) -> None:
    w = to_form(ui, "zh", False)
    for key in ("name", "id_number", "address"):
        edit = field(w, key)
        assert edit.isReadOnly(), key
        ui.qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)
        assert not w.keyboard.isVisible(), f"{key}: the keyboard opened on a read-only field"
        ui.qtbot.keyClicks(edit, "9")
    gender = w.current_screen().findChild(QComboBox, "field_gender")
    assert gender is not None and not gender.isEnabled()
    form = ui.declaration.session.form
    assert (form["name"], form["id_number"]) == (CARD.name, CARD.id_number)
    assert field(w, "id_number").text() == "110112********0011"
    assert field(w, "name").text() == CARD.name  # a name is not a number to hide
    assert field(w, "phone").isReadOnly() is False
    type_phone(ui, w)
    assert_private(ui, w, "private-form-zh")


def test_press_and_hold_shows_the_number_and_release_hides_it(ui: UiEnv) -> None:
    w = to_form(ui, "zh", False)
    to_review(ui, w)
    number = ui.label(w, "review_id_number")
    assert number.text() == "110112********0011"
    centre = QPoint(number.width() // 4, number.height() // 2)
    QTest.mousePress(number, Qt.MouseButton.LeftButton, pos=centre)
    assert number.text() == CARD.id_number  # held: the resident reads it whole
    QTest.mouseRelease(number, Qt.MouseButton.LeftButton, pos=centre)
    assert number.text() == "110112********0011"
    phone = ui.label(w, "review_phone")
    QTest.mousePress(phone, Qt.MouseButton.LeftButton, pos=QPoint(2, 2))
    assert phone.text() == TYPED_PHONE
    ui.click(w, "btn_edit_form")  # leaving the screen with a finger on it still hides it
    ui.wait(lambda: w.current_screen_name() == "screen_filling_form")
    assert phone.text() == "138****8000"
    id_field = field(w, "id_number")
    QTest.mousePress(id_field, Qt.MouseButton.LeftButton, pos=QPoint(4, 4))
    assert id_field.text() == CARD.id_number
    QTest.mouseRelease(id_field, Qt.MouseButton.LeftButton, pos=QPoint(4, 4))
    assert id_field.text() == "110112********0011"
    assert ui.declaration.session.form["id_number"] == CARD.id_number


@pytest.mark.parametrize(("lang", "large"), MODES, ids=MODE_IDS)
def test_review_and_done_screens_show_no_whole_number(ui: UiEnv, lang: str, large: bool) -> None:
    tag = f"{lang}{'-large' if large else ''}"
    w = to_form(ui, lang, large)
    assert_private(ui, w, f"private-form-{tag}")
    to_review(ui, w)
    assert ui.label(w, "review_id_number").text() == "110112********0011"
    assert ui.label(w, "review_phone").text() == "138****8000"
    assert ui.label(w, "review_read_phone").text() == "139****9000"  # read off the register
    assert ui.label(w, "review_mask_hint").isVisibleTo(w)
    assert_private(ui, w, f"private-review-{tag}")
    ui.click(w, "btn_edit_form")  # the form again, after entry: masked there too
    ui.wait(lambda: w.current_screen_name() == "screen_filling_form")
    assert_private(ui, w, f"private-form-read-{tag}")
    ui.click(w, "btn_next")
    ui.wait(lambda: w.current_screen_name() == "screen_capturing")
    ui.click(w, "btn_next")
    ui.wait(lambda: w.current_screen_name() == "screen_choosing_delivery")
    ui.click(w, "btn_delivery_locker")
    ui.wait(lambda: w.current_screen_name() == "screen_reviewing")
    ui.click(w, "btn_submit")
    ui.wait(lambda: w.current_screen_name() == "screen_done", timeout=10_000)
    assert_private(ui, w, f"private-done-{tag}")
