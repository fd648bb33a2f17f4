"""The gateway simulator driven by the real python-alipay-sdk, as the kiosk drives it."""

from __future__ import annotations

import itertools
import secrets
from collections.abc import Callable

import pytest
from alipay import AliPay
from alipay.utils import AliPayConfig

from payment_gateway_sim.embedded import RunningGateway
from tests.payment_fixtures import payment_gateway  # noqa: F401 (fixture)


def sdk_for(
    gateway: RunningGateway, *, timeout_s: float = 10.0, notify_url: str | None = None
) -> AliPay:
    """The SDK as the kiosk's client sets it up: the app's key, the gateway's public key,
    the gateway's URL in place of Alipay's."""
    client = AliPay(
        appid=gateway.app_id,
        app_notify_url=notify_url,
        app_private_key_string=gateway.app_private_key_path.read_text(),
        alipay_public_key_string=gateway.gateway_public_key_path.read_text(),
        sign_type="RSA2",
        config=AliPayConfig(timeout=timeout_s),
    )
    client._gateway = gateway.gateway_url
    return client


def pay_with_code(sdk: AliPay, number: str, code: str, amount: str = "86.50") -> dict[str, str]:
    """alipay.trade.pay as the kiosk sends it for a payment code held to its scanner."""
    answer = sdk.api_alipay_trade_pay(
        out_trade_no=number,
        scene="bar_code",
        auth_code=code,
        subject="水费 2026-11",
        total_amount=amount,
    )
    return dict(answer)


@pytest.fixture
def sdk(payment_gateway: RunningGateway) -> AliPay:  # noqa: F811 (the imported fixture)
    return sdk_for(payment_gateway)


_serial = itertools.count(1)


@pytest.fixture
def trade_no() -> Callable[[], str]:
    """A fresh out_trade_no per call, unique across the session's shared gateway."""
    run = secrets.token_hex(3)
    return lambda: f"KTEST-{run}-{next(_serial):04d}"
