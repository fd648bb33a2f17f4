"""alipay.trade.refund: idempotent by out_request_no, never more than was paid."""

from __future__ import annotations

from collections.abc import Callable

from alipay import AliPay

from payment_gateway_sim.embedded import RunningGateway
from tests.payment_gateway.conftest import pay_with_code


def _paid(sdk: AliPay, gateway: RunningGateway, number: str, balance_fen: int = 10_000) -> str:
    buyer = gateway.control.new_buyer(balance_fen)
    answer = pay_with_code(sdk, number, gateway.control.payment_code(buyer.buyer_id), "50.00")
    assert answer["code"] == "10000"
    return buyer.buyer_id


def test_the_same_refund_request_moves_money_once(
    sdk: AliPay, payment_gateway: RunningGateway, trade_no: Callable[[], str]
) -> None:
    number = trade_no()
    buyer = _paid(sdk, payment_gateway, number)
    first = sdk.api_alipay_trade_refund(
        refund_amount="50.00", out_trade_no=number, out_request_no=number + "-R"
    )
    again = sdk.api_alipay_trade_refund(
        refund_amount="50.00", out_trade_no=number, out_request_no=number + "-R"
    )
    assert (first["code"], first["fund_change"]) == ("10000", "Y")
    assert (again["code"], again["fund_change"]) == ("10000", "N")
    assert again["refund_fee"] == "50.00"
    assert payment_gateway.control.balance(buyer) == 10_000
    assert sdk.api_alipay_trade_query(out_trade_no=number)["trade_status"] == "TRADE_CLOSED"


def test_part_refunds_add_up_to_the_trade_and_no_further(
    sdk: AliPay, payment_gateway: RunningGateway, trade_no: Callable[[], str]
) -> None:
    number = trade_no()
    buyer = _paid(sdk, payment_gateway, number)
    part = sdk.api_alipay_trade_refund(
        refund_amount="20.00", out_trade_no=number, out_request_no="r1"
    )
    assert part["refund_fee"] == "20.00"
    assert sdk.api_alipay_trade_query(out_trade_no=number)["trade_status"] == "TRADE_SUCCESS"
    too_much = sdk.api_alipay_trade_refund(
        refund_amount="30.01", out_trade_no=number, out_request_no="r2"
    )
    assert too_much["sub_code"] == "ACQ.REFUND_AMT_NOT_EQUAL_TOTAL"
    rest = sdk.api_alipay_trade_refund(
        refund_amount="30.00", out_trade_no=number, out_request_no="r2"
    )
    assert rest["refund_fee"] == "50.00"
    assert payment_gateway.control.balance(buyer) == 10_000
    assert payment_gateway.control.trade(number)["refunded_fen"] == 5000  # type: ignore[index]


def test_an_unpaid_or_unknown_trade_cannot_be_refunded(
    sdk: AliPay, trade_no: Callable[[], str]
) -> None:
    unpaid = trade_no()
    sdk.api_alipay_trade_precreate(subject="水费", out_trade_no=unpaid, total_amount="1.00")
    refused = sdk.api_alipay_trade_refund(
        refund_amount="1.00", out_trade_no=unpaid, out_request_no="r"
    )
    assert refused["sub_code"] == "ACQ.TRADE_STATUS_ERROR"
    unknown = sdk.api_alipay_trade_refund(refund_amount="1.00", out_trade_no=trade_no())
    assert unknown["sub_code"] == "ACQ.TRADE_NOT_EXIST"
