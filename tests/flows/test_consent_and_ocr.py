"""Consent before the face check, the assisted path without it, face images dropped
after the decision, and the form pre-filled from what OCR read on the pages."""

from __future__ import annotations

import dataclasses

from device_contracts import Completion
from flows.declaration import DeclarationFlow, DeclarationState
from flows.ocr import DIFFERS, FILLED, MATCHES
from tests.fakes.devices import MATCH, NO_MATCH, page_image, sample_card
from tests.fakes.ocr import FakePageReader, printed_page
from tests.fakes.platform import HUKOU, MARRIAGE_CERT
from tests.fakes.staff import CLERK_CARD, CLERK_PIN

from .conftest import Env, to_capturing, to_card

S = DeclarationState


def at_consent(env: Env, **kw: object) -> DeclarationFlow:
    flow = env.declaration(consent=None, **kw)  # type: ignore[arg-type]
    env.devices.id_reader.reads.push(Completion.success(sample_card()))
    to_card(env, flow, HUKOU)
    env.settle(lambda: flow.state is S.FACE_CONSENT)
    return flow


def test_the_face_check_waits_for_consent_and_clears_the_images_after(env: Env) -> None:
    flow = at_consent(env)
    env.loop.run_until(lambda: False, 0.2)
    assert env.devices.face.verifies.calls == 0, "no camera before the resident agreed"
    assert flow.session.card is not None and flow.session.card.photo
    flow.consent(True)
    env.settle(lambda: flow.state is S.FILLING_FORM)
    s = flow.session
    assert s.face_consent and s.identity_check == "face"
    assert env.devices.face.verifies.calls == 1
    # the card's photo and the reference are gone once the decision is made
    assert s.card is not None and s.card.photo is None and not s.card.photo_wlt
    assert flow._reference is None


def test_declining_leads_to_the_assisted_path_and_staff_let_the_resident_go_on(
    env: Env,
) -> None:
    flow = at_consent(env)
    flow.consent(False)
    assert flow.state is S.ASSISTED
    flow.continue_assisted()  # not before staff were called
    assert flow.state is S.ASSISTED
    assert flow.session.message is not None and "工作人员" in flow.session.message.zh
    flow.call_staff()
    assert flow.session.staff_called
    flow.continue_assisted()
    # staff confirm with their card and PIN (tests/flows/test_assisted.py has the rest)
    assert flow.state is S.ASSIST_CARD
    env.staff_reader.present(CLERK_CARD)
    env.settle(lambda: flow.state is S.ASSIST_PIN)
    flow.enter_staff_pin(CLERK_PIN)
    env.settle(lambda: flow.state is S.FILLING_FORM)
    assert env.devices.face.verifies.calls == 0, "no face image was ever taken"
    assert flow.session.identity_check == "staff"
    # the case tells the back office the identity was checked in person
    flow.set_field("phone", "13800138000")
    flow.set_field("move_date", "2026-12-01")
    flow.next()
    for code in ("hukou_book", "id_card_copy"):
        capture_page(env, flow, code, page_image())
    flow.toggle_deferred(MARRIAGE_CERT)
    flow.next()
    flow.choose_delivery("locker")
    assert flow.state is S.REVIEWING, flow.session.message
    flow.submit()
    env.settle(lambda: env.platform.drafts)
    assert env.platform.drafts[-1].form["identity_check"] == "staff_in_person"


def test_the_assisted_path_can_end_or_go_back_to_the_face_check(env: Env) -> None:
    flow = at_consent(env)
    flow.consent(False)
    flow.reconsider()
    assert flow.state is S.FACE_CONSENT and not flow.session.face_consent
    flow.consent(False)
    flow.cancel()
    assert flow.state is S.IDLE and flow.session.card is None


def test_after_a_failed_face_check_the_resident_may_take_the_assisted_path(env: Env) -> None:
    env.devices.face.verifies.push(Completion.success(NO_MATCH))
    flow = at_consent(env)
    flow.consent(True)
    env.settle(lambda: flow.state is S.FACE_FAILED)
    flow.consent(False)
    assert flow.state is S.ASSISTED
    card = flow.session.card
    assert card is not None and card.photo is None, "face data dropped when giving up"


def test_a_retry_after_a_failed_check_compares_again(env: Env) -> None:
    env.devices.face.verifies.push(Completion.success(NO_MATCH), Completion.success(MATCH))
    flow = at_consent(env)
    flow.consent(True)
    env.settle(lambda: flow.state is S.FACE_FAILED)
    assert flow._reference is None
    flow.retry()
    env.settle(lambda: flow.state is S.FILLING_FORM)
    assert env.devices.face.references[-1] is not None


def through_form(env: Env, reader: FakePageReader) -> DeclarationFlow:
    flow = env.declaration(reader=reader)
    to_capturing(env, flow)
    return flow


def capture_page(env: Env, flow: DeclarationFlow, material: str, image: object) -> None:
    env.devices.document_camera.captures.push(Completion.success(image))  # type: ignore[arg-type]
    before = len(flow.session.pages)
    flow.capture(material)
    env.settle(lambda: len(flow.session.pages) > before)


def test_ocr_fills_empty_fields_and_shows_what_differs(env: Env) -> None:
    reader = FakePageReader()
    flow = through_form(env, reader)
    s = flow.session
    # the household register shows the same name, another address and a remark-free page
    page = printed_page(
        "hukou",
        {
            "name": "张三",
            "address": "北京市东城区南新仓胡同12号",
            "id_number": "110112199003070011",
        },
    )
    capture_page(env, flow, "hukou_book", page)
    env.settle(lambda: s.readings)
    assert s.read_values["name"].status == MATCHES
    assert s.read_values["id_number"].status == MATCHES
    # another address than the card's: shown beside the form, never written over it
    assert s.read_values["address"].status == DIFFERS
    assert s.form["address"] == "北京市通州区运河东大街1号"
    assert s.form["name"] == "张三"
    assert s.message is None, "nothing was filled in"
    assert reader.calls == [("hukou", "id_card")], "each page is read against the matter's types"


def test_a_read_value_goes_into_an_empty_field_and_is_marked_for_checking(env: Env) -> None:
    reader = FakePageReader()
    flow = through_form(env, reader)
    s = flow.session
    page = printed_page("id_card", {"phone": "13912345678", "id_number": "110112199003070012"})
    capture_page(env, flow, "id_card_copy", page)
    env.settle(lambda: s.readings)
    # the phone was typed already: the read one is only shown
    assert s.read_values["phone"].status == DIFFERS
    assert s.form["phone"] == "13800138000"
    # a wrong check digit is flagged in plain words, never silently accepted
    number = s.read_values["id_number"]
    assert number.status == DIFFERS and number.note is not None
    assert s.form["id_number"] == "110112199003070011"


def test_an_empty_field_is_filled_from_the_page(env: Env) -> None:
    reader = FakePageReader()
    flow = env.declaration(reader=reader)
    env.devices.id_reader.reads.push(Completion.success(sample_card()))
    to_card(env, flow, HUKOU)
    env.settle(lambda: flow.state is S.FILLING_FORM)
    s = flow.session
    assert s.matter is not None
    # a matter whose phone number is optional: the resident left it empty
    s.matter = dataclasses.replace(
        s.matter,
        fields=tuple(
            dataclasses.replace(f, required=False) if f.key == "phone" else f
            for f in s.matter.fields
        ),
    )
    flow.set_field("move_date", "2026-12-01")
    flow.next()
    assert flow.state is S.CAPTURING and not s.form.get("phone")
    capture_page(env, flow, "hukou_book", printed_page("hukou", {"phone": "13912345678"}))
    env.settle(lambda: s.readings)
    assert s.form["phone"] == "13912345678"
    assert s.read_values["phone"].status == FILLED
    assert s.read_values["phone"].material_code == "hukou_book"
    assert s.message is not None and "1" in s.message.zh
    # the resident can still correct it on the form
    flow.back()
    flow.set_field("phone", "13800138000")
    assert s.form["phone"] == "13800138000"


def test_next_waits_for_pages_still_being_read_and_removed_pages_drop_their_reading(
    env: Env,
) -> None:
    reader = FakePageReader()
    reader.hold = True
    flow = through_form(env, reader)
    s = flow.session
    capture_page(env, flow, "hukou_book", printed_page("hukou", {"name": "张三"}))
    capture_page(env, flow, "id_card_copy", page_image())
    flow.toggle_deferred(MARRIAGE_CERT)
    assert s.reading == 2
    flow.next()
    assert flow.state is S.CAPTURING
    assert s.message is not None and "识别" in s.message.zh
    reader.release()
    env.settle(lambda: not s.reading)
    assert len(s.readings) == 2
    assert s.readings[1].reading.doc_type == "unknown"
    flow.remove_page(0)
    assert len(s.readings) == 1
    flow.next()
    assert flow.state is S.CAPTURING  # the household register is missing again


def test_a_failed_read_keeps_the_page(env: Env) -> None:
    reader = FakePageReader()
    reader.fail = True
    flow = through_form(env, reader)
    capture_page(env, flow, "hukou_book", printed_page("hukou", {"name": "张三"}))
    env.settle(lambda: not flow.session.reading)
    assert len(flow.session.pages) == 1 and not flow.session.readings


def test_review_can_go_back_to_the_form_to_correct_a_read_value(env: Env) -> None:
    reader = FakePageReader()
    flow = through_form(env, reader)
    capture_page(env, flow, "hukou_book", printed_page("hukou", {"name": "张三"}))
    capture_page(env, flow, "id_card_copy", page_image())
    flow.toggle_deferred(MARRIAGE_CERT)
    env.settle(lambda: not flow.session.reading)
    flow.next()
    flow.choose_delivery("locker")
    assert flow.state is S.REVIEWING
    flow.edit_form()
    assert flow.state is S.FILLING_FORM
    assert len(flow.session.pages) == 2, "pages are kept"
