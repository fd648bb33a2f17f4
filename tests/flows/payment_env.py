"""The payment journeys against real peers: the gateway simulator (one per session,
spoken to by the kiosk's own AlipayGateway over HTTP), the kiosk's SQLite trade ledger,
and the platform simulator's utility bills (PlatformUtilityBiller over HTTP). The flow
runs on a ManualLoop whose virtual clock the test moves (the polls, a QR's life); the
scanner and the receipt printer are the device fakes. Import the fixtures into a test
module: ``from tests.flows.payment_env import pay_env, payment_gateway, platform``."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from device_contracts import Completion, ReceiptPrinter
from flows.journey_ports import JourneyPorts
from flows.loop import ManualLoop
from flows.payment_journey_ports import PaymentPorts, PaymentTimes
from flows.payment_ports import TradeState
from flows.utility_payment import UtilityPaymentFlow
from offline_cache.client import PlatformClient
from offline_cache.crypto import PayloadCipher
from offline_cache.utility_bills import PlatformUtilityBiller
from payment_gateway_sim.control_client import Buyer
from payment_gateway_sim.embedded import RunningGateway
from payments.gateway_client import AlipayGateway, GatewaySettings
from payments.trade_ledger import DB_FILE, SqliteTradeLedger
from platform_sim.server import RunningServer, start_in_thread
from tests.fakes.devices import FakeDevices
from tests.fakes.ledger import InMemoryLedger
from tests.fakes.platform import FakePlatform
from tests.payment_fixtures import payment_gateway
from tests.payments.platform_side import terminal_client

__all__ = ["PayEnv", "pay_env", "payment_gateway", "platform"]

TERMINAL = "BJTZ-024"
#: the flows' default period of asking the gateway again
POLL_S = PaymentTimes().poll_every
#: enough for every bill of a test
RICH = 1_000_000


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    running = start_in_thread(tmp_path_factory.mktemp("platform") / "platform.sqlite3")
    yield running
    running.stop()


@dataclass
class PayEnv:
    gateway_sim: RunningGateway
    platform: RunningServer
    client: PlatformClient
    ledger: SqliteTradeLedger
    gateway_timeout_s: float = 5.0
    loop: ManualLoop = field(default_factory=ManualLoop)
    devices: FakeDevices = field(default_factory=FakeDevices)
    #: a real receipt printer in place of the fake's (the ESC/POS adapter on loopback)
    printer: ReceiptPrinter | None = None

    def gateway(self) -> AlipayGateway:
        g = self.gateway_sim
        return AlipayGateway(
            GatewaySettings.from_files(
                g.gateway_url,
                g.app_id,
                g.app_private_key_path,
                g.gateway_public_key_path,
                timeout_s=self.gateway_timeout_s,
            )
        )

    def ports(self) -> JourneyPorts:
        payments = PaymentPorts(
            self.gateway(), self.ledger, PlatformUtilityBiller(self.client), clock=self.loop.clock
        )
        devices = self.devices.device_set()
        if self.printer is not None:
            devices = dataclasses.replace(devices, printer=self.printer)
        return JourneyPorts(
            devices,
            FakePlatform(),
            InMemoryLedger(),
            self.loop,
            TERMINAL,
            payments=payments,
        )

    def utility_flow(self) -> UtilityPaymentFlow:
        return UtilityPaymentFlow(self.ports())

    # ------------------------------------------------------------------ acting
    def until(self, predicate: Callable[[], bool], timeout: float = 20.0) -> None:
        """Drain the loop until ``predicate()``; the gateway and platform answer over HTTP."""
        assert self.loop.run_until(predicate, timeout), "the flow did not get there"

    def polled_until(self, predicate: Callable[[], bool]) -> None:
        """Move the clock on by the poll's period each time the flow has heard the
        gateway, until ``predicate()`` (a QR paid on the phone, a password confirmed)."""

        def moved_on() -> bool:
            if predicate():
                return True
            self.loop.advance(POLL_S)
            return predicate()

        self.until(moved_on)

    def buyer(self, balance_fen: int = RICH, *, asks_password: bool = False) -> Buyer:
        return self.gateway_sim.control.new_buyer(balance_fen, asks_password=asks_password)

    def show_to_scanner(self, text: str) -> None:
        """The scanner reads ``text`` (the listening scan, the newest one the flow began)."""
        pending = self.devices.qr_scanner.scans.pending
        live = [op for op in pending if not op.done() and not op.cancel_requested]
        assert live, "the scanner is not listening"
        live[-1].complete(Completion.success(text))

    def show_payment_code(self, buyer: Buyer) -> None:
        self.show_to_scanner(self.gateway_sim.control.payment_code(buyer.buyer_id))

    def state_of(self, out_trade_no: str | None) -> TradeState:
        assert out_trade_no is not None
        return self.ledger.get(out_trade_no).state

    def charges(self, out_trade_no: str | None) -> int:
        assert out_trade_no is not None
        held = self.gateway_sim.control.trade(out_trade_no)
        return 0 if held is None else int(held["charges"])


@pytest.fixture
def pay_env(
    payment_gateway: RunningGateway, platform: RunningServer, tmp_path: Path
) -> Iterator[PayEnv]:
    client = terminal_client(platform.url)
    ledger = SqliteTradeLedger(tmp_path / DB_FILE, PayloadCipher(os.urandom(32)), TERMINAL)
    yield PayEnv(payment_gateway, platform, client, ledger)
    payment_gateway.control.clear_faults()
    ledger.close()
    client.close()
