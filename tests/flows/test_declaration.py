"""The declaration journey, state by state, against scripted fakes."""

from __future__ import annotations

import logging

import pytest

from device_contracts import (
    CompartmentRole,
    CompartmentSize,
    Completion,
    CompletionCode,
    DoorOutcome,
    IdentityCard,
    Image,
)
from flows.declaration import DeclarationFlow, DeclarationState
from flows.domain import CaseEventKind, SubmitState
from flows.face_check import FINAL_NO_MATCH
from tests.fakes.devices import NO_MATCH, NOT_LIVE, OUT_OF_PAPER, page_image, sample_card
from tests.fakes.platform import HUKOU, MARRIAGE_CERT, SOCIAL

from .conftest import TERMINAL, Env, to_capturing, to_card, to_form

S = DeclarationState


def to_state(env: Env, flow: DeclarationFlow, state: DeclarationState) -> None:
    env.settle(lambda: flow.state is state)


def through_face(env: Env, matter: str = HUKOU) -> DeclarationFlow:
    """The matter chosen, its guide read, the card read and the face matched: the form."""
    flow = env.declaration()
    to_form(env, flow, matter)
    return flow


def through_form(env: Env, matter: str = HUKOU) -> DeclarationFlow:
    flow = env.declaration()
    to_capturing(env, flow, matter)
    return flow


def capture(env: Env, flow: DeclarationFlow, *codes: str) -> None:
    for code in codes:
        before = len(flow.session.pages)
        flow.capture(code)
        assert flow.session.capturing
        env.settle(lambda before=before: len(flow.session.pages) > before)
        assert not flow.session.capturing


def through_review(env: Env) -> DeclarationFlow:
    flow = through_form(env)
    capture(env, flow, "hukou_book", "id_card_copy", MARRIAGE_CERT)
    flow.next()
    flow.choose_delivery("locker")
    assert flow.state is S.REVIEWING
    return flow


def test_happy_path_end_to_end(env: Env) -> None:
    flow = env.declaration()
    seen: list[DeclarationState] = []
    flow.subscribe(lambda: seen.append(flow.state))
    assert flow.state is S.IDLE

    env.devices.id_reader.reads.push(Completion.success(sample_card()))
    flow.start()
    assert flow.state is S.CHOOSING_MATTER
    env.settle(lambda: flow.session.catalog is not None)
    flow.choose_matter(HUKOU)
    assert flow.state is S.GUIDE
    flow.proceed()
    assert flow.state is S.READING_CARD
    to_state(env, flow, S.FILLING_FORM)
    # the card photo was the face reference, with its real size
    reference = env.devices.face.references[0]
    assert reference is not None and (reference.width, reference.height) == (102, 126)
    assert flow.session.face is not None and flow.session.face.matched

    form = flow.session.form
    assert form["name"] == "张三"
    assert form["id_number"] == "110112199003070011"
    assert form["address"].startswith("北京市通州区")
    assert form["gender"] == "男"
    assert form["phone"] == ""
    flow.set_field("phone", "13800138000")
    flow.set_field("move_date", "2026-12-01")
    flow.next()
    assert flow.state is S.CAPTURING

    capture(env, flow, "hukou_book", "id_card_copy", MARRIAGE_CERT)
    flow.next()
    assert flow.state is S.CHOOSING_DELIVERY
    flow.choose_delivery("locker")
    assert flow.state is S.REVIEWING
    flow.submit()
    assert flow.state is S.SUBMITTING

    to_state(env, flow, S.DONE)
    s = flow.session
    assert s.result is not None and s.result.state is SubmitState.ACCEPTED
    # HUKOU needs M: the smallest free drop compartment that fits
    assert s.compartment is not None and s.compartment.id == "A02"
    assert env.devices.lockers.opened == ["A02"]
    assert env.ledger.occupant("A02") == s.result.code

    draft = env.platform.drafts[0]
    assert draft.matter_code == HUKOU and draft.terminal_id == TERMINAL
    assert [p.material_code for p in draft.pages] == ["hukou_book", "id_card_copy", MARRIAGE_CERT]
    assert draft.form["phone"] == "13800138000"

    [event] = env.platform.events
    assert event.kind is CaseEventKind.MATERIALS_DEPOSITED
    assert event.case_ref == s.result.code and event.compartment_id == "A02"
    assert event.event_id

    [receipt] = env.devices.printer.printed
    text = receipt.plain_text()
    assert s.result.code in text and receipt.qr == s.result.code
    assert "办件回执" in text and "张*" in text and "张三" not in text
    assert "A02" in text and TERMINAL in text
    assert not s.receipt_failed and s.receipt is receipt

    assert seen[0] is S.CHOOSING_MATTER
    assert seen.index(S.GUIDE) < seen.index(S.READING_CARD) < seen.index(S.FACE_CHECK)
    assert S.DEPOSITING in seen and S.PRINTING in seen and seen[-1] is S.DONE

    flow.finish()
    assert flow.state is S.IDLE and flow.session.card is None and flow.session.result is None


def test_card_read_failure_shows_message_and_retry_reads_again(env: Env) -> None:
    flow = env.declaration()
    failure = Completion[IdentityCard].failure(CompletionCode.TIMEOUT)
    env.devices.id_reader.reads.push(failure)
    to_card(env, flow, HUKOU)
    env.settle(lambda: flow.session.message is not None)
    assert flow.state is S.READING_CARD
    assert flow.session.message == failure.text and not flow.session.busy

    env.devices.id_reader.reads.push(Completion.success(sample_card()))
    flow.retry()
    assert flow.session.message is None and flow.session.busy
    to_state(env, flow, S.FILLING_FORM)
    assert env.devices.id_reader.reads.calls == 2


def test_expired_card_is_refused(env: Env) -> None:
    flow = env.declaration()
    env.devices.id_reader.reads.push(
        Completion.success(sample_card(valid_to=sample_card().valid_from))
    )
    to_card(env, flow, HUKOU)
    env.settle(lambda: flow.session.message is not None)
    assert flow.state is S.READING_CARD and flow.session.card is None


def test_face_fail_retry_then_attempts_exhausted(env: Env) -> None:
    flow = env.declaration()
    env.devices.id_reader.reads.push(Completion.success(sample_card()))
    env.devices.face.verifies.push(
        Completion.success(NO_MATCH), Completion.success(NOT_LIVE), Completion.success(NO_MATCH)
    )
    to_card(env, flow, HUKOU)
    to_state(env, flow, S.FACE_FAILED)
    assert flow.session.face_attempts_left == 2
    assert flow.session.message is not None and "不一致" in flow.session.message.zh

    flow.retry()
    assert flow.state is S.FACE_CHECK
    to_state(env, flow, S.FACE_FAILED)
    assert flow.session.face_attempts_left == 1
    assert flow.session.message is not None and "活体" in flow.session.message.zh

    flow.retry()
    to_state(env, flow, S.FACE_FAILED)
    assert flow.session.face_attempts_left == 0
    # the last failure says why, once (the screen adds the one next step: staff assistance)
    assert flow.session.message == FINAL_NO_MATCH

    flow.retry()  # guard: no attempts left
    assert flow.state is S.FACE_FAILED
    assert env.devices.face.verifies.calls == 3
    flow.cancel()
    assert flow.state is S.IDLE and flow.session.card is None


def test_face_retry_can_succeed(env: Env) -> None:
    flow = env.declaration()
    env.devices.id_reader.reads.push(Completion.success(sample_card()))
    env.devices.face.verifies.push(Completion.success(NO_MATCH))
    to_card(env, flow, HUKOU)
    to_state(env, flow, S.FACE_FAILED)
    flow.retry()
    to_state(env, flow, S.FILLING_FORM)


def test_face_reference_comes_from_platform_without_card_photo(env: Env) -> None:
    env.platform.reference = page_image()
    flow = env.declaration()
    env.devices.id_reader.reads.push(Completion.success(sample_card(photo=False)))
    to_card(env, flow, HUKOU)
    to_state(env, flow, S.FILLING_FORM)
    assert env.devices.face.references == [env.platform.reference]


def test_catalog_failure_message_and_retry(env: Env) -> None:
    env.platform.catalog_fails = True
    flow = env.declaration()
    flow.start()
    assert flow.state is S.CHOOSING_MATTER
    env.settle(lambda: flow.session.message is not None)
    assert flow.session.catalog is None and not flow.session.busy
    flow.choose_matter(HUKOU)
    assert flow.state is S.CHOOSING_MATTER

    env.platform.catalog_fails = False
    flow.retry()
    env.settle(lambda: flow.session.catalog is not None)
    flow.choose_matter(HUKOU)
    assert flow.state is S.GUIDE


def test_fields_read_from_the_chip_cannot_be_typed_over(env: Env) -> None:
    """The name, ID number, sex and address came from the card's signed chip: a
    declaration in another name, or with another number, is not typed in at the kiosk."""
    flow = through_face(env)
    flow.choose_matter(HUKOU)
    card = sample_card()
    before = dict(flow.session.form)
    assert before["id_number"] == card.id_number and before["name"] == card.name
    for key in ("name", "id_number", "gender", "address"):
        flow.set_field(key, "")
    flow.set_field("id_number", "110101199001011234")
    assert {k: flow.session.form[k] for k in ("name", "id_number", "gender", "address")} == {
        k: before[k] for k in ("name", "id_number", "gender", "address")
    }
    flow.set_field("phone", "13800138000")  # what the card does not say stays the resident's
    assert flow.session.form["phone"] == "13800138000"


def test_required_fields_are_validated(env: Env) -> None:
    flow = through_face(env)
    flow.next()
    assert flow.state is S.FILLING_FORM
    errors = flow.session.field_errors
    assert set(errors) == {"phone", "move_date"}  # remark is optional
    assert flow.session.message is not None

    flow.set_field("move_date", "2026-12-01")
    assert "move_date" not in flow.session.field_errors
    flow.set_field("phone", "12345")
    flow.set_field("move_date", "下个月")
    flow.next()
    assert set(flow.session.field_errors) == {"phone", "move_date"}

    flow.set_field("phone", "13800138000")
    flow.set_field("move_date", "2026-12-01")
    flow.next()
    assert flow.state is S.CAPTURING and flow.session.field_errors == {}


def test_back_keeps_form_for_same_matter_and_resets_for_another(env: Env) -> None:
    flow = through_form(env)
    flow.back()
    flow.back()
    assert flow.state is S.GUIDE
    flow.back()
    assert flow.state is S.CHOOSING_MATTER
    flow.choose_matter(HUKOU)
    assert flow.session.form["phone"] == "13800138000"
    flow.back()
    flow.choose_matter(SOCIAL)
    flow.proceed()
    assert flow.state is S.FILLING_FORM
    assert flow.session.form["phone"] == "" and flow.session.pages == []
    assert flow.session.form["name"] == "张三"  # the card is still known


def test_missing_material_blocks_next_until_deferred(env: Env) -> None:
    flow = through_form(env)
    capture(env, flow, "hukou_book")
    flow.next()
    assert flow.state is S.CAPTURING
    assert flow.session.message is not None
    assert "居民身份证复印件" in flow.session.message.zh and "结婚证" in flow.session.message.zh

    capture(env, flow, "id_card_copy")
    flow.toggle_deferred("hukou_book")  # not deferrable
    assert "hukou_book" not in flow.session.deferred
    flow.toggle_deferred(MARRIAGE_CERT)
    assert flow.session.deferred == {MARRIAGE_CERT}
    flow.next()
    flow.choose_delivery("locker")
    assert flow.state is S.REVIEWING

    flow.submit()
    to_state(env, flow, S.DONE)
    assert env.platform.drafts[0].deferred_materials == (MARRIAGE_CERT,)
    text = env.devices.printer.printed[0].plain_text()
    assert "容缺受理" in text and "结婚证" in text and "前" in text


def test_remove_page_and_capture_failure(env: Env) -> None:
    flow = through_form(env)
    capture(env, flow, "hukou_book")
    flow.remove_page(0)
    assert flow.session.pages == []
    env.devices.document_camera.captures.push(
        Completion[Image].failure(CompletionCode.HARDWARE_ERROR)
    )
    flow.capture("hukou_book")
    env.settle(lambda: not flow.session.capturing)
    assert flow.session.pages == [] and flow.session.message is not None


def test_platform_down_queues_with_provisional_code_and_still_deposits(env: Env) -> None:
    env.platform.online = False
    flow = through_review(env)
    flow.submit()
    to_state(env, flow, S.DONE)
    result = flow.session.result
    assert result is not None and result.state is SubmitState.QUEUED and result.provisional
    assert result.code.startswith(TERMINAL)
    # while queued, the case is known by its idempotency key
    [event] = env.platform.events
    assert event.case_ref == result.idempotency_key
    assert env.ledger.occupant("A02") == result.idempotency_key
    text = env.devices.printer.printed[0].plain_text()
    assert result.code in text and "短信" in text and "临时编码" in text


def test_submit_failure_returns_to_review_and_resubmits_with_same_key(env: Env) -> None:
    env.platform.submit_crashes = True
    flow = through_review(env)
    flow.submit()
    to_state(env, flow, S.REVIEWING)
    assert flow.session.message is not None
    draft = flow.session.draft
    assert draft is not None
    env.platform.submit_crashes = False
    flow.submit()
    to_state(env, flow, S.DONE)
    assert env.platform.drafts[0].idempotency_key == draft.idempotency_key


def test_printer_out_of_paper_ends_done_with_receipt_failed(env: Env) -> None:
    env.devices.printer.prints.push(OUT_OF_PAPER)
    flow = through_review(env)
    flow.submit()
    to_state(env, flow, S.DONE)
    s = flow.session
    assert s.receipt_failed and s.message is not None
    assert s.result is not None and s.result.code
    assert s.receipt is not None and s.result.code in s.receipt.plain_text()
    assert env.devices.printer.printed == []


def test_no_free_compartment_message_and_skip_deposit(env: Env) -> None:
    for cid in ("A02", "A03"):
        env.ledger.allocate(
            env.devices.lockers.compartments(),
            CompartmentRole.DROP,
            CompartmentSize.M,
            f"old-{cid}",
        )
    flow = through_review(env)
    flow.submit()
    to_state(env, flow, S.DEPOSITING)
    env.settle(lambda: flow.session.message is not None)
    assert env.devices.lockers.opened == []
    assert "工作人员" in (flow.session.message.zh if flow.session.message else "")

    flow.skip_deposit()
    to_state(env, flow, S.DONE)
    assert flow.session.compartment is None
    assert env.platform.events == []
    assert "请交窗口工作人员" in env.devices.printer.printed[0].plain_text()


def test_door_fails_to_open_then_skip(env: Env) -> None:
    env.devices.lockers.opens.push(Completion[DoorOutcome].failure(CompletionCode.HARDWARE_ERROR))
    flow = through_review(env)
    flow.submit()
    to_state(env, flow, S.DEPOSITING)
    env.settle(lambda: flow.session.message is not None and not flow.session.busy)
    assert flow.session.compartment is None
    # the faulty door stays booked so the next resident is not sent to it
    assert env.ledger.occupant("A02") is not None

    flow.skip_deposit()
    to_state(env, flow, S.DONE)
    assert env.platform.events == []


def test_skip_refused_while_door_is_open(env: Env) -> None:
    env.devices.lockers.closes.default = None  # the resident has not closed it yet
    flow = through_review(env)
    flow.submit()
    to_state(env, flow, S.DEPOSITING)
    env.settle(lambda: env.devices.lockers.closes.pending)
    assert flow.session.message is not None and "A02" in flow.session.message.zh
    flow.skip_deposit()
    assert flow.state is S.DEPOSITING
    env.devices.lockers.closes.complete_pending(Completion.success(None))
    to_state(env, flow, S.DONE)
    assert [e.kind for e in env.platform.events] == [CaseEventKind.MATERIALS_DEPOSITED]


def test_cancel_before_submit_wipes_personal_data(env: Env) -> None:
    flow = through_form(env)
    capture(env, flow, "hukou_book")
    old = flow.session
    flow.cancel()
    assert flow.state is S.IDLE
    for s in (flow.session, old):
        assert s.card is None and s.applicant is None and s.pages == [] and s.form == {}
    assert env.platform.drafts == []


def test_stale_card_read_after_cancel_is_ignored(
    env: Env, caplog: pytest.LogCaptureFixture
) -> None:
    flow = env.declaration()
    to_card(env, flow, HUKOU)
    env.loop.run_pending()
    assert env.devices.id_reader.reads.pending
    flow.cancel()
    to_card(env, flow, HUKOU)  # the next resident
    env.devices.id_reader.reads.complete_pending(Completion.success(sample_card()))
    with caplog.at_level(logging.INFO, logger="flows"):
        env.loop.run_pending()
    assert flow.state is S.READING_CARD
    assert flow.session.card is None
    assert any(r.message == "stale completion ignored" for r in caplog.records)


def test_stale_capture_after_back_is_ignored(env: Env) -> None:
    env.devices.document_camera.captures.default = None
    flow = through_form(env)
    flow.capture("hukou_book")
    flow.back()
    assert flow.state is S.FILLING_FORM and not flow.session.capturing
    env.devices.document_camera.captures.complete_pending(Completion.success(page_image()))
    env.loop.run_pending()
    assert flow.session.pages == []


def test_state_changes_are_logged_without_personal_data(
    env: Env, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        flow = through_review(env)
        flow.submit()
        to_state(env, flow, S.DONE)
    changes = [r for r in caplog.records if r.message == "state change"]
    assert [r.to for r in changes][-1] == "done"
    dump = " ".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records)
    for secret in ("张三", "110112199003070011", "运河东大街", "13800138000"):
        assert secret not in dump


def test_reset_from_any_state_and_start_ignored_when_busy(env: Env) -> None:
    flow = through_form(env)
    flow.start()
    assert flow.state is S.CAPTURING
    flow.reset()
    assert flow.state is S.IDLE and flow.session.matter is None
    flow.reset()
    assert flow.state is S.IDLE
