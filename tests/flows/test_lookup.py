"""Progress query, appointment check-in (into a pre-selected declaration) and pickup
by ID card + face, headless."""

from __future__ import annotations

from device_contracts import Completion, Text
from flows.collection import CollectionFlow, CollectionState
from flows.declaration import DeclarationState
from flows.domain import Appointment, CaseEventKind, CaseStatusKind, CaseSummary, PickupTicket
from flows.face_check import FINAL_NO_MATCH
from flows.lookup import LookupFlow, LookupPurpose, LookupState, status_words
from tests.fakes.devices import NO_MATCH, sample_card
from tests.fakes.platform import HUKOU
from tests.flows.conftest import Env

CARD = sample_card()
APPT = Appointment("APPT-7Q2K9X", HUKOU, Text("户口迁入", "Hukou"), "2026-11-24T09:30:00", "0011")


def lookup(env: Env) -> LookupFlow:
    return LookupFlow(env.devices.device_set(), env.platform, env.loop)


def test_progress_by_receipt_qr_in_plain_words(env: Env) -> None:
    env.platform.cases = [
        CaseSummary("CASE-20261122-000001", HUKOU, Text("户口", "Hukou"), CaseStatusKind.APPROVED)
    ]
    flow = lookup(env)
    flow.start(LookupPurpose.PROGRESS)
    assert flow.state is LookupState.IDENTIFYING
    env.devices.qr_scanner.scans.complete_pending(
        Completion.success("https://zwfw.beijing.gov.cn/q?c=CASE-20261122-000001")
    )
    env.settle(lambda: flow.state is LookupState.RESULTS)
    (case,) = flow.session.cases
    assert status_words(case.status).zh.startswith("已审批通过")
    # the card read that was listening meanwhile is abandoned
    env.devices.id_reader.reads.complete_pending(Completion.success(CARD))
    env.loop.run_pending()
    assert flow.session.card is None
    flow.finish()
    assert flow.state is LookupState.IDLE


def test_progress_by_a_receipt_qr_with_a_provisional_code_and_its_epoch(env: Env) -> None:
    """A receipt printed while offline carries ``<terminal>-<epoch>-NNNNNN`` (issue 13.2)."""
    code = "ZW-0001-K7QD-000001"
    env.platform.cases = [CaseSummary(code, HUKOU, Text("户口", "Hukou"), CaseStatusKind.SUBMITTED)]
    flow = lookup(env)
    flow.start(LookupPurpose.PROGRESS)
    env.devices.qr_scanner.scans.complete_pending(Completion.success(code))
    env.settle(lambda: flow.state is LookupState.RESULTS)
    assert [c.case_code for c in flow.session.cases] == [code]
    flow.finish()


def test_progress_by_id_card_and_nothing_found(env: Env) -> None:
    flow = lookup(env)
    flow.start("progress")
    env.devices.id_reader.reads.complete_pending(Completion.success(CARD))
    env.settle(lambda: flow.session.message is not None)
    assert flow.state is LookupState.IDENTIFYING, "nothing found: identify again"
    assert flow.session.card is None, "the card is dropped"


def test_an_unknown_qr_keeps_listening(env: Env) -> None:
    flow = lookup(env)
    flow.start(LookupPurpose.APPOINTMENT)
    env.devices.qr_scanner.scans.complete_pending(Completion.success("hello"))
    env.settle(lambda: flow.session.message is not None)
    assert flow.state is LookupState.IDENTIFYING
    assert env.devices.qr_scanner.scans.pending, "a new scan is waiting"


def test_appointment_qr_opens_the_booked_matter_prefilled(env: Env) -> None:
    env.platform.appointments[APPT.token] = APPT
    env.platform.profiles[CARD.id_number] = {"phone": "13800138000"}
    flow = lookup(env)
    flow.start(LookupPurpose.APPOINTMENT)
    env.devices.qr_scanner.scans.complete_pending(Completion.success("APPT-7Q2K9X"))
    env.settle(lambda: flow.state is LookupState.RESULTS)
    chosen = flow.choose("APPT-7Q2K9X")
    assert chosen is APPT
    flow.finish()
    env.devices.id_reader.reads.pending.clear()  # the lookup's read was cancelled

    declaration = env.declaration()
    declaration.start(matter_code=chosen.matter_code, id_tail=chosen.id_number_tail)
    # the booked matter first (the catalogue), then the card
    env.settle(lambda: bool(env.devices.id_reader.reads.pending))
    env.devices.id_reader.reads.complete_pending(Completion.success(CARD))
    # the profile may answer after the form is shown: it then fills the empty fields
    env.settle(
        lambda: (
            declaration.state is DeclarationState.FILLING_FORM
            and bool(declaration.session.form.get("phone"))
        )
    )
    s = declaration.session
    assert s.matter is not None and s.matter.code == HUKOU
    assert s.form["name"] == CARD.name and s.form["phone"] == "13800138000"


def test_appointment_by_card_hands_the_card_over(env: Env) -> None:
    env.platform.appointments[APPT.token] = APPT
    flow = lookup(env)
    flow.start(LookupPurpose.APPOINTMENT)
    env.devices.id_reader.reads.complete_pending(Completion.success(CARD))
    env.settle(lambda: flow.state is LookupState.RESULTS)
    assert [a.token for a in flow.session.appointments] == [APPT.token]
    card = flow.session.card
    declaration = env.declaration()
    declaration.start(matter_code=HUKOU, card=card)
    env.settle(lambda: declaration.state is DeclarationState.FILLING_FORM)
    assert env.devices.id_reader.reads.calls == 1, "no second card read"


def test_an_appointment_for_someone_else_is_refused(env: Env) -> None:
    declaration = env.declaration()
    declaration.start(matter_code=HUKOU, id_tail="9999")
    # the booked matter first (the catalogue), then the card
    env.settle(lambda: bool(env.devices.id_reader.reads.pending))
    env.devices.id_reader.reads.complete_pending(Completion.success(CARD))
    env.settle(lambda: declaration.session.message is not None)
    assert declaration.state is DeclarationState.READING_CARD


def test_pickup_by_id_card_and_face(env: Env) -> None:
    ticket = PickupTicket("CASE-20261122-000003", Text("户口", "Hukou"), "B01")
    env.platform.person_tickets[CARD.id_number] = ticket
    flow: CollectionFlow = env.collection()
    flow.start_by_card()
    assert flow.state is CollectionState.READING_CARD
    env.devices.id_reader.reads.complete_pending(Completion.success(CARD))
    env.settle(lambda: flow.state is CollectionState.DONE)
    assert env.devices.lockers.opened == ["B01"]
    assert env.platform.events[-1].kind is CaseEventKind.CERTIFICATE_COLLECTED
    assert env.platform.events[-1].case_ref == ticket.case_code


def test_pickup_by_card_with_nothing_waiting_or_a_wrong_face(env: Env) -> None:
    flow = env.collection()
    flow.start_by_card()
    env.devices.id_reader.reads.complete_pending(Completion.success(CARD))
    env.settle(lambda: flow.state is CollectionState.FAILED)
    assert flow.session.message is not None and env.devices.lockers.opened == []
    flow.cancel()
    before = env.devices.face.verifies.calls
    env.devices.face.verifies.push(*[Completion.success(NO_MATCH)] * 3)
    flow.start_by_card()
    env.devices.id_reader.reads.complete_pending(Completion.success(CARD))
    # the last failed try offers the assisted path (tests/flows/test_assisted.py)
    env.settle(lambda: flow.state is CollectionState.FACE_FAILED)
    assert env.devices.face.verifies.calls - before == 3, "three tries"
    assert flow.session.message == FINAL_NO_MATCH  # why the last try failed (issue 19 item 2)
    assert env.devices.lockers.opened == []
