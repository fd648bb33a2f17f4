"""Pickup by ID card through the window: the consent question before the face check, and
the assisted path where staff confirm with their staff card + PIN before the locker
opens, also after three failed face checks. Real flows on fake devices, shot in
Chinese, English and large text."""

from __future__ import annotations

import pytest

from device_contracts import Completion, Text
from flows.domain import IdentityCheck, IdentityMethod, PickupTicket
from kiosk.main_window import MainWindow
from tests.fakes.devices import NO_MATCH, sample_card
from tests.fakes.staff import CLERK_CARD, CLERK_PIN, TECH_CARD, TECH_PIN
from tests.ui.conftest import MODE_IDS, MODES, UiEnv

pytestmark = pytest.mark.ui

TICKET = PickupTicket("CASE-20261122-000003", Text("居住证签注", "Residence permit"), "B02")


def at_consent(ui: UiEnv, lang: str, large: bool) -> MainWindow:
    """A window with a pickup by ID card (a certificate waiting), the card read: the
    consent question shows; the test answers it."""
    card = sample_card()
    ui.platform.person_tickets[card.id_number] = TICKET
    ui.auto_consent = False
    w = ui.window(lang, large)
    w.start_service("collect")
    ui.click(w, "btn_use_card")
    ui.wait_state(ui.collection, "reading_card")
    ui.devices.id_reader.reads.complete_pending(Completion.success(card))
    ui.wait(lambda: w.current_screen_name() == "screen_face_consent")
    return w


def type_pin(ui: UiEnv, w: MainWindow, pin: str) -> None:
    for digit in pin:
        ui.click(w, f"btn_key_{digit}")
    ui.click(w, "btn_key_ok")


@pytest.mark.parametrize(("lang", "large"), MODES, ids=MODE_IDS)
def test_pickup_by_card_consent_and_staff_confirmation(ui: UiEnv, lang: str, large: bool) -> None:
    tag = f"{lang}{'-large' if large else ''}"
    ui.devices.lockers.closes.default = None  # the door stays open until the test closes it
    w = at_consent(ui, lang, large)
    flow = ui.collection
    assert ui.devices.face.verifies.calls == 0, "no face check before consent"
    ui.shot(w, f"25-pickup-face_consent-{tag}")
    ui.click(w, "btn_consent_decline")
    ui.wait(lambda: w.current_screen_name() == "screen_assisted")
    body = ui.label(w, "assisted_body").text()
    assert ("取件柜门" in body) if lang == "zh" else ("compartment open" in body), body
    ui.click(w, "btn_assist_call")
    ui.wait(lambda: flow.session.staff_called)
    ui.shot(w, f"26-pickup-assisted-called-{tag}")
    ui.click(w, "btn_assist_continue")
    ui.wait(lambda: w.current_screen_name() == "screen_assist_card")
    ui.shot(w, f"27-pickup-assist_card-{tag}")
    assert ui.devices.lockers.opened == []
    ui.staff_reader.present(CLERK_CARD)
    ui.wait(lambda: w.current_screen_name() == "screen_assist_pin")
    for digit in CLERK_PIN[:3]:
        ui.click(w, f"btn_key_{digit}")
    ui.shot(w, f"28-pickup-assist_pin-{tag}")
    for digit in CLERK_PIN[3:]:
        ui.click(w, f"btn_key_{digit}")
    ui.click(w, "btn_key_ok")
    ui.wait(lambda: w.current_screen_name() == "screen_collecting")
    ui.shot(w, f"29-pickup-collecting-{tag}")
    assert ui.devices.lockers.opened == ["B02"]
    assert ui.devices.face.verifies.calls == 0
    ui.devices.lockers.closes.complete_pending(Completion.success(None))
    ui.wait(lambda: w.current_screen_name() == "screen_collect_done")
    event = ui.platform.events[-1]
    assert event.identity_check == IdentityCheck(IdentityMethod.STAFF_IN_PERSON, "C0107")
    ui.click(w, "btn_finish")
    ui.wait(lambda: w.current_screen_name() == "screen_attract")


@pytest.mark.parametrize(("lang", "large"), MODES[:2], ids=MODE_IDS[:2])
def test_pickup_by_card_with_consent_goes_to_the_face_check(
    ui: UiEnv, lang: str, large: bool
) -> None:
    w = at_consent(ui, lang, large)
    ui.click(w, "btn_consent_agree")
    ui.wait(lambda: w.current_screen_name() == "screen_collect_done")
    assert ui.devices.lockers.opened == ["B02"]
    assert ui.devices.face.verifies.calls == 1
    assert not ui.audit.entries


@pytest.mark.parametrize(("lang", "large"), MODES, ids=MODE_IDS)
def test_pickup_after_three_failed_face_checks_staff_confirm(
    ui: UiEnv, lang: str, large: bool
) -> None:
    """The last failed face check offers "get help from staff" (the declaration's page);
    the locker opens only after the staff member's card + PIN."""
    tag = f"{lang}{'-large' if large else ''}"
    ui.devices.face.verifies.push(*[Completion.success(NO_MATCH)] * 3)
    ui.devices.lockers.closes.default = None
    w = at_consent(ui, lang, large)
    flow = ui.collection
    ui.click(w, "btn_consent_agree")
    ui.wait(lambda: w.current_screen_name() == "screen_face_failed")
    assert ui.devices.face.verifies.calls == 3
    assert w.find_button("btn_retry") is None, "no tries left: no retry button"
    reason = ui.label(w, "face_failed_reason").text()
    assert ("不是同一人" in reason) if lang == "zh" else ("did not match" in reason), reason
    step = ui.label(w, "face_attempts").text()
    assert ("工作人员" in step) if lang == "zh" else ("staff" in step), step
    ui.shot(w, f"31-pickup-face_failed-{tag}")
    assert ui.devices.lockers.opened == []
    ui.click(w, "btn_face_assist")
    ui.wait(lambda: w.current_screen_name() == "screen_assisted")
    assert w.find_button("btn_assist_face") is None, "no face check left to offer"
    body = ui.label(w, "assisted_body").text()
    assert ("人脸核验未能通过" in body) if lang == "zh" else ("did not succeed" in body), body
    assert "after all" not in body and "改为" not in body, "the text must not offer a face check"
    ui.click(w, "btn_assist_call")
    ui.wait(lambda: flow.session.staff_called)
    ui.shot(w, f"32-pickup-face_failed-assisted-{tag}")
    ui.click(w, "btn_assist_continue")
    ui.wait(lambda: w.current_screen_name() == "screen_assist_card")
    ui.staff_reader.present(CLERK_CARD)
    ui.wait(lambda: w.current_screen_name() == "screen_assist_pin")
    assert ui.devices.lockers.opened == []
    type_pin(ui, w, CLERK_PIN)
    ui.wait(lambda: w.current_screen_name() == "screen_collecting")
    assert ui.devices.lockers.opened == ["B02"]
    assert ui.devices.face.verifies.calls == 3
    ui.devices.lockers.closes.complete_pending(Completion.success(None))
    ui.wait(lambda: w.current_screen_name() == "screen_collect_done")
    event = ui.platform.events[-1]
    assert event.identity_check == IdentityCheck(IdentityMethod.STAFF_IN_PERSON, "C0107")


@pytest.mark.parametrize(("lang", "large"), MODES[:2], ids=MODE_IDS[:2])
def test_another_staff_card_from_the_locked_page(ui: UiEnv, lang: str, large: bool) -> None:
    """A staff card locked by wrong PINs: one tap on "another staff card" and a second
    member of staff confirms with theirs."""
    tag = f"{lang}{'-large' if large else ''}"
    w = at_consent(ui, lang, large)
    flow = ui.collection
    ui.click(w, "btn_consent_decline")
    ui.click(w, "btn_assist_call")
    ui.click(w, "btn_assist_continue")
    ui.wait(lambda: w.current_screen_name() == "screen_assist_card")
    ui.staff_reader.present(CLERK_CARD)
    ui.wait(lambda: w.current_screen_name() == "screen_assist_pin")
    for _ in range(3):  # the fake directory locks a card after 3 wrong PINs
        type_pin(ui, w, "111111")
        ui.wait(lambda: not flow.session.busy)
    ui.wait(lambda: w.current_screen_name() == "screen_assist_locked")
    assert ui.button_text(w, "btn_assist_another") == (
        "换一位工作人员刷卡" if lang == "zh" else "Another staff card"
    )
    ui.shot(w, f"33-pickup-assist_locked-{tag}")
    ui.click(w, "btn_assist_another")
    ui.wait(lambda: w.current_screen_name() == "screen_assist_card")
    ui.staff_reader.present(TECH_CARD)
    ui.wait(lambda: w.current_screen_name() == "screen_assist_pin")
    type_pin(ui, w, TECH_PIN)
    ui.wait(lambda: w.current_screen_name() == "screen_collect_done")
    assert ui.devices.lockers.opened == ["B02"]
    assert ui.platform.events[-1].identity_check == IdentityCheck(
        IdentityMethod.STAFF_IN_PERSON, "T0003"
    )
    case_code = ui.platform.events[-1].case_ref
    assert ui.audit.actions() == [
        ("identity_confirmed", "T0003", "", ""),
        ("identity_confirmed_for_case", "T0003", "", case_code),
    ]
