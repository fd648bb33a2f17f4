"""The payments package against the running gateway simulator (one per session)."""

from __future__ import annotations

import itertools
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from offline_cache.client import PlatformClient
from offline_cache.crypto import PayloadCipher
from offline_cache.outbox import DB_FILE as OUTBOX_FILE
from offline_cache.outbox import Outbox
from offline_cache.utility_bills import PlatformUtilityBiller
from payment_gateway_sim.embedded import RunningGateway
from payments.case_standing import case_standing
from payments.gateway_client import AlipayGateway, GatewaySettings
from payments.recovery import TradeRecovery
from payments.trade_ledger import DB_FILE as LEDGER_FILE
from payments.trade_ledger import SqliteTradeLedger
from platform_sim.seed import DEMO_TERMINAL_ID
from platform_sim.server import RunningServer, start_in_thread
from tests.payment_fixtures import payment_gateway
from tests.payments.platform_side import terminal_client

__all__ = ["payment_gateway"]

_numbers = itertools.count(1)


def settings_for(running: RunningGateway, *, timeout_s: float = 5.0) -> GatewaySettings:
    return GatewaySettings.from_files(
        running.gateway_url,
        running.app_id,
        running.app_private_key_path,
        running.gateway_public_key_path,
        timeout_s=timeout_s,
    )


def trade_number() -> str:
    """A number no other test of the session uses (the gateway is shared)."""
    return f"KTEST-{secrets.token_hex(4)}-{next(_numbers)}"


@pytest.fixture
def gateway(payment_gateway: RunningGateway) -> Iterator[AlipayGateway]:
    yield AlipayGateway(settings_for(payment_gateway))
    payment_gateway.control.clear_faults()  # a fault left armed would meet another test


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    """The platform simulator (utility bills, cases) for one test module."""
    running = start_in_thread(tmp_path_factory.mktemp("platform") / "platform.sqlite3")
    yield running
    running.stop()


@pytest.fixture
def client(platform: RunningServer) -> Iterator[PlatformClient]:
    c = terminal_client(platform.url)
    yield c
    c.close()


@dataclass
class KioskSide:
    """What a restarted kiosk's recovery stands on: its ledger and outbox (one key), the
    gateway's client and the platform's biller."""

    ledger: SqliteTradeLedger
    outbox: Outbox
    gateway: AlipayGateway
    biller: PlatformUtilityBiller

    def recovery(self, gateway: AlipayGateway | None = None) -> TradeRecovery:
        return TradeRecovery(
            self.ledger,
            gateway or self.gateway,
            self.biller,
            lambda key: case_standing(self.outbox, key),
        )


@pytest.fixture
def kiosk(tmp_path: Path, gateway: AlipayGateway, client: PlatformClient) -> Iterator[KioskSide]:
    cipher = PayloadCipher(os.urandom(32))
    side = KioskSide(
        SqliteTradeLedger(tmp_path / LEDGER_FILE, cipher, DEMO_TERMINAL_ID),
        Outbox(tmp_path / OUTBOX_FILE, cipher, DEMO_TERMINAL_ID),
        gateway,
        PlatformUtilityBiller(client),
    )
    yield side
    side.ledger.close()
    side.outbox.close()
