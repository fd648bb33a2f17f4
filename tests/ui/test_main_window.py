"""Window behaviour: language and large-text switches, idle timeout, call staff."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLineEdit

from device_contracts import Completion, Text
from kiosk.ui.theme import active_theme
from kiosk.ui.widgets.tr import K
from tests.fakes.devices import sample_card
from tests.fakes.platform import HUKOU
from tests.ui.conftest import UiEnv

pytestmark = pytest.mark.ui


def title_text(ui: UiEnv, name: str) -> str:
    return ui.label(ui.windows[-1], name).text()


def test_language_switch_changes_visible_labels_without_touching_the_flow(ui: UiEnv) -> None:
    w = ui.window("zh")
    ui.click(w, "btn_start")
    tile = w.home.tiles["declare"]
    assert tile.title_label.text() == "办事申报"
    ui.declare_to_card(w, HUKOU)
    ui.wait_state(ui.declaration, "reading_card")
    assert title_text(ui, "reading_card_title") == "请将身份证放在读卡区"
    assert ui.button_text(w, "btn_cancel") == "取消办理"
    ui.click(w, "btn_lang")
    assert w.lang == "en"
    assert title_text(ui, "reading_card_title") == "Place your ID card on the reader"
    assert ui.button_text(w, "btn_cancel") == "Cancel"
    assert ui.button_text(w, "btn_lang") == "中文"
    assert tile.title_label.text() == "Declare a matter"
    assert str(ui.declaration.state) == "reading_card"  # the flow was not rebuilt
    ui.shot(w, "40-language-switched-en")


def test_large_text_switch_keeps_the_journey_and_form_values(ui: UiEnv) -> None:
    w = ui.window("zh")
    ui.devices.id_reader.reads.push(Completion.success(sample_card()))
    ui.declare_to_card(w, HUKOU)
    ui.wait(lambda: w.current_screen_name() == "screen_filling_form")
    before = ui.label(w, "filling_form_title").font().pixelSize()
    ui.click(w, "btn_large_text")
    assert w.large_text
    ui.wait(lambda: w.current_screen_name() == "screen_filling_form")
    edit = w.current_screen().findChild(QLineEdit, "field_name")
    assert edit is not None and edit.text() == "张三"  # rendered again from the session
    after = ui.label(w, "filling_form_title").font().pixelSize()
    assert after > before
    assert ui.button_text(w, "btn_large_text") == "标准版"
    assert w.idle.timeout_s > 600  # slower timeout for large-text users
    ui.shot(w, "41-large-text-switched")
    ui.click(w, "btn_back")  # presenters still route taps after the rebuild
    ui.wait(lambda: w.current_screen_name() == "screen_guide")


def test_idle_watcher_warns_then_resets_the_flow_and_wipes_the_session(ui: UiEnv) -> None:
    w = ui.window("zh", idle_timeout_s=600, idle_warning_s=2)
    ui.devices.id_reader.reads.push(Completion.success(sample_card()))
    ui.declare_to_card(w, HUKOU)
    ui.wait(lambda: w.current_screen_name() == "screen_filling_form")
    w.idle.set_timeout(0.3)  # the resident walks away from the form
    assert ui.declaration.session.card is not None
    ui.click(w, "btn_lang")  # the next resident must get the defaults back
    ui.wait(lambda: w.idle.warning, timeout=3000)
    assert w.find_button("idle_continue") is not None
    assert w.idle.overlay.countdown.text() == "2"
    ui.shot(w, "42-idle-warning")
    ui.wait(lambda: w.current_screen_name() == "screen_attract", timeout=5000)
    assert str(ui.declaration.state) == "idle"
    assert ui.declaration.session.card is None  # personal data wiped
    assert not w.idle.warning
    assert w.lang == "zh"


def test_a_touch_during_the_warning_keeps_the_session(ui: UiEnv) -> None:
    w = ui.window("zh", idle_timeout_s=0.2, idle_warning_s=5)
    w.start_service("declare")
    ui.wait_state(ui.declaration, "choosing_matter")
    ui.wait(lambda: w.idle.warning, timeout=3000)
    ui.qtbot.mouseClick(w.idle.overlay.cont, Qt.MouseButton.LeftButton)
    assert not w.idle.warning
    assert str(ui.declaration.state) == "choosing_matter"


def test_no_idle_warning_on_the_attract_screen(ui: UiEnv) -> None:
    w = ui.window("zh", idle_timeout_s=0.1, idle_warning_s=1)
    ui.qtbot.wait(400)
    assert not w.idle.warning
    assert w.current_screen_name() == "screen_attract"


def test_cancel_wipes_and_returns_home(ui: UiEnv) -> None:
    w = ui.window("zh")
    ui.devices.id_reader.reads.push(Completion.success(sample_card()))
    ui.declare_to_card(w, HUKOU)
    ui.wait(lambda: w.current_screen_name() == "screen_filling_form")
    ui.click(w, "btn_cancel")
    ui.wait(lambda: w.current_screen_name() == "screen_home")
    assert ui.declaration.session.card is None


def test_call_staff_without_a_help_desk_does_not_promise_anyone(ui: UiEnv) -> None:
    """Issue 19 item 1: with nothing to carry the call it said "Staff have been called";
    it says where help is instead (tests/ui/test_help_call.py: with a help desk)."""
    w = ui.window("en")
    with ui.qtbot.waitSignal(w.staff_called, timeout=1000):
        ui.click(w, "btn_call_staff")
    assert "Staff have been called" not in w.banner.text()
    assert "cannot call staff" in w.banner.text() and "12345" in w.banner.text()


def test_an_info_banner_after_an_error_is_not_drawn_in_red(ui: UiEnv) -> None:
    w = ui.window("en")
    theme = active_theme()
    w._show_banner(K("header.staff_called"), "error")  # any text: only the kind matters
    red = w.banner.label.palette().color(QPalette.ColorRole.WindowText).name()
    w.show_message(Text("信息", "a notice"), "info")
    info = w.banner.label.palette().color(QPalette.ColorRole.WindowText).name()
    print("error text", red, "-> info text", info)
    assert red == theme.danger.lower() and info == theme.primary.lower()
