"""precreate, pay, query, cancel through the real SDK, the payer played through /sim."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
from alipay import AliPay

from kvlog import KeyValueFormatter
from payment_gateway_sim.embedded import RunningGateway
from tests.payment_gateway.conftest import pay_with_code, sdk_for

NewNo = Callable[[], str]


def test_a_qr_scanned_and_paid_is_a_success(
    sdk: AliPay, payment_gateway: RunningGateway, trade_no: NewNo
) -> None:
    control = payment_gateway.control
    number = trade_no()
    created = sdk.api_alipay_trade_precreate(
        subject="水费 2026-11", out_trade_no=number, total_amount="86.50"
    )
    assert created["code"] == "10000"
    assert sdk.api_alipay_trade_query(out_trade_no=number)["trade_status"] == "WAIT_BUYER_PAY"
    buyer = control.new_buyer(10_000)
    assert control.scan(created["qr_code"], buyer.buyer_id) == "paid"
    paid = sdk.api_alipay_trade_query(out_trade_no=number)
    assert paid["trade_status"] == "TRADE_SUCCESS"
    assert paid["total_amount"] == "86.50"
    assert control.balance(buyer.buyer_id) == 10_000 - 8650
    assert control.scan(created["qr_code"], buyer.buyer_id) == "already_paid"
    assert control.trade(number)["charges"] == 1  # type: ignore[index]


def test_a_qr_scanned_without_the_balance_stays_unpaid(
    sdk: AliPay, payment_gateway: RunningGateway, trade_no: NewNo
) -> None:
    number = trade_no()
    qr = sdk.api_alipay_trade_precreate(subject="电费", out_trade_no=number, total_amount="123.45")
    poor = payment_gateway.control.new_buyer(100)
    assert payment_gateway.control.scan(qr["qr_code"], poor.buyer_id) == "balance_not_enough"
    assert sdk.api_alipay_trade_query(out_trade_no=number)["trade_status"] == "WAIT_BUYER_PAY"


def test_an_unpaid_qr_closes_when_its_time_is_up(
    sdk: AliPay, payment_gateway: RunningGateway, trade_no: NewNo
) -> None:
    number = trade_no()
    qr = sdk.api_alipay_trade_precreate(
        subject="燃气费", out_trade_no=number, total_amount="42.00", qr_code_timeout_express="2m"
    )
    longer = trade_no()
    sdk.api_alipay_trade_precreate(
        subject="燃气费", out_trade_no=longer, total_amount="42.00", qr_code_timeout_express="5m"
    )
    payment_gateway.control.advance_clock(121)
    assert sdk.api_alipay_trade_query(out_trade_no=number)["trade_status"] == "TRADE_CLOSED"
    assert sdk.api_alipay_trade_query(out_trade_no=longer)["trade_status"] == "WAIT_BUYER_PAY"
    buyer = payment_gateway.control.new_buyer(10_000)
    assert payment_gateway.control.scan(qr["qr_code"], buyer.buyer_id) == "closed"
    assert payment_gateway.control.balance(buyer.buyer_id) == 10_000


def test_a_payment_code_pays_at_once(
    sdk: AliPay, payment_gateway: RunningGateway, trade_no: NewNo
) -> None:
    buyer = payment_gateway.control.new_buyer(10_000)
    code = payment_gateway.control.payment_code(buyer.buyer_id)
    assert len(code) == 18
    assert code.startswith("28")
    number = trade_no()
    answer = pay_with_code(sdk, number, code)
    assert answer["code"] == "10000"
    assert answer["trade_no"]
    assert answer["total_amount"] == "86.50"
    assert sdk.api_alipay_trade_query(out_trade_no=number)["trade_status"] == "TRADE_SUCCESS"


def test_the_same_pay_again_charges_once(
    sdk: AliPay, payment_gateway: RunningGateway, trade_no: NewNo
) -> None:
    buyer = payment_gateway.control.new_buyer(10_000)
    code = payment_gateway.control.payment_code(buyer.buyer_id)
    number = trade_no()
    first = pay_with_code(sdk, number, code)
    second = pay_with_code(sdk, number, code)
    assert first["code"] == second["code"] == "10000"
    assert first["trade_no"] == second["trade_no"]
    assert payment_gateway.control.trade(number)["charges"] == 1  # type: ignore[index]
    assert payment_gateway.control.balance(buyer.buyer_id) == 10_000 - 8650


def test_the_same_trade_number_with_another_amount_is_refused(
    sdk: AliPay, payment_gateway: RunningGateway, trade_no: NewNo
) -> None:
    number = trade_no()
    sdk.api_alipay_trade_precreate(subject="水费", out_trade_no=number, total_amount="86.50")
    again = sdk.api_alipay_trade_precreate(subject="水费", out_trade_no=number, total_amount="1.00")
    assert again["sub_code"] == "ACQ.CONTEXT_INCONSISTENT"
    buyer = payment_gateway.control.new_buyer(10_000)
    paid = trade_no()
    pay_with_code(sdk, paid, payment_gateway.control.payment_code(buyer.buyer_id))
    other = pay_with_code(
        sdk, paid, payment_gateway.control.payment_code(buyer.buyer_id), amount="1.00"
    )
    assert other["sub_code"] == "ACQ.CONTEXT_INCONSISTENT"
    assert payment_gateway.control.trade(paid)["charges"] == 1  # type: ignore[index]


def test_not_enough_balance_is_refused_with_nothing_taken(
    sdk: AliPay, payment_gateway: RunningGateway, trade_no: NewNo
) -> None:
    buyer = payment_gateway.control.new_buyer(500)
    number = trade_no()
    answer = pay_with_code(sdk, number, payment_gateway.control.payment_code(buyer.buyer_id))
    assert answer["code"] == "40004"
    assert answer["sub_code"] == "ACQ.BUYER_BALANCE_NOT_ENOUGH"
    assert payment_gateway.control.balance(buyer.buyer_id) == 500
    assert sdk.api_alipay_trade_query(out_trade_no=number)["sub_code"] == "ACQ.TRADE_NOT_EXIST"


def test_a_code_is_good_once_and_for_a_minute(
    sdk: AliPay, payment_gateway: RunningGateway, trade_no: NewNo
) -> None:
    control = payment_gateway.control
    buyer = control.new_buyer(100_000)
    assert (
        pay_with_code(sdk, trade_no(), "281234567890123456")["sub_code"]
        == "ACQ.PAYMENT_AUTH_CODE_INVALID"
    )
    code = control.payment_code(buyer.buyer_id)
    assert pay_with_code(sdk, trade_no(), code)["code"] == "10000"
    assert pay_with_code(sdk, trade_no(), code)["sub_code"] == "ACQ.PAYMENT_AUTH_CODE_INVALID"
    stale = control.payment_code(buyer.buyer_id)
    control.advance_clock(61)
    assert pay_with_code(sdk, trade_no(), stale)["sub_code"] == "ACQ.PAYMENT_AUTH_CODE_INVALID"
    assert control.balance(buyer.buyer_id) == 100_000 - 8650


def test_the_password_on_the_phone_then_paid(
    sdk: AliPay, payment_gateway: RunningGateway, trade_no: NewNo
) -> None:
    control = payment_gateway.control
    buyer = control.new_buyer(10_000)
    control.fault("alipay.trade.pay", "password")
    number = trade_no()
    answer = pay_with_code(sdk, number, control.payment_code(buyer.buyer_id))
    assert answer["code"] == "10003"
    assert sdk.api_alipay_trade_query(out_trade_no=number)["trade_status"] == "WAIT_BUYER_PAY"
    # the kiosk asking again while the payer types is told the same, nothing taken
    assert pay_with_code(sdk, number, "")["code"] == "10003"
    assert control.balance(buyer.buyer_id) == 10_000
    assert control.confirm_password(number) == "paid"
    assert sdk.api_alipay_trade_query(out_trade_no=number)["trade_status"] == "TRADE_SUCCESS"
    assert control.trade(number)["charges"] == 1  # type: ignore[index]


def test_a_payer_who_always_confirms_is_asked_every_time(
    sdk: AliPay, payment_gateway: RunningGateway, trade_no: NewNo
) -> None:
    control = payment_gateway.control
    careful = control.new_buyer(10_000, asks_password=True)
    number = trade_no()
    assert pay_with_code(sdk, number, control.payment_code(careful.buyer_id))["code"] == "10003"
    cancelled = sdk.api_alipay_trade_cancel(out_trade_no=number)
    assert cancelled["action"] == "close"
    assert control.confirm_password(number) == "closed"
    assert control.balance(careful.buyer_id) == 10_000


def test_cancel_closes_an_unpaid_trade(sdk: AliPay, trade_no: NewNo) -> None:
    number = trade_no()
    sdk.api_alipay_trade_precreate(subject="水费", out_trade_no=number, total_amount="86.50")
    answer = sdk.api_alipay_trade_cancel(out_trade_no=number)
    assert answer["code"] == "10000"
    assert answer["action"] == "close"
    assert answer["retry_flag"] == "N"
    assert sdk.api_alipay_trade_query(out_trade_no=number)["trade_status"] == "TRADE_CLOSED"


def test_cancel_refunds_a_paid_trade(
    sdk: AliPay, payment_gateway: RunningGateway, trade_no: NewNo
) -> None:
    control = payment_gateway.control
    buyer = control.new_buyer(10_000)
    number = trade_no()
    pay_with_code(sdk, number, control.payment_code(buyer.buyer_id))
    answer = sdk.api_alipay_trade_cancel(out_trade_no=number)
    assert answer["action"] == "refund"
    assert control.balance(buyer.buyer_id) == 10_000
    assert sdk.api_alipay_trade_query(out_trade_no=number)["trade_status"] == "TRADE_CLOSED"
    # cancelled again: the same answer, nothing more moves
    assert sdk.api_alipay_trade_cancel(out_trade_no=number)["action"] == "refund"
    assert control.balance(buyer.buyer_id) == 10_000


def test_a_pay_after_the_cancel_of_a_never_seen_number_fails(
    sdk: AliPay, payment_gateway: RunningGateway, trade_no: NewNo
) -> None:
    number = trade_no()
    # the kiosk died before its pay reached the gateway; recovery cancels the number
    assert sdk.api_alipay_trade_cancel(out_trade_no=number)["action"] == "close"
    buyer = payment_gateway.control.new_buyer(10_000)
    late = pay_with_code(sdk, number, payment_gateway.control.payment_code(buyer.buyer_id))
    assert late["sub_code"] == "ACQ.TRADE_HAS_CLOSE"
    assert payment_gateway.control.balance(buyer.buyer_id) == 10_000


def test_a_query_of_a_number_never_seen(sdk: AliPay, trade_no: NewNo) -> None:
    answer = sdk.api_alipay_trade_query(out_trade_no=trade_no())
    assert answer["code"] == "40004"
    assert answer["sub_code"] == "ACQ.TRADE_NOT_EXIST"


def test_the_same_pay_sent_at_once_from_several_threads_charges_once(
    payment_gateway: RunningGateway, trade_no: NewNo
) -> None:
    control = payment_gateway.control
    buyer = control.new_buyer(100_000)
    code = control.payment_code(buyer.buyer_id)
    number = trade_no()
    start = threading.Barrier(4)

    def pay_now() -> str:
        client = sdk_for(payment_gateway)
        start.wait()
        return pay_with_code(client, number, code)["trade_no"]

    with ThreadPoolExecutor(4) as pool:
        trade_nos = set(pool.map(lambda _: pay_now(), range(4)))
    assert len(trade_nos) == 1
    assert control.trade(number)["charges"] == 1  # type: ignore[index]
    assert control.balance(buyer.buyer_id) == 100_000 - 8650


def test_the_log_keeps_no_payment_code(
    sdk: AliPay, payment_gateway: RunningGateway, trade_no: NewNo, caplog: pytest.LogCaptureFixture
) -> None:
    buyer = payment_gateway.control.new_buyer(10_000)
    code = payment_gateway.control.payment_code(buyer.buyer_id)
    number = trade_no()
    with caplog.at_level(logging.DEBUG):
        pay_with_code(sdk, number, code)
    # as the kiosk's log writes them: the message and every field given with it
    lines = "\n".join(KeyValueFormatter().format(record) for record in caplog.records)
    assert number in lines  # the call was logged ...
    assert code not in lines  # ... without what would let anyone pay
    assert buyer.buyer_id not in lines
