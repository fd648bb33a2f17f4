"""The assisted path without a face check, in the declaration and in the pickup by ID
card: consent first, then staff confirm the identity with their staff card + PIN
(wrong PIN, lock-out and another staff card, unknown card, cancel), audited with the
staff id and passed on to the platform. A declined face check, or one failed on every
try, never opens a locker without that confirmation."""

from __future__ import annotations

from typing import Any

import pytest
from statemachine import StateMachine
from statemachine.exceptions import TransitionNotAllowed

from device_contracts import Completion, CompletionCode, Text
from flows import messages
from flows.collection import CollectionFlow, CollectionState
from flows.collection_machine import CollectionMachine
from flows.declaration import DeclarationFlow, DeclarationState
from flows.declaration_machine import DeclarationMachine
from flows.domain import CaseEventKind, IdentityCheck, IdentityMethod, PickupTicket
from flows.face_check import FINAL_NO_MATCH
from flows.ports import PlatformUnavailable
from tests.fakes.devices import NO_MATCH, page_image, sample_card
from tests.fakes.platform import HUKOU, MARRIAGE_CERT
from tests.fakes.staff import CLERK_CARD, CLERK_PIN, TECH_CARD, TECH_PIN
from tests.flows.conftest import Env, to_card

D = DeclarationState
C = CollectionState
CARD = sample_card()
TICKET = PickupTicket("CASE-20261122-000003", Text("户口", "Hukou"), "B01")


def declined_declaration(env: Env) -> DeclarationFlow:
    """A declaration whose resident declined the face check and called staff."""
    flow = env.declaration(consent=None)
    env.devices.id_reader.reads.push(Completion.success(CARD))
    to_card(env, flow, HUKOU)
    env.settle(lambda: flow.state is D.FACE_CONSENT)
    flow.consent(False)
    assert flow.state is D.ASSISTED
    flow.call_staff()
    return flow


def pickup_at_consent(env: Env) -> CollectionFlow:
    """A pickup by ID card (a certificate waiting), the card read: the consent question."""
    env.platform.person_tickets[CARD.id_number] = TICKET
    flow = env.collection(consent=None)
    flow.start_by_card()
    env.devices.id_reader.reads.complete_pending(Completion.success(CARD))
    env.settle(lambda: flow.state is C.FACE_CONSENT)
    return flow


def declined_pickup(env: Env) -> CollectionFlow:
    """A pickup by ID card whose resident declined the face check and called staff."""
    flow = pickup_at_consent(env)
    flow.consent(False)
    assert flow.state is C.ASSISTED
    flow.call_staff()
    return flow


def failed_pickup(env: Env) -> CollectionFlow:
    """A pickup by ID card whose resident agreed to the face check and failed every try."""
    env.devices.face.verifies.push(*[Completion.success(NO_MATCH)] * 3)
    flow = pickup_at_consent(env)
    flow.consent(True)
    env.settle(lambda: flow.state is C.FACE_FAILED)
    return flow


def staff_card(env: Env, flow: Any, uid: str = CLERK_CARD) -> None:
    flow.continue_assisted()
    assert flow.state == "assist_card"
    env.staff_reader.present(uid)
    env.settle(lambda: flow.state == "assist_pin")


def pin(env: Env, flow: Any, digits: str) -> None:
    """The staff member types a PIN; returns once the check has answered."""
    flow.enter_staff_pin(digits)
    env.settle(lambda: flow.state != "assist_pin" or not flow.session.busy)


# ----------------------------------------------------------------------- declaration


def test_staff_confirm_a_declaration_with_card_and_pin(env: Env) -> None:
    flow = declined_declaration(env)
    staff_card(env, flow)
    assert flow.state is D.ASSIST_PIN and flow.session.staff_card is not None
    pin(env, flow, CLERK_PIN)
    env.settle(lambda: flow.state is D.FILLING_FORM)
    s = flow.session
    assert s.identity_check == "staff" and s.confirmed_by == "C0107"
    assert s.staff_card is None, "the staff card is dropped once the PIN decided"
    assert env.devices.face.verifies.calls == 0
    # the audit trail says who confirmed it, and nothing of the resident
    (entry,) = env.audit.entries
    assert (entry.action, entry.actor, entry.detail) == (
        "identity_confirmed",
        "C0107",
        "declaration assisted",
    )
    assert CARD.id_number not in repr(entry) and CARD.name not in repr(entry)
    # the case carries who confirmed it
    flow.set_field("phone", "13800138000")
    flow.set_field("move_date", "2026-12-01")
    flow.next()
    for code in ("hukou_book", "id_card_copy"):
        env.devices.document_camera.captures.push(Completion.success(page_image()))
        before = len(flow.session.pages)
        flow.capture(code)
        env.settle(lambda before=before: len(flow.session.pages) > before)  # type: ignore[misc]
    flow.toggle_deferred(MARRIAGE_CERT)
    flow.next()
    flow.choose_delivery("locker")
    flow.submit()
    env.settle(lambda: env.platform.drafts)
    draft = env.platform.drafts[-1]
    assert draft.identity_check == IdentityCheck(IdentityMethod.STAFF_IN_PERSON, "C0107")
    assert draft.form["identity_check"] == "staff_in_person"
    # once stored, the trail ties the confirmation to the case
    env.settle(lambda: len(env.audit.entries) == 2)
    result = flow.session.result
    assert result is not None
    last = env.audit.entries[-1]
    assert (last.action, last.actor, last.case_ref) == (
        "identity_confirmed_for_case",
        "C0107",
        result.code,
    )


def test_a_face_checked_declaration_says_so_to_the_platform(env: Env) -> None:
    flow = env.declaration()
    env.devices.id_reader.reads.push(Completion.success(CARD))
    to_card(env, flow, HUKOU)
    env.settle(lambda: flow.state is D.FILLING_FORM)
    assert flow._identity() == IdentityCheck(IdentityMethod.FACE)
    assert not flow.session.confirmed_by


def test_a_technician_may_confirm_too(env: Env) -> None:
    flow = declined_declaration(env)
    staff_card(env, flow, TECH_CARD)
    pin(env, flow, TECH_PIN)
    env.settle(lambda: flow.state is D.FILLING_FORM)
    assert flow.session.confirmed_by == "T0003"


def test_a_wrong_pin_says_so_and_the_right_one_then_goes_on(env: Env) -> None:
    flow = declined_declaration(env)
    staff_card(env, flow)
    pin(env, flow, "111111")
    assert flow.state is D.ASSIST_PIN
    assert flow.session.message == messages_wrong(2)
    assert not flow.session.confirmed_by and not env.audit.entries
    pin(env, flow, "12")  # not 6 digits: said, not counted
    assert flow.session.message is not None and "6" in flow.session.message.zh
    assert env.directory.wrong[CLERK_CARD] == 1
    pin(env, flow, CLERK_PIN)
    env.settle(lambda: flow.state is D.FILLING_FORM)


def messages_wrong(left: int) -> Text:
    from flows import staff_messages

    return staff_messages.wrong_pin(left)


def test_too_many_wrong_pins_lock_the_card_and_lead_back_to_consent(env: Env) -> None:
    flow = declined_declaration(env)
    staff_card(env, flow)
    for _ in range(3):  # the fake directory locks after 3 (the real one after 5)
        pin(env, flow, "111111")
    assert flow.state is D.ASSIST_LOCKED
    message = flow.session.message
    assert message is not None and "锁定" in message.zh and "locked" in message.en
    assert flow.session.staff_card is None and not flow.session.confirmed_by
    flow.reconsider()
    assert flow.state is D.FACE_CONSENT
    # the same card stays locked: its right PIN no longer confirms
    flow.consent(False)
    flow.continue_assisted()
    env.staff_reader.present(CLERK_CARD)
    env.settle(lambda: flow.state is D.ASSIST_PIN)
    pin(env, flow, CLERK_PIN)
    assert flow.state is D.ASSIST_LOCKED
    assert not env.audit.entries


def test_another_staff_card_goes_straight_from_the_locked_page_to_the_reader(env: Env) -> None:
    flow = declined_declaration(env)
    staff_card(env, flow)
    for _ in range(3):
        pin(env, flow, "111111")
    assert flow.state is D.ASSIST_LOCKED
    flow.another_staff_card()  # one tap: no way back through the consent question
    assert flow.state is D.ASSIST_CARD
    assert flow.session.message is None and flow.session.busy, "waiting for a card"
    assert flow.session.staff_called, "staff are already here"
    env.staff_reader.present(TECH_CARD)
    env.settle(lambda: flow.state is D.ASSIST_PIN)
    pin(env, flow, TECH_PIN)
    env.settle(lambda: flow.state is D.FILLING_FORM)
    assert flow.session.confirmed_by == "T0003"
    assert [(e.action, e.actor) for e in env.audit.entries] == [("identity_confirmed", "T0003")]


def test_the_locked_card_stays_locked_for_another_try(env: Env) -> None:
    flow = declined_declaration(env)
    staff_card(env, flow)
    for _ in range(3):
        pin(env, flow, "111111")
    flow.another_staff_card()
    env.staff_reader.present(CLERK_CARD)  # the same card again
    env.settle(lambda: flow.state is D.ASSIST_PIN)
    pin(env, flow, CLERK_PIN)
    assert flow.state is D.ASSIST_LOCKED and not flow.session.confirmed_by
    assert not env.audit.entries


def test_another_staff_card_only_from_the_locked_page(env: Env) -> None:
    flow = declined_declaration(env)
    flow.another_staff_card()
    assert flow.state is D.ASSISTED
    staff_card(env, flow)
    flow.another_staff_card()
    assert flow.state is D.ASSIST_PIN


def test_cancel_from_the_staff_card_or_pin_goes_back_to_consent(env: Env) -> None:
    flow = declined_declaration(env)
    flow.continue_assisted()
    assert flow.state is D.ASSIST_CARD and env.staff_reader.reads.pending
    flow.reconsider()
    assert flow.state is D.FACE_CONSENT
    # a card laid on the reader now belongs to nobody's confirmation
    env.staff_reader.present(CLERK_CARD)
    env.loop.run_until(lambda: False, 0.1)
    assert flow.state is D.FACE_CONSENT and flow.session.staff_card is None
    flow.consent(False)
    staff_card(env, flow)
    flow.reconsider()
    assert flow.state is D.FACE_CONSENT and flow.session.staff_card is None


def test_an_unknown_staff_card_is_refused_and_another_awaited(env: Env) -> None:
    flow = declined_declaration(env)
    staff_card(env, flow, "04DEADBEEF0000")
    pin(env, flow, CLERK_PIN)
    assert flow.state is D.ASSIST_CARD
    assert flow.session.message is not None and "未登记" in flow.session.message.zh
    assert env.staff_reader.reads.pending, "waiting for another card"
    env.staff_reader.present(CLERK_CARD)
    env.settle(lambda: flow.state is D.ASSIST_PIN)
    pin(env, flow, CLERK_PIN)
    env.settle(lambda: flow.state is D.FILLING_FORM)


def test_a_staff_card_not_read_in_time_can_be_read_again(env: Env) -> None:
    flow = declined_declaration(env)
    flow.continue_assisted()
    env.staff_reader.reads.complete_pending(
        Completion.failure(
            CompletionCode.TIMEOUT, Text("未检测到工作证", "No staff card was found")
        )
    )
    env.settle(lambda: flow.session.message is not None)
    assert flow.state is D.ASSIST_CARD and not flow.session.busy
    flow.retry_staff_card()
    assert flow.session.busy and flow.session.message is None
    env.staff_reader.present(CLERK_CARD)
    env.settle(lambda: flow.state is D.ASSIST_PIN)


def test_without_a_staff_check_the_assisted_path_cannot_go_on(env: Env) -> None:
    flow = env.declaration(consent=False, staff_check=None)
    env.devices.id_reader.reads.push(Completion.success(CARD))
    to_card(env, flow, HUKOU)
    env.settle(lambda: flow.state is D.ASSISTED)
    flow.call_staff()
    flow.continue_assisted()
    assert flow.state is D.ASSISTED
    assert flow.session.message == messages.NO_STAFF_CHECK


# ----------------------------------------------------------------------- pickup by ID card


def test_pickup_by_card_asks_consent_before_the_face_check(env: Env) -> None:
    flow = pickup_at_consent(env)
    env.loop.run_until(lambda: False, 0.1)
    assert env.devices.face.verifies.calls == 0, "no camera before the resident agreed"
    assert env.platform.events == [] and env.devices.lockers.opened == []
    flow.consent(True)
    env.settle(lambda: flow.state is C.DONE)
    assert env.devices.lockers.opened == ["B01"]
    event = env.platform.events[-1]
    assert event.kind is CaseEventKind.CERTIFICATE_COLLECTED
    assert event.identity_check == IdentityCheck(IdentityMethod.FACE)


def test_the_pickup_drops_the_card_photo_once_the_face_check_decided(env: Env) -> None:
    env.platform.person_tickets[CARD.id_number] = TICKET
    flow = env.collection()
    flow.start_by_card()
    env.devices.id_reader.reads.complete_pending(Completion.success(CARD))
    env.settle(lambda: flow.state is C.DONE)
    card = flow.session.card
    assert card is not None and card.photo is None and not card.photo_wlt


def test_pickup_declined_staff_confirm_and_the_locker_opens(env: Env) -> None:
    flow = declined_pickup(env)
    assert env.devices.lockers.opened == []
    staff_card(env, flow)
    assert env.platform.events == [] and env.devices.lockers.opened == []
    pin(env, flow, CLERK_PIN)
    env.settle(lambda: flow.state is C.DONE)
    assert env.devices.face.verifies.calls == 0, "no face image was ever taken"
    assert env.devices.lockers.opened == ["B01"]
    event = env.platform.events[-1]
    assert event.kind is CaseEventKind.CERTIFICATE_COLLECTED
    assert event.case_ref == TICKET.case_code
    assert event.identity_check == IdentityCheck(IdentityMethod.STAFF_IN_PERSON, "C0107")
    # the confirmation, then (once the pickup was found) the case it was for
    assert [(e.action, e.actor, e.case_ref, e.detail) for e in env.audit.entries] == [
        ("identity_confirmed", "C0107", "", "collection assisted"),
        ("identity_confirmed_for_case", "C0107", TICKET.case_code, "collection assisted"),
    ]


@pytest.mark.parametrize("ending", ["wrong", "locked", "unknown", "reconsider", "cancel"])
def test_a_declined_pickup_never_opens_without_a_staff_confirmation(env: Env, ending: str) -> None:
    flow = declined_pickup(env)
    flow.continue_assisted()  # before the call? it was made: now waiting for the card
    if ending == "cancel":
        flow.cancel()
    else:
        env.staff_reader.present("04DEADBEEF0000" if ending == "unknown" else CLERK_CARD)
        env.settle(lambda: flow.state is C.ASSIST_PIN)
        tries = {"wrong": 1, "locked": 3, "unknown": 1, "reconsider": 0}[ending]
        for _ in range(tries):
            pin(env, flow, CLERK_PIN if ending == "unknown" else "111111")
        if ending == "reconsider":
            flow.reconsider()
    env.loop.run_until(lambda: False, 0.2)
    expected = {
        "wrong": C.ASSIST_PIN,
        "locked": C.ASSIST_LOCKED,
        "unknown": C.ASSIST_CARD,
        "reconsider": C.FACE_CONSENT,
        "cancel": C.IDLE,
    }[ending]
    assert flow.state is expected
    assert env.devices.lockers.opened == [] and env.platform.events == []
    assert not env.audit.entries


def test_pickup_after_three_failed_face_checks_staff_confirm_and_the_locker_opens(
    env: Env,
) -> None:
    flow = failed_pickup(env)
    s = flow.session
    assert env.devices.face.verifies.calls == 3
    # why the last try failed (issue 19 item 2), not a general "failed several times"
    assert s.message == FINAL_NO_MATCH and s.face_attempts_left == 0
    card = s.card
    assert card is not None and card.photo is None, "no face picture kept after the last try"
    assert env.devices.lockers.opened == [] and env.platform.events == []
    flow.consent(False)  # "get help from staff"
    assert flow.state is C.ASSISTED and flow.session.message is None
    flow.call_staff()
    staff_card(env, flow)
    assert env.devices.lockers.opened == []
    pin(env, flow, CLERK_PIN)
    env.settle(lambda: flow.state is C.DONE)
    assert env.devices.face.verifies.calls == 3, "no further face check"
    assert env.devices.lockers.opened == ["B01"]
    event = env.platform.events[-1]
    assert event.kind is CaseEventKind.CERTIFICATE_COLLECTED
    assert event.identity_check == IdentityCheck(IdentityMethod.STAFF_IN_PERSON, "C0107")
    assert [(e.action, e.actor, e.case_ref) for e in env.audit.entries] == [
        ("identity_confirmed", "C0107", ""),
        ("identity_confirmed_for_case", "C0107", event.case_ref),
    ]


@pytest.mark.parametrize("ending", ["wrong", "locked", "cancel", "nothing"])
def test_a_failed_face_check_never_opens_without_a_staff_confirmation(
    env: Env, ending: str
) -> None:
    flow = failed_pickup(env)
    if ending == "cancel":
        flow.cancel()
    elif ending != "nothing":
        flow.consent(False)
        flow.call_staff()
        staff_card(env, flow)
        for _ in range({"wrong": 1, "locked": 3}[ending]):
            pin(env, flow, "111111")
    flow.retry()  # not a way round: retry only reads the card again
    env.loop.run_until(lambda: False, 0.2)
    expected = {
        "wrong": C.ASSIST_PIN,
        "locked": C.ASSIST_LOCKED,
        "cancel": C.IDLE,
        "nothing": C.FACE_FAILED,
    }[ending]
    assert flow.state is expected
    assert env.devices.lockers.opened == [] and env.platform.events == []
    assert env.devices.face.verifies.calls == 3


def test_no_tries_left_means_no_face_check_by_way_of_the_consent_question(env: Env) -> None:
    """After the last failed try the assisted path's "face check instead" leads back to
    the consent question, which no longer starts a face check: only staff can confirm."""
    flow = failed_pickup(env)
    flow.consent(False)
    flow.reconsider()
    assert flow.state is C.FACE_CONSENT
    flow.consent(True)
    assert flow.state is C.FACE_CONSENT and flow.session.message == messages.FACE_EXHAUSTED
    assert not flow.session.face_consent
    env.loop.run_until(lambda: False, 0.2)
    assert env.devices.face.verifies.calls == 3 and env.devices.lockers.opened == []
    flow.consent(False)
    assert flow.state is C.ASSISTED


def test_the_declaration_too_offers_no_face_check_once_the_tries_are_used(env: Env) -> None:
    env.devices.face.verifies.push(*[Completion.success(NO_MATCH)] * 3)
    flow = env.declaration(consent=None)
    env.devices.id_reader.reads.push(Completion.success(CARD))
    to_card(env, flow, HUKOU)
    env.settle(lambda: flow.state is D.FACE_CONSENT)
    flow.consent(True)
    for left in (2, 1):
        env.settle(lambda: flow.state is D.FACE_FAILED)
        assert flow.session.face_attempts_left == left
        flow.retry()
    env.settle(lambda: flow.state is D.FACE_FAILED and flow.session.face_attempts_left == 0)
    flow.consent(False)
    flow.reconsider()
    flow.consent(True)
    assert flow.state is D.FACE_CONSENT and flow.session.message == messages.FACE_EXHAUSTED
    assert env.devices.face.verifies.calls == 3


def test_pickup_staff_called_is_needed_before_the_staff_card(env: Env) -> None:
    env.platform.person_tickets[CARD.id_number] = TICKET
    flow = env.collection(consent=False)
    flow.start_by_card()
    env.devices.id_reader.reads.complete_pending(Completion.success(CARD))
    env.settle(lambda: flow.state is C.ASSISTED)
    flow.continue_assisted()
    assert flow.state is C.ASSISTED and flow.session.message == messages.CALL_STAFF_FIRST


def test_the_machine_refuses_a_staff_confirmation_nobody_made() -> None:
    class Guards:
        def code_attempts_remain(self) -> bool:
            return True

        def face_attempts_remain(self) -> bool:
            return True

        def staff_called(self) -> bool:
            return True

        def identity_confirmed(self) -> bool:
            return False

    machine = CollectionMachine(Guards())
    for event in ("start_by_card", "card_read", "consent_declined", "continue_assisted"):
        machine.send(event)
    machine.send("staff_card_read")
    with pytest.raises(TransitionNotAllowed):
        machine.send("staff_confirmed")
    assert "assist_pin" in machine.configuration_values


#: the identity check's states, which both machines share (flows/identity_machine.py)
IDENTITY_STATES = (
    "face_consent",
    "assisted",
    "assist_card",
    "assist_pin",
    "assist_locked",
)


def identity_transitions(
    machine: type[StateMachine], confirmed: str
) -> set[tuple[str, str, str, str]]:
    """(source, event, guards, target) of every transition leaving an identity state, the
    journey's own next state after the check named "confirmed"."""
    found = set()
    for state in machine.states_map.values():  # the compound's states among them
        if state.id not in IDENTITY_STATES:
            continue
        for t in state.transitions:
            target = "confirmed" if t.target.id == confirmed else t.target.id
            guards = " ".join(str(c) for c in t.cond)
            for event in t.events:
                found.add((state.id, str(event), guards, target))
    return found


def test_both_machines_spell_the_identity_check_alike() -> None:
    declaration = identity_transitions(DeclarationMachine, "filling_form")
    pickup = identity_transitions(CollectionMachine, "verifying")
    assert declaration == pickup
    assert ("assist_pin", "staff_confirmed", "identity_confirmed", "confirmed") in pickup
    assert ("face_consent", "consent_given", "face_attempts_remain", "face_check") in pickup
    assert ("assist_locked", "another_staff_card", "", "assist_card") in pickup


def test_a_stale_pin_check_after_cancel_confirms_nothing(env: Env) -> None:
    flow = declined_pickup(env)
    staff_card(env, flow)
    flow.enter_staff_pin(CLERK_PIN)  # the check runs off the loop's thread
    flow.cancel()
    env.loop.run_until(lambda: False, 0.3)
    assert flow.state is C.IDLE and not flow.session.confirmed_by
    assert env.devices.lockers.opened == [] and not env.audit.entries


def test_a_pickup_by_card_the_client_cannot_verify_says_why_and_opens_nothing(env: Env) -> None:
    """The client refuses a ticket whose electronic seal does not verify (issue 21.2) as
    the platform being unavailable, with its own words: by card, as by code, the screen
    says those words, not the generic "platform unavailable", and no door opens."""
    words = Text(
        "取件信息校验未通过，请联系工作人员", "The pickup could not be verified, please ask staff"
    )
    env.platform.person_refusals[CARD.id_number] = PlatformUnavailable(words, "seal refused")
    flow = env.collection()
    flow.start_by_card()
    env.devices.id_reader.reads.complete_pending(Completion.success(CARD))
    env.settle(lambda: flow.session.message == words)
    assert env.devices.lockers.opened == [] and env.platform.events == []
