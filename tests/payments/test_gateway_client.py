"""AlipayGateway (python-alipay-sdk) against the gateway simulator: each answer read as
the flows' GatewayAnswer, and every unknown result raised as GatewayUnreachable."""

from __future__ import annotations

import dataclasses
import logging
import socket

import pytest

from flows.payment_ports import (
    CancelOutcome,
    GatewayAnswer,
    GatewayStatus,
    GatewayUnreachable,
    TradeRequest,
)
from payment_gateway_sim.embedded import RunningGateway
from payments.gateway_client import AlipayGateway, GatewayNotBelieved
from tests.payments.conftest import settings_for, trade_number

BILL = 8650


def _trade(amount: int = BILL) -> TradeRequest:
    return TradeRequest(trade_number(), amount, "水费 2026-11")


def _pay_by_code(
    gateway: AlipayGateway,
    running: RunningGateway,
    trade: TradeRequest,
    *,
    balance: int = 100_000,
    asks_password: bool = False,
) -> tuple[GatewayAnswer, str]:
    """A new payer shows a fresh payment code for ``trade``: the answer, the payer's id."""
    buyer = running.control.new_buyer(balance, asks_password=asks_password)
    code = running.control.payment_code(buyer.buyer_id)
    return gateway.pay_with_code(trade, code), buyer.buyer_id


def test_a_trade_never_sent_is_not_there(gateway: AlipayGateway) -> None:
    assert gateway.query(trade_number()).status is GatewayStatus.NOT_EXIST


def test_a_qr_scanned_and_paid(gateway: AlipayGateway, payment_gateway: RunningGateway) -> None:
    trade = _trade()
    shown = gateway.precreate(trade)
    assert shown.status is GatewayStatus.WAIT_BUYER_PAY
    assert shown.qr_code
    assert gateway.query(trade.out_trade_no).status is GatewayStatus.WAIT_BUYER_PAY
    buyer = payment_gateway.control.new_buyer(100_000)
    assert payment_gateway.control.scan(shown.qr_code, buyer.buyer_id) == "paid"
    paid = gateway.query(trade.out_trade_no)
    assert paid.status is GatewayStatus.SUCCESS
    assert paid.paid_fen == BILL
    assert paid.trade_no


def test_a_payment_code_pays_once_however_often_sent(
    gateway: AlipayGateway, payment_gateway: RunningGateway
) -> None:
    control = payment_gateway.control
    buyer = control.new_buyer(100_000)
    trade = _trade()
    code = control.payment_code(buyer.buyer_id)
    first = gateway.pay_with_code(trade, code)
    again = gateway.pay_with_code(trade, code)
    assert first.status is again.status is GatewayStatus.SUCCESS
    assert first.trade_no == again.trade_no
    assert first.paid_fen == BILL
    held = control.trade(trade.out_trade_no)
    assert held is not None and held["charges"] == 1
    assert control.balance(buyer.buyer_id) == 100_000 - BILL


def test_timeout_then_the_late_success_is_found_by_a_query(
    payment_gateway: RunningGateway, caplog: pytest.LogCaptureFixture
) -> None:
    impatient = AlipayGateway(settings_for(payment_gateway, timeout_s=0.5))
    control = payment_gateway.control
    buyer = control.new_buyer(100_000)
    trade = _trade()
    code = control.payment_code(buyer.buyer_id)
    control.fault("alipay.trade.pay", "delay", seconds=3)  # the pay commits, then answers late
    try:
        with caplog.at_level(logging.DEBUG), pytest.raises(GatewayUnreachable, match="no answer"):
            impatient.pay_with_code(trade, code)
    finally:
        control.clear_faults()
    found = impatient.query(trade.out_trade_no)
    assert found.status is GatewayStatus.SUCCESS
    assert found.paid_fen == BILL
    assert code not in caplog.text  # the payment code is never logged


def test_user_paying_until_the_payer_confirms(
    gateway: AlipayGateway, payment_gateway: RunningGateway
) -> None:
    control = payment_gateway.control
    trade = _trade()
    asked, _payer = _pay_by_code(gateway, payment_gateway, trade, asks_password=True)
    assert asked.status is GatewayStatus.USER_PAYING
    assert gateway.query(trade.out_trade_no).status is GatewayStatus.WAIT_BUYER_PAY
    assert control.confirm_password(trade.out_trade_no) == "paid"
    assert gateway.query(trade.out_trade_no).status is GatewayStatus.SUCCESS


def test_user_paying_cancelled_closes_the_trade(
    gateway: AlipayGateway, payment_gateway: RunningGateway
) -> None:
    trade = _trade()
    _asked, payer = _pay_by_code(gateway, payment_gateway, trade, asks_password=True)
    assert gateway.cancel(trade.out_trade_no) is CancelOutcome.CLOSED
    assert gateway.query(trade.out_trade_no).status is GatewayStatus.CLOSED
    assert payment_gateway.control.balance(payer) == 100_000


def test_insufficient_balance_is_a_failure_with_its_reason(
    gateway: AlipayGateway, payment_gateway: RunningGateway
) -> None:
    refused, _payer = _pay_by_code(gateway, payment_gateway, _trade(), balance=100)
    assert refused.status is GatewayStatus.FAILED
    assert refused.sub_code == "ACQ.BUYER_BALANCE_NOT_ENOUGH"


def test_an_unknown_payment_code_is_refused(gateway: AlipayGateway) -> None:
    refused = gateway.pay_with_code(_trade(), "280000000000000000")
    assert refused.status is GatewayStatus.FAILED
    assert refused.sub_code == "ACQ.PAYMENT_AUTH_CODE_INVALID"


def test_an_expired_qr_closes_the_trade(
    gateway: AlipayGateway, payment_gateway: RunningGateway
) -> None:
    trade = _trade()
    shown = gateway.precreate(trade)
    assert shown.qr_code
    payment_gateway.control.advance_clock(121)  # past qr_code_timeout_express (2m)
    assert gateway.query(trade.out_trade_no).status is GatewayStatus.CLOSED
    late = payment_gateway.control.new_buyer(100_000)
    assert payment_gateway.control.scan(shown.qr_code, late.buyer_id) != "paid"


def test_a_number_cancelled_before_the_gateway_saw_it_cannot_be_paid_later(
    gateway: AlipayGateway, payment_gateway: RunningGateway
) -> None:
    trade = _trade()
    assert gateway.cancel(trade.out_trade_no) is CancelOutcome.CLOSED
    late, payer = _pay_by_code(gateway, payment_gateway, trade)
    assert late.status is GatewayStatus.FAILED
    assert payment_gateway.control.balance(payer) == 100_000


def test_a_paid_trade_cancelled_is_refunded(
    gateway: AlipayGateway, payment_gateway: RunningGateway
) -> None:
    trade = _trade()
    _paid, payer = _pay_by_code(gateway, payment_gateway, trade)
    assert gateway.cancel(trade.out_trade_no) is CancelOutcome.REFUNDED
    assert payment_gateway.control.balance(payer) == 100_000


def test_a_refund_sent_twice_refunds_once(
    gateway: AlipayGateway, payment_gateway: RunningGateway
) -> None:
    trade = _trade()
    _paid, payer = _pay_by_code(gateway, payment_gateway, trade)
    number = trade.out_trade_no + "-R"
    assert gateway.refund(trade.out_trade_no, BILL, number, "test")
    assert gateway.refund(trade.out_trade_no, BILL, number, "test")
    assert payment_gateway.control.balance(payer) == 100_000
    assert gateway.query(trade.out_trade_no).status is GatewayStatus.CLOSED


def test_service_busy_leaves_the_result_unknown(
    gateway: AlipayGateway, payment_gateway: RunningGateway
) -> None:
    payment_gateway.control.fault("alipay.trade.precreate", "busy")
    with pytest.raises(GatewayUnreachable, match="20000"):
        gateway.precreate(_trade())


def test_a_bad_answer_signature_is_not_believed(
    gateway: AlipayGateway, payment_gateway: RunningGateway
) -> None:
    trade = _trade()
    payment_gateway.control.fault("alipay.trade.pay", "bad_sign")
    with pytest.raises(GatewayNotBelieved):
        _pay_by_code(gateway, payment_gateway, trade)
    # not believed is not "not paid": the query says what happened
    assert gateway.query(trade.out_trade_no).status is GatewayStatus.SUCCESS


def test_answers_signed_by_another_key_are_not_believed(
    payment_gateway: RunningGateway,
) -> None:
    ours = settings_for(payment_gateway)
    # the app's own public key stands in for a gateway key that did not sign the answer
    wrong = dataclasses.replace(
        ours, gateway_public_key=payment_gateway.app_public_key_path.read_text()
    )
    with pytest.raises(GatewayNotBelieved):
        AlipayGateway(wrong).query(trade_number())


def test_no_gateway_listening_is_unreachable(payment_gateway: RunningGateway) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    nowhere = dataclasses.replace(
        settings_for(payment_gateway), url=f"http://127.0.0.1:{port}/gateway.do"
    )
    with pytest.raises(GatewayUnreachable):
        AlipayGateway(nowhere).query(trade_number())


def test_settings_keep_the_keys_out_of_their_repr(payment_gateway: RunningGateway) -> None:
    assert "PRIVATE" not in repr(settings_for(payment_gateway))
