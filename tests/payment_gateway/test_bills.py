"""The day's bill: the download link the SDK gets, the zipped GBK CSV behind it, and the
rows a test injects for the reconciliation to catch. A gateway of its own: an injected
row must not reach another test's bill."""

from __future__ import annotations

import csv
import io
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from alipay import AliPay

from payment_gateway_sim.embedded import RunningGateway, start_in_thread
from tests.payment_gateway.conftest import pay_with_code, sdk_for


@pytest.fixture(scope="module")
def own_gateway(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningGateway]:
    gateway = start_in_thread(tmp_path_factory.mktemp("bill-gateway") / "keys")
    yield gateway
    gateway.stop()


def _bill_url(sdk: AliPay, day: str) -> dict[str, str]:
    return dict(
        sdk.server_api(
            "alipay.data.dataservice.bill.downloadurl.query",
            {"bill_type": "trade", "bill_date": day},
        )
    )


def _rows(url: str) -> tuple[list[str], list[dict[str, str]]]:
    with urllib.request.urlopen(url, timeout=10) as answer:
        archive = zipfile.ZipFile(io.BytesIO(answer.read()))
    (name,) = archive.namelist()
    assert name.endswith("_业务明细.csv")
    lines = archive.read(name).decode("gbk").splitlines()
    comments = [line for line in lines if line.startswith("#")]
    table = [line for line in lines if not line.startswith("#")]
    return comments, list(csv.DictReader(table))


def test_the_days_bill_has_each_payment_and_refund(
    own_gateway: RunningGateway, trade_no: Callable[[], str]
) -> None:
    control = own_gateway.control
    sdk = sdk_for(own_gateway)
    day = control.advance_clock(0)[:10]
    buyer = control.new_buyer(100_000)
    paid, refunded = trade_no(), trade_no()
    for number, amount in ((paid, "86.50"), (refunded, "123.45")):
        pay_with_code(sdk, number, control.payment_code(buyer.buyer_id), amount)
    sdk.api_alipay_trade_refund(
        refund_amount="123.45", out_trade_no=refunded, out_request_no=refunded + "-R"
    )
    answer = _bill_url(sdk, day)
    assert answer["code"] == "10000"
    comments, rows = _rows(answer["bill_download_url"])
    assert comments[0] == "#支付宝业务明细查询"
    seen = [
        (r["商户订单号"], r["业务类型"], r["商家实收（元）"], r["退款批次号/请求号"]) for r in rows
    ]
    assert seen == [
        (paid, "交易", "86.50", ""),
        (refunded, "交易", "123.45", ""),
        (refunded, "退款", "-123.45", refunded + "-R"),
    ]
    assert all(r["支付宝交易号"] for r in rows)


def test_an_injected_row_and_an_altered_amount_show_in_the_bill(
    own_gateway: RunningGateway, trade_no: Callable[[], str]
) -> None:
    control = own_gateway.control
    sdk = sdk_for(own_gateway)
    day = control.advance_clock(0)[:10]
    buyer = control.new_buyer(100_000)
    number, stranger = trade_no(), trade_no()
    pay_with_code(sdk, number, control.payment_code(buyer.buyer_id), "12.34")
    control.edit_bill(day, "alter", number, 1300)
    control.edit_bill(day, "extra", stranger, 500)
    _comments, rows = _rows(_bill_url(sdk, day)["bill_download_url"])
    by_number = {(r["商户订单号"], r["业务类型"]): r for r in rows}
    assert by_number[(number, "交易")]["商家实收（元）"] == "13.00"
    assert by_number[(stranger, "交易")]["订单金额（元）"] == "5.00"
    # the trade itself is untouched: only the bill says otherwise
    assert control.trade(number)["total_fen"] == 1234  # type: ignore[index]


def test_no_bill_for_a_day_to_come_and_no_file_without_its_token(
    own_gateway: RunningGateway,
) -> None:
    sdk = sdk_for(own_gateway)
    assert _bill_url(sdk, "2999-01-01")["sub_code"] == "isp.bill_not_exist"
    url = _bill_url(sdk, "2026-01-01")["bill_download_url"]
    forged = url.rsplit("token=", 1)[0] + "token=" + "0" * 32
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(forged, timeout=10)
    assert refused.value.code == 403


def test_the_store_and_keys_outlive_a_restart(tmp_path: Path, trade_no: Callable[[], str]) -> None:
    first = start_in_thread(tmp_path / "keys")
    number = trade_no()
    try:
        sdk_for(first).api_alipay_trade_precreate(
            subject="水费", out_trade_no=number, total_amount="1.00"
        )
    finally:
        first.stop()
    second = start_in_thread(tmp_path / "keys")
    try:
        # the kiosk's SDK set up with the first run's key files still believes the second
        sdk = sdk_for(second)
        assert sdk.api_alipay_trade_query(out_trade_no=number)["trade_status"] == "WAIT_BUYER_PAY"
    finally:
        second.stop()
