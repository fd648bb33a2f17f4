"""Staff screens speak the staff's language (issue 19 item 9): no resident controls
(call staff, large text) once a clerk or technician has logged in, and no raw key or
English word on a Chinese staff screen ("工号 maintenance", "printer")."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from kiosk.main_window import MainWindow
from kiosk.staff_directory import GESTURE_STAFF_ID
from kiosk.ui.screens.staff import StaffMenuScreen
from tests.fakes.staff import CLERK_CARD, CLERK_PIN, TECH_CARD, TECH_PIN
from tests.ui.conftest import UiEnv
from tests.ui.test_screens_staff import _login, _window
from tests.unit.test_vocabulary import ALLOWED_ASCII

pytestmark = pytest.mark.ui


def _english_words(w: QWidget) -> set[str]:
    words: set[str] = set()
    for child in w.findChildren(QWidget):
        if isinstance(child, QLabel | QAbstractButton) and child.isVisibleTo(w):
            text = re.sub(r"[A-Z]+-\d[\d-]*|\d{2}:\d{2}:\d{2}.*", "", child.text())
            words |= set(re.findall(r"[A-Za-z][A-Za-z_]+", text))
    return words - ALLOWED_ASCII


def _resident_controls(w: MainWindow) -> tuple[bool, bool, bool]:
    """Call staff, large text and the voice prompts' speaker mark (issue 19 item 9)."""
    h = w.header
    return (
        h.staff_button.isVisibleTo(w),
        h.large_button.isVisibleTo(w),
        h.mute_button.isVisibleTo(w),
    )


def test_staff_screens_hide_the_residents_controls(ui: UiEnv) -> None:
    w, staff, _ = _window(ui, "zh", False)
    assert _resident_controls(w) == (True, True, True)
    _login(ui, w, staff, CLERK_CARD, CLERK_PIN)
    assert _resident_controls(w) == (False, False, False)
    ui.click(w, "btn_staff_load")
    ui.wait(lambda: w.current_screen_name() == "screen_load_case")
    assert _resident_controls(w) == (False, False, False)
    ui.click(w, "btn_back")
    ui.click(w, "btn_staff_logout")
    ui.wait(lambda: w.current_screen_name() == "screen_attract")
    assert _resident_controls(w) == (True, True, True)  # the next resident has them back


def test_the_technicians_status_page_names_its_checks_in_chinese(ui: UiEnv) -> None:
    w, staff, _ = _window(ui, "zh", False)
    _login(ui, w, staff, TECH_CARD, TECH_PIN)
    ui.click(w, "btn_staff_maintain")
    ui.wait(lambda: w.current_screen_name() == "screen_maintenance")
    ui.wait(lambda: bool(staff.session.checks))

    def status_lines() -> list[str]:
        return [
            label.text()
            for label in w.current_screen().findChildren(QLabel)
            if label.objectName().startswith("check_") and label.isVisibleTo(w)
        ]

    # the checks are in the session a turn before the screen has drawn them
    ui.wait(lambda: bool(status_lines()))
    details = status_lines()
    names = [
        label.text()
        for label in w.current_screen().findChildren(QLabel)
        if label.isVisibleTo(w) and label.text() in {"printer", "lockers", "platform"}
    ]
    assert not names, f"raw check names on a Chinese screen: {names}"
    english = [d for d in details if set(re.findall(r"[A-Za-z]{2,}", d)) - ALLOWED_ASCII]
    assert not english, f"English in the status lines: {english}"
    ui.shot(w, "vocabulary-maintenance-zh")


def test_the_maintenance_gesture_login_is_named_in_words(ui: UiEnv) -> None:
    menu = StaffMenuScreen()
    ui.qtbot.addWidget(menu)
    menu.show_member(GESTURE_STAFF_ID, "technician", 60)
    assert menu.who.text() == "运维人员 · 维护密码登录"
    assert not _english_words(menu)
    menu.show_member("T0042", "clerk", 60)
    assert menu.who.text() == "工号 T0042 · 窗口工作人员"
