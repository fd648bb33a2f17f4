"""Codes, PINs and phone numbers are ASCII digits (issue 13 item 14): ``\\d`` and
``isdigit()`` also take Arabic-Indic, fullwidth and superscript digits, so such text
reached the platform or the PIN check as if it were a code."""

from __future__ import annotations

import pytest

from device_contracts import Completion, Text
from flows import messages, staff_messages
from flows.collection import CollectionFlow, CollectionState
from flows.domain import Appointment, CaseStatus, CaseStatusKind, CaseSummary, PickupTicket
from flows.lookup import LookupFlow, LookupPurpose, LookupState
from flows.staff import StaffState
from flows.validation import BAD_PHONE, validate_form
from offline_cache.staff_pins import PinPolicyError, check_pin_policy
from tests.fakes.platform import HUKOU, sample_catalog
from tests.fakes.staff import CLERK_CARD
from tests.flows.conftest import Env
from tests.flows.test_assisted import declined_declaration, pin, staff_card
from tests.flows.test_staff_login import StaffEnv

CODE = "482913"
ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def unicode_forms(digits: str) -> list[str]:
    return [digits.translate(ARABIC), digits.translate(FULLWIDTH)]


@pytest.fixture
def collection(env: Env) -> CollectionFlow:
    env.platform.tickets[CODE] = PickupTicket("CASE-20261122-000003", Text("户口", "Hukou"), "B01")
    return env.collection()


@pytest.mark.parametrize("code", unicode_forms(CODE))
def test_a_typed_pickup_code_in_unicode_digits_is_a_format_error(
    env: Env, collection: CollectionFlow, code: str
) -> None:
    collection.start()
    collection.enter_code(code)
    assert collection.state is CollectionState.ENTERING_CODE
    assert collection.session.message == messages.CODE_FORMAT
    assert collection.session.attempts_left == 5  # said, not counted as a wrong code


@pytest.mark.parametrize("code", unicode_forms(CODE))
def test_a_scanned_pickup_code_in_unicode_digits_is_a_format_error(
    env: Env, collection: CollectionFlow, code: str
) -> None:
    collection.start()
    env.loop.run_pending()
    env.devices.qr_scanner.scans.complete_pending(Completion.success(f"取件码 {code}"))
    env.loop.run_pending()
    assert collection.state is CollectionState.ENTERING_CODE
    assert collection.session.message == messages.CODE_FORMAT


@pytest.mark.parametrize("digits", unicode_forms("135792"))
def test_a_staff_pin_in_unicode_digits_is_refused_without_a_try(digits: str) -> None:
    env = StaffEnv()
    env.flow.start()
    env.reader.present(CLERK_CARD)
    env.settle(StaffState.ENTERING_PIN)
    env.flow.enter_pin(digits)
    assert env.flow.session.message == staff_messages.PIN_FORMAT
    assert env.directory.wrong.get(CLERK_CARD, 0) == 0


@pytest.mark.parametrize("digits", unicode_forms("135792"))
def test_an_assisting_staff_pin_in_unicode_digits_is_refused_without_a_try(
    env: Env, digits: str
) -> None:
    flow = declined_declaration(env)
    staff_card(env, flow)
    pin(env, flow, digits)
    assert flow.session.message == staff_messages.PIN_FORMAT
    assert env.directory.wrong.get(CLERK_CARD, 0) == 0


@pytest.mark.parametrize("phone", [*unicode_forms("13800138000"), "010-１２３４５６７８"])
def test_a_phone_number_in_unicode_digits_is_refused(phone: str) -> None:
    fields = sample_catalog().matter(HUKOU).fields
    assert validate_form(fields, {"phone": "13800138000"}).get("phone") is None
    assert validate_form(fields, {"phone": phone}).get("phone") == BAD_PHONE


@pytest.mark.parametrize("digits", [*unicode_forms("135792"), "13579²"])
def test_a_pin_in_unicode_digits_cannot_be_set(digits: str) -> None:
    check_pin_policy("135792")
    with pytest.raises(PinPolicyError):
        check_pin_policy(digits)


#: "ſ" (long s) and "ﬁ" upper-case to ASCII "S" and "FI": no code may be made of them
FOLDED_CASE = "caſe-20261122-000009"


def test_a_case_code_that_only_upper_cases_to_ascii_is_not_loaded() -> None:
    code = "CASE-20261122-000009"
    env = StaffEnv()
    env.platform.statuses[code] = CaseStatus(code, "HJ001", CaseStatusKind.APPROVED, "")
    env.login()
    env.flow.load()
    env.settle(StaffState.ENTERING_CASE)
    env.flow.loading.enter_case(FOLDED_CASE)
    assert env.flow.state is StaffState.ENTERING_CASE
    assert env.flow.session.message == staff_messages.CASE_FORMAT
    env.flow.loading.enter_case(code.lower())  # ASCII in either case is fine
    env.settle(StaffState.LOADED)


@pytest.mark.parametrize(
    ("purpose", "text"),
    [
        (LookupPurpose.PROGRESS, f"https://zwfw.beijing.gov.cn/q?c={FOLDED_CASE}"),
        (LookupPurpose.APPOINTMENT, "appt-7q2k9\ufb01"),
    ],
)
def test_a_scanned_code_that_only_upper_cases_to_ascii_is_not_looked_up(
    env: Env, purpose: LookupPurpose, text: str
) -> None:
    env.platform.cases = [
        CaseSummary("CASE-20261122-000009", HUKOU, Text("户口", "Hukou"), CaseStatusKind.APPROVED)
    ]
    token = "APPT-7Q2K9FI"  # what "appt-7q2k9ﬁ" upper-cases to
    env.platform.appointments[token] = Appointment(
        token, HUKOU, Text("户口迁入", "Hukou"), "2026-11-24T09:30:00", "0011"
    )
    flow = LookupFlow(env.devices.device_set(), env.platform, env.loop)
    flow.start(purpose)
    env.devices.qr_scanner.scans.complete_pending(Completion.success(text))
    env.settle(lambda: flow.session.message is not None)
    assert flow.state is LookupState.IDENTIFYING  # not a code: keeps listening
