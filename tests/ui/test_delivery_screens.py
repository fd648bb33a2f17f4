"""物流服务 on the screens (issue 21.5): a resident at the delivery step taps 邮寄到家,
finds the address filled from the ID card, empties the street by mistake and is told,
types it again and confirms; the review says the post with the address masked. Locker
is one tap. Shot in Chinese, English and large text, every text in view."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from device_contracts import Completion, Text
from flows.domain import CaseStatusKind, CaseSummary
from kiosk.main_window import MainWindow
from tests.fakes.platform import HUKOU, MARRIAGE_CERT
from tests.ui.conftest import MODE_IDS, MODES, UiEnv
from tests.ui.layout_check import layout_faults
from tests.ui.test_screens_licences import to_materials
from tests.ui.test_screens_staff import _window as staff_window

pytestmark = pytest.mark.ui


def to_delivery(ui: UiEnv, lang: str, large: bool) -> MainWindow:
    """Card read, HUKOU's form filled, its materials taken or deferred: the choice."""
    flow = ui.declaration
    w = to_materials(ui, lang, large, licences=0)
    for code in ("hukou_book", "id_card_copy"):
        before = len(flow.session.pages)
        ui.click(w, f"btn_capture_{code}")
        ui.wait(lambda b=before: len(flow.session.pages) > b and not flow.session.capturing)
    ui.click(w, f"btn_defer_{MARRIAGE_CERT}")
    ui.wait(lambda: not flow.session.reading and len(flow.session.readings) == 2)
    ui.click(w, "btn_next")
    ui.wait(lambda: w.current_screen_name() == "screen_choosing_delivery")
    return w


def _commit_text(edit: QLineEdit, text: str) -> None:
    """Chinese typed as the pinyin input hands it over: a committed string (QTest's key
    clicks take ASCII only)."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(edit, event)


def _field(w: MainWindow, key: str) -> QLineEdit:
    edit = w.current_screen().findChild(QLineEdit, f"field_{key}")
    assert edit is not None
    return edit


@pytest.mark.parametrize(("lang", "large"), MODES, ids=MODE_IDS)
def test_post_with_the_address_from_the_card(ui: UiEnv, lang: str, large: bool) -> None:
    tag = f"{lang}{'-large' if large else ''}"
    flow = ui.declaration
    w = to_delivery(ui, lang, large)
    assert not layout_faults(w), layout_faults(w)
    ui.shot(w, f"22-delivery-choice-{tag}")

    ui.click(w, "btn_delivery_post")
    ui.wait(lambda: w.current_screen_name() == "screen_delivery_address")
    # filled from the card: the holder, the form's phone, the address in its parts
    assert _field(w, "recipient").text() == "张三"
    assert _field(w, "province").text() == "北京市" and _field(w, "district").text() == "通州区"
    assert _field(w, "street").text() == "运河东大街1号"
    assert not layout_faults(w), layout_faults(w)
    ui.shot(w, f"22-delivery-address-{tag}")

    street = _field(w, "street")
    street.clear()  # clear() emits no textEdited: the resident types over it
    ui.qtbot.keyClicks(street, " ")  # a blank where the street was
    ui.click(w, "btn_next")
    ui.wait(lambda: "street" in flow.session.delivery.errors)
    assert ui.label(w, "error_street").isVisibleTo(w)
    assert w.current_screen_name() == "screen_delivery_address"
    ui.shot(w, f"22-delivery-address-error-{tag}")

    street = _field(w, "street")
    street.clear()
    _commit_text(street, "玉带河东街2号院3号楼401")
    ui.click(w, "btn_next")
    ui.wait(lambda: w.current_screen_name() == "screen_reviewing")
    line = ui.label(w, "review_delivery").text()
    assert "北京市通州区玉带************" in line and "3号楼" not in line
    assert "138****8000" in line and "张*" in line
    assert not layout_faults(w), layout_faults(w)
    ui.shot(w, f"22-delivery-review-{tag}")

    # submitted, the originals dropped, the receipt printed: the done page says where
    ui.click(w, "btn_submit")
    ui.platform.submit_gate.set()  # the fake platform answers; door and printer at once
    ui.wait(lambda: w.current_screen_name() == "screen_done")
    done = ui.label(w, "done_delivery").text()
    assert "北京市通州区玉带************" in done and "3号楼" not in done
    receipt = ui.devices.printer.printed[-1].plain_text()
    assert "邮寄送达" in receipt and "3号楼" not in receipt
    ui.shot(w, f"22-delivery-done-{tag}")
    assert not layout_faults(w), layout_faults(w)


@pytest.mark.parametrize(("lang", "large"), [("zh", False), ("en", True)], ids=["zh", "en-large"])
def test_the_locker_is_one_tap(ui: UiEnv, lang: str, large: bool) -> None:
    w = to_delivery(ui, lang, large)
    ui.click(w, "btn_delivery_locker")
    ui.wait(lambda: w.current_screen_name() == "screen_reviewing")
    words = "到柜自取" if lang == "zh" else "Pickup locker"
    assert ui.label(w, "review_delivery").text() == words
    assert ui.declaration.session.delivery.post() is None


@pytest.mark.parametrize(("lang", "large"), MODES, ids=MODE_IDS)
def test_the_progress_lookup_shows_the_tracking_number(ui: UiEnv, lang: str, large: bool) -> None:
    tag = f"{lang}{'-large' if large else ''}"
    code = "CASE-20261207-000011"
    name = Text("夫妻投靠户口迁入", "Hukou transfer to join a spouse")
    ui.platform.cases = [
        CaseSummary(code, HUKOU, name, CaseStatusKind.POSTED, tracking_number="EA123456789CN")
    ]
    w, _, _ = staff_window(ui, lang, large)
    ui.click(w, "btn_start")
    ui.click(w, "btn_home_progress")
    ui.wait(lambda: w.current_screen_name() == "screen_identifying")
    ui.devices.qr_scanner.scans.complete_pending(Completion.success(code))
    ui.wait(lambda: w.current_screen_name() == "screen_progress_results")
    posted = ui.label(w, f"status_{code}").text()
    assert posted.startswith("证照已邮寄" if lang == "zh" else "Your certificate has been posted")
    assert ui.label(w, f"tracking_{code}").text().endswith("EA123456789CN")
    assert not layout_faults(w), layout_faults(w)
    ui.shot(w, f"22-progress-posted-{tag}")
