"""The faults the kiosk must survive: an answer that comes too late for a call that did
its work, a busy gateway that did nothing."""

from __future__ import annotations

import socket
import time
import urllib.error
from collections.abc import Callable

import pytest

from payment_gateway_sim.embedded import RunningGateway
from tests.payment_gateway.conftest import pay_with_code, sdk_for


def test_a_pay_answered_too_late_is_paid_once(
    payment_gateway: RunningGateway, trade_no: Callable[[], str]
) -> None:
    control = payment_gateway.control
    impatient = sdk_for(payment_gateway, timeout_s=1.0)
    buyer = control.new_buyer(10_000)
    code = control.payment_code(buyer.buyer_id)
    number = trade_no()
    control.fault("alipay.trade.pay", "delay", seconds=4.0)
    with pytest.raises((TimeoutError, socket.timeout, urllib.error.URLError)):
        pay_with_code(impatient, number, code)
    # the kiosk does not know; the gateway does: the query finds it paid (once the
    # gateway got to the request at all, on a loaded machine maybe after the client gave up)
    _wait_for_trade(payment_gateway, number)
    sdk = sdk_for(payment_gateway)
    assert sdk.api_alipay_trade_query(out_trade_no=number)["trade_status"] == "TRADE_SUCCESS"
    again = pay_with_code(sdk, number, code)
    assert again["code"] == "10000"
    assert control.trade(number)["charges"] == 1  # type: ignore[index]
    assert control.balance(buyer.buyer_id) == 10_000 - 8650


def _wait_for_trade(gateway: RunningGateway, number: str) -> None:
    give_up = time.monotonic() + 30.0
    while gateway.control.trade(number) is None:
        assert time.monotonic() < give_up, "the delayed pay never reached the gateway"
        time.sleep(0.05)


def test_a_busy_gateway_does_nothing(
    payment_gateway: RunningGateway, trade_no: Callable[[], str]
) -> None:
    control = payment_gateway.control
    sdk = sdk_for(payment_gateway)
    buyer = control.new_buyer(10_000)
    code = control.payment_code(buyer.buyer_id)
    number = trade_no()
    control.fault("alipay.trade.pay", "busy")
    busy = pay_with_code(sdk, number, code)
    assert busy["code"] == "20000"
    assert control.trade(number) is None
    assert control.balance(buyer.buyer_id) == 10_000
    # the code was not used up: the same pay goes through once the gateway answers
    paid = pay_with_code(sdk, number, code)
    assert paid["code"] == "10000"


def test_a_fault_armed_twice_is_used_twice(
    payment_gateway: RunningGateway, trade_no: Callable[[], str]
) -> None:
    sdk = sdk_for(payment_gateway)
    number = trade_no()
    payment_gateway.control.fault("alipay.trade.query", "busy", times=2)
    codes = [sdk.api_alipay_trade_query(out_trade_no=number)["code"] for _ in range(3)]
    assert codes == ["20000", "20000", "40004"]
