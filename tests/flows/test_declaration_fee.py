"""A matter's fee (工本费) in the declaration: after the review the resident pays it
through the gateway simulator (the kiosk's own gateway client and trade ledger), the
case goes with the paid trade on it, the receipt prints the trade numbers, a resend
never pays twice, and leaving mid-payment closes the trade. Last, 居民身份证补领 (HJ002,
40 元) against the platform simulator: accepted once paid, refused (fee_required) at a
site that takes no payments."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest

from device_contracts import Completion
from flows.declaration import DeclarationFlow, DeclarationState
from flows.domain import Catalog, SubmitState
from flows.payment_ports import PayMethod, TradeState
from offline_cache.platform_port import KioskPlatform
from platform_sim.seed import DEMO_TERMINAL_ID, DEMO_TERMINAL_TOKEN
from tests.fakes.devices import sample_card
from tests.fakes.platform import HUKOU, MARRIAGE_CERT, FakePlatform
from tests.flows.conftest import Env, answer_consent, to_capturing, to_card
from tests.flows.payment_env import PayEnv, pay_env, payment_gateway, platform

__all__ = ["pay_env", "payment_gateway", "platform"]  # the fixtures this module uses

S = DeclarationState
FEE = 800


class FeePlatform(FakePlatform):
    """The fake platform whose hukou matter costs 8 元."""

    def catalog(self) -> Catalog:
        c = super().catalog()
        priced = tuple(
            dataclasses.replace(m, fee_fen=FEE) if m.code == HUKOU else m for m in c.matters
        )
        return dataclasses.replace(c, matters=priced)


@pytest.fixture
def fee_env(pay_env: PayEnv) -> Env:
    return _shared(Env(platform=FeePlatform()), pay_env)


def _shared(env: Env, pay: PayEnv) -> Env:
    """One loop (its virtual clock moves the polls) and one scanner for both."""
    pay.loop, pay.devices = env.loop, env.devices
    return env


def _to_review(env: Env, pay: PayEnv) -> DeclarationFlow:
    flow = env.declaration(payments=pay.ports().payments)
    to_capturing(env, flow, HUKOU)
    return _pages_to_review(env, flow, "hukou_book", "id_card_copy", MARRIAGE_CERT)


def _pages_to_review(env: Env, flow: DeclarationFlow, *materials: str) -> DeclarationFlow:
    """A page taken of each material, the certificate to the locker: the review."""
    for code in materials:
        before = len(flow.session.pages)
        flow.capture(code)
        env.settle(lambda before=before: len(flow.session.pages) > before)
    flow.next()
    flow.choose_delivery("locker")
    assert flow.state is S.REVIEWING
    return flow


def test_the_fee_is_paid_before_the_case_goes_and_is_on_it(fee_env: Env, pay_env: PayEnv) -> None:
    env, pay = fee_env, pay_env
    flow = _to_review(env, pay)
    flow.submit()
    assert flow.state is S.CHOOSING_METHOD
    assert flow.session.payment.amount_fen == FEE
    assert not env.platform.drafts  # nothing sent before it is paid
    flow.choose_method(PayMethod.CODE.value)
    pay.show_payment_code(pay.buyer())
    pay.until(lambda: flow.state is S.DONE)
    (draft,) = env.platform.drafts
    p = flow.session.payment
    assert draft.payment is not None
    assert (draft.payment.out_trade_no, draft.payment.trade_no) == (p.out_trade_no, p.trade_no)
    assert draft.payment.amount_fen == FEE
    # left PAID: the recovery completes it once the platform accepted the case
    assert pay.state_of(p.out_trade_no) is TradeState.PAID
    assert pay.ledger.get(draft.payment.out_trade_no).reference == draft.idempotency_key
    assert pay.charges(p.out_trade_no) == 1
    receipt = env.devices.printer.printed[-1].plain_text()
    assert "8.00 元" in receipt and draft.payment.trade_no in receipt


def test_a_resend_after_a_failed_submit_does_not_pay_again(fee_env: Env, pay_env: PayEnv) -> None:
    env, pay = fee_env, pay_env
    flow = _to_review(env, pay)
    env.platform.submit_crashes = True
    flow.submit()
    flow.choose_method(PayMethod.CODE.value)
    pay.show_payment_code(pay.buyer())
    pay.until(lambda: flow.state is S.REVIEWING and flow.session.message is not None)
    paid = flow.session.draft.payment if flow.session.draft else None
    assert paid is not None
    env.platform.submit_crashes = False
    flow.submit()
    assert flow.state is not S.CHOOSING_METHOD
    pay.until(lambda: flow.state is S.DONE)
    (draft,) = env.platform.drafts
    assert draft.payment == paid and pay.charges(paid.out_trade_no) == 1


def test_leaving_during_the_fee_qr_closes_its_trade(fee_env: Env, pay_env: PayEnv) -> None:
    env, pay = fee_env, pay_env
    flow = _to_review(env, pay)
    flow.submit()
    flow.choose_method(PayMethod.QR.value)
    pay.until(lambda: flow.state is S.SHOWING_QR)
    out = flow.session.payment.out_trade_no
    flow.cancel()
    left = flow.payment_steps.left if flow.payment_steps else None
    assert left is not None and left.closed.wait(10)
    assert pay.state_of(out) is TradeState.CANCELLED
    assert not env.platform.drafts


def test_a_matter_without_a_fee_goes_straight_to_submitting(pay_env: PayEnv) -> None:
    env = _shared(Env(), pay_env)
    flow = _to_review(env, pay_env)
    flow.submit()
    assert flow.state is S.SUBMITTING
    env.settle(lambda: flow.state is S.DONE)
    assert env.platform.drafts[0].payment is None


# ---------------------------------------------------------------------- the real platform
FEE_MATTER = "HJ002"  # 居民身份证补领, 40 元 in the platform's catalogue
#: an ID number whose check digit the platform accepts
APPLICANT = dataclasses.replace(sample_card(), id_number="110112198503121238")


@pytest.fixture
def kiosk(pay_env: PayEnv, tmp_path: Path) -> Iterator[KioskPlatform]:
    """The kiosk's own platform client and outbox against the platform simulator."""
    opened = KioskPlatform.open(
        pay_env.platform.url,
        DEMO_TERMINAL_TOKEN,
        DEMO_TERMINAL_ID,
        tmp_path / "kiosk",
        start_forwarder=False,
    )
    yield opened
    opened.close()


def _hj002_to_review(pay: PayEnv, kiosk: KioskPlatform, *, payments: bool) -> DeclarationFlow:
    """居民身份证补领 declared against the platform simulator, the card read and the face
    matched, its pages taken, to the review."""
    env = _shared(Env(), pay)
    ports = pay.ports()
    flow = DeclarationFlow(
        dataclasses.replace(
            ports,
            platform=kiosk,
            terminal_id=DEMO_TERMINAL_ID,
            payments=ports.payments if payments else None,
        )
    )
    answer_consent(flow, env.loop, True)
    env.devices.id_reader.reads.push(Completion.success(APPLICANT))
    to_card(env, flow, FEE_MATTER)
    env.settle(lambda: flow.state is S.FILLING_FORM, timeout=10)
    assert flow.session.matter is not None and flow.session.matter.fee_fen == 4000
    flow.set_field("phone", "13800138000")
    flow.next()
    assert flow.state is S.CAPTURING, flow.session.field_errors
    return _pages_to_review(env, flow, "hukou", "photo", "application_form")


def test_hj002_paid_40_yuan_is_accepted_by_the_platform(
    pay_env: PayEnv, kiosk: KioskPlatform
) -> None:
    flow = _hj002_to_review(pay_env, kiosk, payments=True)
    flow.submit()
    assert flow.state is S.CHOOSING_METHOD and flow.session.payment.amount_fen == 4000
    flow.choose_method(PayMethod.CODE.value)
    pay_env.show_payment_code(pay_env.buyer())
    pay_env.until(lambda: flow.state in (S.DONE, S.REVIEWING))
    assert flow.state is S.DONE, flow.session.message
    result = flow.session.result
    assert result is not None and result.state is SubmitState.ACCEPTED
    assert pay_env.charges(flow.session.payment.out_trade_no) == 1


def test_hj002_without_payments_at_the_site_is_refused_by_the_platform(
    pay_env: PayEnv, kiosk: KioskPlatform
) -> None:
    flow = _hj002_to_review(pay_env, kiosk, payments=False)
    flow.submit()
    pay_env.until(lambda: flow.state is S.REVIEWING and flow.session.message is not None)
    assert flow.session.result is None
    message = flow.session.message
    assert message is not None and "40.00" in message.zh  # fee_required, in its words
