"""The materials screen's greyed 下一步 says why beside it, and is never enabled while a
required material is missing (issue 19 item 3): a material with no page, no electronic
licence and not handed in later (容缺) keeps it greyed; a page still being read says
which; shot in Chinese, English and large text."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QLineEdit

from device_contracts import Completion
from kiosk.main_window import MainWindow
from tests.fakes.devices import sample_card
from tests.fakes.platform import HUKOU, MARRIAGE_CERT
from tests.ui.conftest import MODE_IDS, MODES, UiEnv

pytestmark = pytest.mark.ui


def _to_materials(ui: UiEnv, lang: str, large: bool) -> MainWindow:
    w = ui.window(lang, large)
    ui.devices.id_reader.reads.push(Completion.success(sample_card()))
    ui.declare_to_card(w, HUKOU)
    ui.wait(lambda: w.current_screen_name() == "screen_filling_form")
    screen = w.current_screen()
    for key, value in (("phone", "13800138000"), ("move_date", "2026-12-01")):
        edit = screen.findChild(QLineEdit, f"field_{key}")
        assert edit is not None
        ui.qtbot.keyClicks(edit, value)
    ui.click(w, "btn_next")
    ui.wait(lambda: w.current_screen_name() == "screen_capturing")
    return w


def _next_says(ui: UiEnv, w: MainWindow, expected: str | None) -> None:
    """下一步 greyed with ``expected`` beside it, readable (None: enabled, nothing said)."""
    button = w.find_button("btn_next")
    assert button is not None
    reason = ui.label(w, "next_reason")
    if expected is None:
        ui.wait(lambda: button.isEnabled())
        assert not reason.isVisibleTo(w)
        return
    ui.wait(lambda: reason.text() == expected)
    assert not button.isEnabled()
    assert reason.isVisibleTo(w)
    # all of it shown: its wrapped text fits its box, inside the window, and right
    # above the button (its right edge near the button's, its bottom above its top)
    need = QFontMetrics(reason.font()).boundingRect(
        QRect(0, 0, reason.contentsRect().width(), 100_000),
        int(Qt.TextFlag.TextWordWrap),
        reason.text(),
    )
    assert need.height() <= reason.contentsRect().height(), (need, reason.contentsRect())
    box = QRect(reason.mapTo(w, QPoint(0, 0)), reason.size())
    at = QRect(button.mapTo(w, QPoint(0, 0)), button.size())
    assert w.rect().contains(box), (box, w.rect())
    assert box.bottom() < at.top() and abs(box.right() - at.right()) < at.width(), (box, at)


@pytest.mark.parametrize(("lang", "large"), MODES, ids=MODE_IDS)
def test_greyed_next_says_why(ui: UiEnv, lang: str, large: bool) -> None:
    tag = f"{lang}{'-large' if large else ''}"
    zh = lang == "zh"
    flow = ui.declaration
    w = _to_materials(ui, lang, large)
    _next_says(
        ui,
        w,
        "还缺：居民户口簿、居民身份证复印件、结婚证"
        if zh
        else "Still missing: Household register, ID card copy, Marriage certificate",
    )
    ui.shot(w, f"22-next-missing-all-{tag}")

    ui.reader.hold = True  # the pages stay "being read" until released
    ui.click(w, "btn_capture_hukou_book")
    ui.wait(lambda: len(flow.session.pages) == 1 and not flow.session.capturing)
    # a missing material says first what the resident has to do
    _next_says(
        ui,
        w,
        "还缺：居民身份证复印件、结婚证"
        if zh
        else "Still missing: ID card copy, Marriage certificate",
    )
    ui.click(w, "btn_capture_id_card_copy")
    ui.wait(lambda: len(flow.session.pages) == 2 and not flow.session.capturing)
    _next_says(ui, w, "还缺：结婚证" if zh else "Still missing: Marriage certificate")
    ui.shot(w, f"22-next-missing-one-{tag}")

    ui.click(w, f"btn_defer_{MARRIAGE_CERT}")  # 容缺: handed in later counts as handed in
    _next_says(ui, w, "正在识别第 1、2 页" if zh else "Reading pages 1, 2")
    ui.shot(w, f"22-next-reading-{tag}")
    ui.reader.release()
    ui.wait(lambda: len(flow.session.readings) == 2)
    _next_says(ui, w, None)

    ui.click(w, "btn_remove_page_1")  # the ID card copy taken away again
    ui.wait(lambda: len(flow.session.pages) == 1)
    _next_says(ui, w, "还缺：居民身份证复印件" if zh else "Still missing: ID card copy")
    ui.reader.hold = True
    ui.click(w, "btn_capture_id_card_copy")
    ui.wait(lambda: len(flow.session.pages) == 2 and not flow.session.capturing)
    _next_says(ui, w, "正在识别第 2 页" if zh else "Reading page 2")
    ui.reader.release()
    _next_says(ui, w, None)
    ui.click(w, "btn_next")
    ui.wait(lambda: w.current_screen_name() == "screen_choosing_delivery")
    ui.click(w, "btn_delivery_locker")
    ui.wait(lambda: w.current_screen_name() == "screen_reviewing")
