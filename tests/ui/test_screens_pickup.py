"""Pickup by ID card through the window: the consent question before the face check, and
the assisted path where staff confirm with their staff card + PIN before the locker
opens. Real flows on fake devices, shot in Chinese, English and large text."""

from __future__ import annotations

import pytest

from devices.base import Completion, Text
from flows.domain import IdentityCheck, IdentityMethod, PickupTicket
from tests.fakes.devices import sample_card
from tests.fakes.staff import CLERK_CARD, CLERK_PIN
from tests.ui.conftest import MODE_IDS, MODES, UiEnv

pytestmark = pytest.mark.ui

TICKET = PickupTicket("CASE-20261122-000003", Text("居住证签注", "Residence permit"), "B02")


@pytest.mark.parametrize(("lang", "large"), MODES, ids=MODE_IDS)
def test_pickup_by_card_consent_and_staff_confirmation(ui: UiEnv, lang: str, large: bool) -> None:
    tag = f"{lang}{'-large' if large else ''}"
    card = sample_card()
    ui.platform.person_tickets[card.id_number] = TICKET
    ui.devices.lockers.closes.default = None  # the door stays open until the test closes it
    ui.auto_consent = False
    w = ui.window(lang, large)
    flow = ui.collection
    w.start_service("collect")
    ui.click(w, "btn_use_card")
    ui.wait_state(flow, "reading_card")
    ui.devices.id_reader.reads.complete_pending(Completion.success(card))
    ui.wait(lambda: w.current_screen_name() == "screen_face_consent")
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
    card = sample_card()
    ui.platform.person_tickets[card.id_number] = TICKET
    ui.auto_consent = False
    w = ui.window(lang, large)
    w.start_service("collect")
    ui.click(w, "btn_use_card")
    ui.devices.id_reader.reads.complete_pending(Completion.success(card))
    ui.wait(lambda: w.current_screen_name() == "screen_face_consent")
    ui.click(w, "btn_consent_agree")
    ui.wait(lambda: w.current_screen_name() == "screen_collect_done")
    assert ui.devices.lockers.opened == ["B02"]
    assert ui.devices.face.verifies.calls == 1
    assert not ui.audit.entries
