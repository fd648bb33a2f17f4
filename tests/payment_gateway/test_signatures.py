"""Signatures both ways: the gateway believes only requests signed with the registered
app key, and the SDK believes only answers signed with the gateway's key."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Callable

import pytest
from alipay import AliPay
from alipay.exceptions import AliPayException, AliPayValidationError
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from payment_gateway_sim.embedded import RunningGateway
from tests.payment_gateway.conftest import sdk_for


def _other_key_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def test_an_answer_verifies_with_the_gateways_public_key(
    sdk: AliPay, trade_no: Callable[[], str]
) -> None:
    # the SDK raises AliPayValidationError on a bad signature: a plain answer means it checked
    answer = sdk.api_alipay_trade_query(out_trade_no=trade_no())
    assert answer["code"] == "40004"
    assert answer["sub_code"] == "ACQ.TRADE_NOT_EXIST"


def test_a_request_signed_with_another_key_is_refused(
    payment_gateway: RunningGateway, trade_no: Callable[[], str]
) -> None:
    impostor = AliPay(
        appid=payment_gateway.app_id,
        app_private_key_string=_other_key_pem(),
        alipay_public_key_string=payment_gateway.gateway_public_key_path.read_text(),
    )
    impostor._gateway = payment_gateway.gateway_url
    number = trade_no()
    with pytest.raises(AliPayException) as refused:
        impostor.api_alipay_trade_precreate(
            subject="水费", out_trade_no=number, total_amount="1.00"
        )
    assert "isv.invalid-signature" in str(refused.value)
    assert payment_gateway.control.trade(number) is None


def test_an_unknown_app_id_is_refused(payment_gateway: RunningGateway) -> None:
    stranger = AliPay(
        appid="2026999999999999",
        app_private_key_string=payment_gateway.app_private_key_path.read_text(),
        alipay_public_key_string=payment_gateway.gateway_public_key_path.read_text(),
    )
    stranger._gateway = payment_gateway.gateway_url
    with pytest.raises(AliPayException) as refused:
        stranger.api_alipay_trade_query(out_trade_no="K-anything")
    assert "isv.invalid-app-id" in str(refused.value)


def test_a_stale_timestamp_is_refused(sdk: AliPay, payment_gateway: RunningGateway) -> None:
    data = sdk.build_body("alipay.trade.query", {"out_trade_no": "K-stale"})
    data["timestamp"] = "2020-01-01 00:00:00"
    url = payment_gateway.gateway_url + "?" + sdk.sign_data(data)
    with urllib.request.urlopen(url, timeout=10) as answer:
        body = json.loads(answer.read())
    assert "sign" not in body
    assert body["alipay_trade_query_response"]["sub_code"] == "isv.invalid-timestamp"


def test_the_sdk_refuses_an_answer_whose_signature_is_broken(
    payment_gateway: RunningGateway, trade_no: Callable[[], str]
) -> None:
    sdk = sdk_for(payment_gateway)
    number = trade_no()
    payment_gateway.control.fault("alipay.trade.precreate", "bad_sign")
    with pytest.raises(AliPayValidationError):
        sdk.api_alipay_trade_precreate(subject="水费", out_trade_no=number, total_amount="1.00")
    # the work was done all the same: the same precreate again gets the same QR, signed
    again = sdk.api_alipay_trade_precreate(subject="水费", out_trade_no=number, total_amount="1.00")
    assert again["code"] == "10000"
    assert again["qr_code"].startswith("https://qr.alipay.com/")
