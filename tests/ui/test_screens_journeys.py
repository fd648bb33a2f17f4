"""Every screen of both journeys, driven through real flows on fake devices, shot in
Chinese, English and large-text mode (PNG files under KIOSK_SCREENSHOT_DIR)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel, QLineEdit

from device_contracts import Completion, CompletionCode, DoorOutcome
from kiosk.main_window import MainWindow
from tests.fakes.devices import MATCH, NO_MATCH, sample_card
from tests.fakes.platform import HUKOU, MARRIAGE_CERT
from tests.fakes.staff import CLERK_CARD, CLERK_PIN
from tests.ui.conftest import MODE_IDS, MODES, PICKUP_CODE, UiEnv

pytestmark = pytest.mark.ui


@pytest.mark.parametrize(("lang", "large"), MODES, ids=MODE_IDS)
def test_declaration_journey_screens(ui: UiEnv, lang: str, large: bool) -> None:
    tag = f"{lang}{'-large' if large else ''}"
    d = ui.devices
    d.face.verifies.default = None  # hold the face check until the test answers
    d.lockers.closes.default = None  # hold the drop door open
    d.printer.prints.default = None  # hold the printer
    ui.platform.submit_gate.clear()
    w = ui.window(lang, large)
    flow = ui.declaration

    assert w.current_screen_name() == "screen_attract"
    ui.shot(w, f"01-attract-{tag}")
    ui.click(w, "btn_start")
    assert w.current_screen_name() == "screen_home"
    ui.shot(w, f"02-home-{tag}")

    ui.click(w, "btn_home_declare")
    # the matter and its guide first (issue 19 item 7), the card after
    ui.wait(lambda: w.current_screen_name() == "screen_choosing_matter")
    ui.wait(lambda: w.find_button(f"btn_matter_{HUKOU}") is not None)
    ui.shot(w, f"03-choosing_matter-{tag}")
    ui.click(w, f"btn_matter_{HUKOU}")
    ui.wait(lambda: w.current_screen_name() == "screen_guide")
    ui.shot(w, f"03-guide-{tag}")
    ui.click(w, "btn_guide_continue")
    ui.wait_state(flow, "reading_card")
    assert w.current_screen_name() == "screen_reading_card"
    ui.shot(w, f"03-reading_card-{tag}")

    ui.auto_consent = False  # the consent screen is part of the tour
    d.id_reader.reads.complete_pending(Completion.success(sample_card()))
    ui.wait(lambda: w.current_screen_name() == "screen_face_consent")
    assert d.face.verifies.calls == 0, "no face check before consent"
    ui.shot(w, f"04-face_consent-{tag}")
    ui.click(w, "btn_consent_agree")
    ui.wait(lambda: w.current_screen_name() == "screen_face_check")
    ui.shot(w, f"04-face_check-{tag}")

    d.face.verifies.complete_pending(Completion.success(NO_MATCH))
    ui.wait(lambda: w.current_screen_name() == "screen_face_failed")
    message = flow.session.message
    assert message is not None
    assert ui.label(w, "face_failed_reason").text() == message.get(lang)
    ui.shot(w, f"05-face_failed-{tag}")

    ui.click(w, "btn_retry")
    ui.wait_state(flow, "face_check")
    d.face.verifies.complete_pending(Completion.success(MATCH))
    ui.wait(lambda: w.current_screen_name() == "screen_filling_form")
    name = w.current_screen().findChild(QLineEdit, "field_name")
    assert name is not None and name.text() == "张三"  # pre-filled from the card
    ui.click(w, "btn_next")  # phone and moving date are missing
    ui.wait(lambda: flow.session.field_errors)
    phone = w.current_screen().findChild(QLineEdit, "field_phone")
    assert phone is not None and phone.property("error") is True
    assert ui.label(w, "error_phone").isVisibleTo(w)
    ui.shot(w, f"07-filling_form-errors-{tag}")
    ui.qtbot.keyClicks(phone, "13800138000")
    ui.qtbot.keyClicks(w.current_screen().findChild(QLineEdit, "field_move_date"), "2026-12-01")
    assert flow.session.form["phone"] == "13800138000"
    ui.click(w, "btn_next")
    ui.wait(lambda: w.current_screen_name() == "screen_capturing")

    ui.click(w, "btn_capture_hukou_book")
    ui.wait(lambda: len(flow.session.pages) == 1 and not flow.session.capturing)
    # the ID card copy is still missing: 下一步 stays greyed and says so beside it
    # (issue 19 item 3; tests/ui/test_capture_next.py walks each reason)
    ui.wait(
        lambda: ui.label(w, "next_reason").text().startswith("还缺" if lang == "zh" else "Still")
    )
    button = w.find_button("btn_next")
    assert button is not None and not button.isEnabled()
    ui.shot(w, f"08-capturing-missing-{tag}")
    ui.click(w, "btn_capture_id_card_copy")
    ui.wait(lambda: len(flow.session.pages) == 2 and not flow.session.capturing)
    ui.click(w, f"btn_defer_{MARRIAGE_CERT}")
    ui.wait(lambda: w.find_button("btn_remove_page_1") is not None)
    ui.wait(lambda: len(flow.session.readings) == 2)
    # OCR: the household register fits, the "ID card copy" is the same register page
    ui.wait(lambda: w.current_screen().findChild(QLabel, "page_note_1") is not None)
    assert ui.label(w, "page_note_0").text() == ("✓ 材料相符" if lang == "zh" else "✓ Looks right")
    assert ui.label(w, "page_note_1").property("role") == "warn"
    ui.shot(w, f"08-capturing-{tag}")
    ui.click(w, "btn_next")
    ui.wait(lambda: w.current_screen_name() == "screen_choosing_delivery")
    ui.click(w, "btn_delivery_locker")
    ui.wait(lambda: w.current_screen_name() == "screen_reviewing")
    # what was read, for the resident to check: the name matches, the phone differs
    assert ui.label(w, "review_read_phone").text() == "139****9000"  # masked (issue 19)
    assert flow.session.form["phone"] == "13800138000", "a typed value is never overwritten"
    ui.shot(w, f"09-reviewing-{tag}")
    ui.click(w, "btn_edit_form")  # correct a value: back to the form, pages kept
    ui.wait(lambda: w.current_screen_name() == "screen_filling_form")
    assert ui.label(w, "read_phone").isVisibleTo(w)
    ui.shot(w, f"09-filling_form-read-{tag}")
    ui.click(w, "btn_next")
    ui.wait(lambda: w.current_screen_name() == "screen_capturing")
    ui.click(w, "btn_next")
    ui.wait(lambda: w.current_screen_name() == "screen_choosing_delivery")
    ui.click(w, "btn_delivery_locker")
    ui.wait(lambda: w.current_screen_name() == "screen_reviewing")

    ui.click(w, "btn_submit")
    ui.wait(lambda: w.current_screen_name() == "screen_submitting")
    assert not w.footer.isVisible()  # nothing to abandon while the case is stored
    ui.shot(w, f"10-submitting-{tag}")
    ui.platform.submit_gate.set()
    ui.wait(lambda: flow.session.compartment is not None and not flow.session.busy)
    assert w.current_screen_name() == "screen_depositing"
    ui.shot(w, f"11-depositing-{tag}")

    d.lockers.closes.complete_pending(Completion.success(None))
    ui.wait(lambda: w.current_screen_name() == "screen_printing")
    ui.shot(w, f"12-printing-{tag}")
    d.printer.prints.complete_pending(Completion.success(None))
    ui.wait(lambda: w.current_screen_name() == "screen_done")
    result = flow.session.result
    assert result is not None
    assert ui.label(w, "done_code").text() == result.code
    ui.shot(w, f"13-done-{tag}")

    ui.click(w, "btn_finish")
    ui.wait(lambda: w.current_screen_name() == "screen_attract")
    assert str(flow.state) == "idle"


@pytest.mark.parametrize(("lang", "large"), MODES, ids=MODE_IDS)
def test_collection_journey_screens(ui: UiEnv, lang: str, large: bool) -> None:
    tag = f"{lang}{'-large' if large else ''}"
    d = ui.devices
    d.lockers.closes.default = None
    ui.platform.verify_gate.clear()
    w = ui.window(lang, large)
    flow = ui.collection
    ui.click(w, "btn_start")
    ui.click(w, "btn_home_collect")
    ui.wait_state(flow, "entering_code")
    for digit in PICKUP_CODE[:4]:
        ui.click(w, f"btn_key_{digit}")
    ui.shot(w, f"20-entering_code-{tag}")
    for digit in PICKUP_CODE[4:]:
        ui.click(w, f"btn_key_{digit}")
    ui.click(w, "btn_key_ok")
    ui.wait(lambda: w.current_screen_name() == "screen_verifying")
    ui.shot(w, f"21-verifying-{tag}")
    ui.platform.verify_gate.set()
    ui.wait(lambda: w.current_screen_name() == "screen_collecting")
    ui.shot(w, f"22-collecting-{tag}")
    d.lockers.closes.complete_pending(Completion.success(None))
    ui.wait(lambda: w.current_screen_name() == "screen_collect_done")
    ui.shot(w, f"23-collect_done-{tag}")
    ui.click(w, "btn_finish")
    ui.wait(lambda: w.current_screen_name() == "screen_attract")


@pytest.mark.parametrize(("lang", "large"), MODES[:3], ids=MODE_IDS[:3])
def test_collection_door_failure_screen(ui: UiEnv, lang: str, large: bool) -> None:
    tag = f"{lang}{'-large' if large else ''}"
    ui.devices.lockers.opens.push(
        Completion[DoorOutcome].failure(CompletionCode.HARDWARE_ERROR, detail="board 2 silent")
    )
    w = ui.window(lang, large)
    w.start_service("collect")
    ui.wait_state(ui.collection, "entering_code")
    for digit in PICKUP_CODE:
        ui.click(w, f"btn_key_{digit}")
    ui.click(w, "btn_key_ok")
    ui.wait(lambda: w.current_screen_name() == "screen_collect_failed")
    ui.shot(w, f"24-collect_failed-{tag}")
    ui.click(w, "btn_collect_home")
    ui.wait(lambda: w.current_screen_name() == "screen_home")
    assert str(ui.collection.state) == "idle"


@pytest.mark.parametrize(("lang", "large"), MODES[:3], ids=MODE_IDS[:3])
def test_coming_soon_screen(ui: UiEnv, lang: str, large: bool) -> None:
    tag = f"{lang}{'-large' if large else ''}"
    w = ui.window(lang, large)
    ui.click(w, "btn_start")
    ui.click(w, "btn_home_progress")
    assert w.current_screen_name() == "screen_coming_soon"
    ui.shot(w, f"30-coming_soon-{tag}")
    ui.click(w, "btn_soon_home")
    assert w.current_screen_name() == "screen_home"


@pytest.mark.parametrize(("lang", "large"), MODES, ids=MODE_IDS)
def test_assisted_path_screens(ui: UiEnv, lang: str, large: bool) -> None:
    """Declining the face check: call staff, who check the ID in person; then go on."""
    tag = f"{lang}{'-large' if large else ''}"
    ui.auto_consent = False
    w = ui.window(lang, large)
    flow = ui.declaration
    ui.devices.id_reader.reads.push(Completion.success(sample_card()))
    ui.declare_to_card(w, HUKOU)
    ui.wait(lambda: w.current_screen_name() == "screen_face_consent")
    ui.click(w, "btn_consent_decline")
    ui.wait(lambda: w.current_screen_name() == "screen_assisted")
    go_on = w.find_button("btn_assist_continue")
    assert go_on is not None and not go_on.isEnabled(), "not before staff were called"
    ui.shot(w, f"04-assisted-{tag}")
    ui.click(w, "btn_assist_call")
    ui.wait(lambda: flow.session.staff_called)
    assert ui.label(w, "assisted_status").isVisibleTo(w)
    ui.shot(w, f"04-assisted-called-{tag}")
    # staff who checked the card in person confirm with their staff card and PIN
    ui.click(w, "btn_assist_continue")
    ui.wait(lambda: w.current_screen_name() == "screen_assist_card")
    ui.shot(w, f"04-assist_card-{tag}")
    ui.staff_reader.present(CLERK_CARD)
    ui.wait(lambda: w.current_screen_name() == "screen_assist_pin")
    type_pin(ui, w, "111111")
    ui.wait(lambda: flow.session.message is not None and not flow.session.busy)
    assert w.banner.label.text() == (
        "密码错误，还可尝试 2 次" if lang == "zh" else "Wrong PIN, 2 tries left"
    )
    ui.shot(w, f"04-assist_pin-wrong-{tag}")
    type_pin(ui, w, CLERK_PIN)
    ui.wait(lambda: w.current_screen_name() == "screen_filling_form")
    assert ui.devices.face.verifies.calls == 0
    assert flow.session.confirmed_by == "C0107"
    assert ui.audit.actions() == [("identity_confirmed", "C0107", "", "")]


def type_pin(ui: UiEnv, w: MainWindow, pin: str) -> None:
    for digit in pin:
        ui.click(w, f"btn_key_{digit}")
    ui.click(w, "btn_key_ok")


@pytest.mark.parametrize(("lang", "large"), MODES, ids=MODE_IDS)
def test_staff_confirmation_locked_out_and_cancelled(ui: UiEnv, lang: str, large: bool) -> None:
    """Too many wrong PINs: the locked page, then back to the consent question; the
    footer's back on the staff card page is the staff member's cancel."""
    tag = f"{lang}{'-large' if large else ''}"
    ui.auto_consent = False
    w = ui.window(lang, large)
    flow = ui.declaration
    ui.devices.id_reader.reads.push(Completion.success(sample_card()))
    ui.declare_to_card(w, HUKOU)
    ui.wait(lambda: w.current_screen_name() == "screen_face_consent")
    ui.click(w, "btn_consent_decline")
    ui.click(w, "btn_assist_call")
    ui.click(w, "btn_assist_continue")
    ui.wait(lambda: w.current_screen_name() == "screen_assist_card")
    ui.click(w, "btn_back")  # the staff member cancels
    ui.wait(lambda: w.current_screen_name() == "screen_face_consent")
    ui.click(w, "btn_consent_decline")
    ui.click(w, "btn_assist_continue")  # staff were called already
    ui.wait(lambda: w.current_screen_name() == "screen_assist_card")
    ui.staff_reader.present(CLERK_CARD)
    ui.wait(lambda: w.current_screen_name() == "screen_assist_pin")
    ui.shot(w, f"04-assist_pin-{tag}")
    for _ in range(3):  # the fake directory locks a card after 3 wrong PINs
        type_pin(ui, w, "111111")
        ui.wait(lambda: not flow.session.busy)
    ui.wait(lambda: w.current_screen_name() == "screen_assist_locked")
    body = ui.label(w, "assist_locked_body").text()
    assert ("锁定" in body) if lang == "zh" else ("locked" in body), body
    ui.shot(w, f"04-assist_locked-{tag}")
    ui.click(w, "btn_assist_back")
    ui.wait(lambda: w.current_screen_name() == "screen_face_consent")
    assert not flow.session.confirmed_by and not ui.audit.entries
