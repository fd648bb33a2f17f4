"""The asynchronous notify: form-encoded, signed with the gateway's key (what the SDK's
verify accepts), sent again until the merchant answers ``success``."""

from __future__ import annotations

from collections.abc import Callable

from alipay import AliPay

from payment_gateway_sim.embedded import RunningGateway
from tests.payment_gateway.conftest import pay_with_code, sdk_for
from tests.payment_gateway.notify_receiver import notify_receiver


def _verified(sdk: AliPay, form: dict[str, str]) -> bool:
    params = dict(form)
    signature = params.pop("sign")
    return bool(sdk.verify(params, signature))


def test_a_paid_trade_is_notified_signed_until_the_answer_is_success(
    payment_gateway: RunningGateway, trade_no: Callable[[], str]
) -> None:
    control = payment_gateway.control
    with notify_receiver(failures=2) as (url, receiver):
        sdk = sdk_for(payment_gateway, notify_url=url)
        number = trade_no()
        qr = sdk.api_alipay_trade_precreate(
            subject="水费 2026-11", out_trade_no=number, total_amount="86.50"
        )
        assert control.scan(qr["qr_code"], control.new_buyer(10_000).buyer_id) == "paid"
        tries = [receiver.next_form() for _ in range(3)]
    assert [form["notify_id"] for form in tries] == [tries[0]["notify_id"]] * 3
    first = tries[0]
    assert first["out_trade_no"] == number
    assert first["trade_status"] == "TRADE_SUCCESS"
    assert first["total_amount"] == "86.50"
    assert first["app_id"] == payment_gateway.app_id
    assert first["sign_type"] == "RSA2"
    assert _verified(sdk, first)
    # the payer is nowhere in it
    assert not {"buyer_id", "buyer_logon_id"} & first.keys()


def test_a_notify_altered_on_the_way_fails_verification(
    payment_gateway: RunningGateway, trade_no: Callable[[], str]
) -> None:
    control = payment_gateway.control
    with notify_receiver() as (url, receiver):
        sdk = sdk_for(payment_gateway, notify_url=url)
        buyer = control.new_buyer(10_000)
        number = trade_no()
        pay_with_code(sdk, number, control.payment_code(buyer.buyer_id), "12.34")
        form = receiver.next_form()
    assert _verified(sdk, form)
    assert not _verified(sdk, form | {"total_amount": "0.01"})


def test_a_refund_is_notified(payment_gateway: RunningGateway, trade_no: Callable[[], str]) -> None:
    control = payment_gateway.control
    with notify_receiver() as (url, receiver):
        sdk = sdk_for(payment_gateway, notify_url=url)
        buyer = control.new_buyer(10_000)
        number = trade_no()
        pay_with_code(sdk, number, control.payment_code(buyer.buyer_id), "42.00")
        paid = receiver.next_form()
        sdk.api_alipay_trade_refund(
            refund_amount="42.00", out_trade_no=number, out_request_no=number + "-R"
        )
        refunded = receiver.next_form()
    assert paid["trade_status"] == "TRADE_SUCCESS"
    assert refunded["trade_status"] == "TRADE_CLOSED"
    assert refunded["refund_fee"] == "42.00"
    assert refunded["out_biz_no"] == number + "-R"
    assert _verified(sdk, refunded)
    sent = control.notifies(number)
    assert [n["trade_status"] for n in sent] == ["TRADE_SUCCESS", "TRADE_CLOSED"]


def test_a_merchant_that_hangs_holds_up_no_other_notify(
    payment_gateway: RunningGateway, trade_no: Callable[[], str]
) -> None:
    control = payment_gateway.control
    buyer = control.new_buyer(100_000)
    with notify_receiver() as (hung_url, hung), notify_receiver() as (url, receiver):
        hung.answering.clear()
        held = trade_no()
        pay_with_code(
            sdk_for(payment_gateway, notify_url=hung_url),
            held,
            control.payment_code(buyer.buyer_id),
        )
        assert hung.next_form()["out_trade_no"] == held  # it came, and hangs unanswered
        number = trade_no()
        pay_with_code(
            sdk_for(payment_gateway, notify_url=url), number, control.payment_code(buyer.buyer_id)
        )
        assert receiver.next_form()["out_trade_no"] == number
        hung.answering.set()
