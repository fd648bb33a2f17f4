"""The payment-gateway simulator's own notifies reach the platform and are believed, on
both stores: a trade made with the kiosk's client (python-alipay-sdk) whose notify_url is
the platform's, paid on the payer's phone, then refunded; the platform is started with
the gateway's public key as the demo starts it, answers each notify ``success`` (the
gateway stops resending) and its report follows the trade."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from flows.payment_ports import GatewayStatus, TradeRequest
from payment_gateway_sim.embedded import RunningGateway
from payments.gateway_client import AlipayGateway, GatewaySettings
from platform_sim.server import RunningServer, start_in_thread
from tests.payment_fixtures import payment_gateway  # noqa: F401 (fixture)
from tests.platform.helpers import backoffice

#: how long a notify may take to arrive (the gateway sends on a thread of its own)
NOTIFY_WAIT_S = 30.0


@pytest.fixture(scope="module")
def server(
    store: str,
    payment_gateway: RunningGateway,  # noqa: F811 (the fixture)
) -> Iterator[RunningServer]:
    running = start_in_thread(store, gateway_public_key=payment_gateway.gateway_public_key_path)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def kiosk_gateway(
    server: RunningServer,
    payment_gateway: RunningGateway,  # noqa: F811 (the fixture)
) -> AlipayGateway:
    gw = payment_gateway
    return AlipayGateway(
        GatewaySettings.from_files(
            gw.gateway_url,
            gw.app_id,
            gw.app_private_key_path,
            gw.gateway_public_key_path,
            platform_url=server.url,
        )
    )


def _delivered(gateway: RunningGateway, out_trade_no: str, count: int) -> list[dict[str, Any]]:
    """The trade's notifies once ``count`` of them were answered ``success``: waits for the
    gateway's sending thread, an event, not a time the test asserts."""
    deadline = time.monotonic() + NOTIFY_WAIT_S
    while True:
        sent = gateway.control.notifies(out_trade_no)
        if sum(n["delivered"] for n in sent) >= count or time.monotonic() > deadline:
            return sent
        time.sleep(0.1)


def _seen(api: str, out_trade_no: str) -> dict[str, Any]:
    trades = backoffice().get(f"{api}/backoffice/payments/report", timeout=5).json()["trades"]
    found: dict[str, Any] = next(t for t in trades if t["out_trade_no"] == out_trade_no)
    return found


def test_the_gateways_notifies_of_a_payment_and_its_refund_are_believed(
    api: str,
    kiosk_gateway: AlipayGateway,
    payment_gateway: RunningGateway,  # noqa: F811 (the fixture)
) -> None:
    out_trade_no = f"K01-20261207110000-{uuid.uuid4().hex[:10]}"
    created = kiosk_gateway.precreate(TradeRequest(out_trade_no, 8650, "水费 2026-11"))
    assert created.status is GatewayStatus.WAIT_BUYER_PAY and created.qr_code
    buyer = payment_gateway.control.new_buyer(100_00)
    assert payment_gateway.control.scan(created.qr_code, buyer.buyer_id) == "paid"
    sent = _delivered(payment_gateway, out_trade_no, 1)
    assert [n["delivered"] for n in sent] == [True]
    paid = _seen(api, out_trade_no)
    assert (paid["trade_status"], paid["amount_fen"]) == ("TRADE_SUCCESS", 8650)
    assert paid["trade_no"] == kiosk_gateway.query(out_trade_no).trade_no

    assert kiosk_gateway.refund(out_trade_no, 8650, out_trade_no + "-R", "bill refused")
    sent = _delivered(payment_gateway, out_trade_no, 2)
    assert [n["delivered"] for n in sent] == [True, True]
    assert _seen(api, out_trade_no)["trade_status"] == "TRADE_CLOSED"
