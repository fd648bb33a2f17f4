"""The on-screen keyboard on the declaration form and the matter search: a resident on a
touch screen types Chinese by pinyin, digits into a phone field, letters in English."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from device_contracts import Completion
from kiosk.ime.pinyin import shared_engine
from kiosk.main_window import MainWindow
from kiosk.ui.widgets.keyboard import LATIN, PINYIN, SYMBOLS, OnScreenKeyboard
from tests.fakes.devices import sample_card
from tests.fakes.platform import HUKOU
from tests.ui.conftest import MODE_IDS, MODES, UiEnv

pytestmark = pytest.mark.ui


@pytest.fixture(autouse=True, scope="module")
def _dictionary_loaded() -> None:
    shared_engine()  # as the kiosk's warm-up thread does at start


def to_matters(ui: UiEnv, lang: str = "zh", large: bool = False) -> MainWindow:
    """An active window (fields take focus) on the matter list of a declaration."""
    w = ui.window(lang, large)
    w.activateWindow()
    ui.qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    ui.click(w, "btn_start")
    ui.click(w, "btn_home_declare")
    ui.wait(lambda: w.find_button(f"btn_matter_{HUKOU}") is not None)
    return w


def to_form(ui: UiEnv, lang: str = "zh", large: bool = False) -> MainWindow:
    w = to_matters(ui, lang, large)
    ui.devices.id_reader.reads.push(Completion.success(sample_card()))
    ui.click(w, f"btn_matter_{HUKOU}")  # the matter, its guide, the card
    ui.click(w, "btn_guide_continue")
    ui.wait(lambda: w.current_screen_name() == "screen_filling_form")
    return w


def field(w: MainWindow, key: str) -> QLineEdit:
    found = w.current_screen().findChild(QLineEdit, f"field_{key}")
    assert found is not None, key
    return found


def tap(ui: UiEnv, w: MainWindow, keys: str) -> None:
    for key in keys:
        ui.click(w, f"btn_osk_{key}")


def focus(ui: UiEnv, edit: QLineEdit) -> None:
    edit.setFocus()
    ui.wait(lambda: edit.hasFocus())


def tap_field(ui: UiEnv, w: MainWindow, key: str) -> QLineEdit:
    """A tap on the form's field ``key``: it takes focus and the keyboard comes up."""
    edit = field(w, key)
    focus(ui, edit)
    ui.wait(lambda: w.keyboard.isVisible())
    return edit


@pytest.mark.parametrize(("lang", "large"), MODES, ids=MODE_IDS)
def test_pinyin_into_a_form_field(ui: UiEnv, lang: str, large: bool) -> None:
    tag = f"{lang}{'-large' if large else ''}"
    w = to_form(ui, lang, large)
    keyboard = w.keyboard
    assert keyboard.isHidden(), "no keyboard until a field is tapped"
    assert w.steps.isVisible()
    remark = field(w, "remark")
    focus(ui, remark)
    ui.wait(lambda: keyboard.isVisible())
    assert keyboard.target is remark
    assert not w.steps.isVisible(), "the steps make room for the keyboard"
    assert not w.footer.isVisible()
    assert keyboard.mode == (PINYIN if lang == "zh" else LATIN)
    if lang == "en":
        ui.click(w, "btn_osk_lang")  # to pinyin
        assert keyboard.mode == PINYIN
    tap(ui, w, "beijing")
    assert keyboard.composition == "beijing"
    assert remark.text() == "", "letters are pre-edit text until a candidate is chosen"
    assert keyboard.candidates()[0] == "北京"
    assert ui.button_text(w, "btn_osk_cand_0") == "北京"
    ui.wait(lambda: remark.cursorRect().isValid())
    ui.shot(w, f"20-keyboard-pinyin-{tag}")
    ui.click(w, "btn_osk_cand_0")
    assert remark.text() == "北京"
    assert ui.declaration.session.form["remark"] == "北京", "the flow got the edit"
    assert keyboard.composition == ""
    # a word by its pieces: 朝 then 阳 (space takes the first candidate)
    tap(ui, w, "chao")
    ui.click(w, "btn_osk_cand_0")
    tap(ui, w, "yang")
    first = keyboard.candidates()[0]
    ui.click(w, "btn_osk_space")
    assert remark.text() == "北京朝" + first
    ui.click(w, "btn_osk_backspace")
    assert remark.text() == "北京朝"
    assert ui.declaration.session.form["remark"] == "北京朝"
    ui.click(w, "btn_osk_done")
    ui.wait(lambda: keyboard.isHidden())
    assert w.steps.isVisible() and w.footer.isVisible()
    assert not remark.hasFocus()
    assert remark.text() == "北京朝"


def test_numbers_for_a_phone_field_and_a_tap_reopens(ui: UiEnv) -> None:
    w = to_form(ui)
    phone = tap_field(ui, w, "phone")
    assert w.keyboard.mode == SYMBOLS
    assert w.find_button("btn_osk_q") is None, "no letters on the number keys"
    for digit in "13800138000":
        ui.click(w, f"btn_osk_sym_{digit}")
    assert phone.text() == "13800138000"
    assert ui.declaration.session.form["phone"] == "13800138000"
    ui.shot(w, "20-keyboard-numbers-zh")
    # the next field: the keyboard follows the focus and changes mode
    remark = field(w, "remark")
    focus(ui, remark)
    assert w.keyboard.target is remark
    assert w.keyboard.mode == PINYIN
    ui.click(w, "btn_osk_done")
    ui.wait(lambda: w.keyboard.isHidden())
    focus(ui, remark)  # tapped again
    ui.wait(lambda: w.keyboard.isVisible())


def test_letters_shift_and_pending_pinyin_on_done(ui: UiEnv) -> None:
    w = to_form(ui, "en")
    remark = tap_field(ui, w, "remark")
    assert w.keyboard.mode == LATIN
    ui.click(w, "btn_osk_shift")
    tap(ui, w, "ab")
    assert remark.text() == "Ab", "shift holds for one letter"
    ui.click(w, "btn_osk_lang")
    tap(ui, w, "zz")
    ui.click(w, "btn_osk_done")  # letters still composed are written as typed
    assert remark.text() == "Abzz"


def test_a_field_hidden_by_a_screen_change_closes_the_keyboard(ui: UiEnv) -> None:
    w = to_form(ui)
    remark = tap_field(ui, w, "remark")
    tap(ui, w, "bei")
    assert not w.footer.isVisible(), "the keyboard covers the footer; Done brings it back"
    ui.loop.post(ui.declaration.back)  # the flow moves on (an idle reset, a staff call...)
    ui.wait(lambda: w.current_screen_name() != "screen_filling_form")
    ui.wait(lambda: w.keyboard.isHidden())
    assert not remark.isVisible()
    assert w.footer.isVisible()
    assert w.keyboard.target is None
    assert w.keyboard.composition == ""


def test_matter_search_by_pinyin(ui: UiEnv) -> None:
    w = to_matters(ui)
    search = w.current_screen().findChild(QLineEdit)
    assert search is not None
    focus(ui, search)
    ui.wait(lambda: w.keyboard.isVisible())
    tap(ui, w, "hukou")
    ui.click(w, "btn_osk_cand_0")
    assert search.text() == "户口"
    ui.wait(lambda: w.find_button(f"btn_matter_{HUKOU}") is not None)


def test_a_field_that_prefers_capitals_gets_them(qtbot: QtBot) -> None:
    """The clerk's case code: letters in capitals until the field changes."""
    host = QWidget()
    layout = QVBoxLayout(host)
    code = QLineEdit()
    code.setInputMethodHints(
        Qt.InputMethodHint.ImhLatinOnly | Qt.InputMethodHint.ImhPreferUppercase
    )
    plain = QLineEdit()
    keyboard = OnScreenKeyboard()
    for widget in (code, plain, keyboard):
        layout.addWidget(widget)
    qtbot.addWidget(host)
    host.show()
    host.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is host)
    code.setFocus()
    qtbot.waitUntil(lambda: keyboard.isVisible())
    assert keyboard.mode == LATIN
    for key in "case":
        keyboard.findChild(QPushButton, f"btn_osk_{key}").click()
    assert code.text() == "CASE", "capitals stay on"
    plain.setFocus()
    qtbot.waitUntil(lambda: keyboard.target is plain)
    if keyboard.mode != LATIN:  # pinyin first when the UI is in Chinese
        keyboard.findChild(QPushButton, "btn_osk_lang").click()
    assert keyboard.mode == LATIN
    keyboard.findChild(QPushButton, "btn_osk_a").click()
    assert plain.text() == "a", "another field: no capitals"


def tap_search(ui: UiEnv, w: MainWindow) -> QLineEdit:
    """A tap on the matter search: it takes focus and the keyboard comes up."""
    search = w.current_screen().findChild(QLineEdit, "matter_search")
    assert search is not None
    focus(ui, search)
    ui.wait(lambda: w.keyboard.isVisible())
    return search


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("fqtk", HUKOU), ("fuqi", HUKOU), ("hukou", HUKOU), ("q", None)],
    ids=["initials", "syllables", "middle", "one-letter"],
)
def test_matters_found_by_pinyin_typed_in_letters(
    ui: UiEnv, typed: str, expected: str | None
) -> None:
    """夫妻投靠户口迁入: its initials or syllables in Latin letters find it (the English
    keyboard, or a resident who knows the initials); one letter is too little to mean it."""
    w = to_matters(ui, "en")
    search = tap_search(ui, w)
    assert w.keyboard.mode == LATIN
    tap(ui, w, typed)
    assert search.text() == typed
    shown = [m.code for m in w.current_screen().results()]  # type: ignore[attr-defined]
    if expected is None:  # only the plain name/keyword search: no pinyin for one letter
        assert shown == [m.code for m in ui.platform.catalog().search(typed)]
    else:
        assert expected in shown
        ui.wait(lambda: w.find_button(f"btn_matter_{expected}") is not None)


def test_the_matter_list_follows_pinyin_as_it_is_composed(ui: UiEnv) -> None:
    """In pinyin mode the letters are not the field's text yet; the list narrows to the
    matters they spell all the same, and widens again when they are deleted."""
    w = to_matters(ui, "zh")
    search = tap_search(ui, w)
    assert w.keyboard.mode == PINYIN
    everything = len(ui.platform.catalog().matters)
    screen = w.current_screen()
    tap(ui, w, "huk")
    assert search.text() == "" and w.keyboard.composition == "huk"
    ui.wait(lambda: [m.code for m in screen.results()] == [HUKOU])  # type: ignore[attr-defined]
    ui.wait(lambda: w.find_button("btn_matter_BJ-SB-002") is None)
    for _ in "huk":
        ui.click(w, "btn_osk_backspace")
    ui.wait(lambda: len(screen.results()) == everything)  # type: ignore[attr-defined]
