"""The kiosk paying one utility bill, headless, killed with SIGKILL at a named step (for
``test_payment_kill9``).

It runs engineer F's 便民缴费 flow (``flows/utility_payment.py``) on a ManualLoop with
the device fakes (the scanner, the receipt printer), against the real gateway simulator
(through the kiosk's own AlipayGateway over HTTP), its trade ledger in the data dir
(sealed with the data dir's demo key) and the platform simulator's utility bills. The
ports are wrapped so that the process kills itself right after the step named by
``kill_at`` returned: nothing after it is written, as when the power goes.

argv[1]: a JSON plan: gateway (url, base, app_id, key paths), platform url, data dir,
the bill's utility and account, the method (qr | code), kill_at.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import sys
from pathlib import Path
from typing import Any

from device_contracts import Completion
from flows.journey_ports import JourneyPorts
from flows.loop import ManualLoop
from flows.payment_journey_ports import PaymentPorts, PaymentTimes
from flows.payment_ports import (
    BillDue,
    CancelOutcome,
    GatewayAnswer,
    GatewayStatus,
    PayMethod,
    SettleOutcome,
    TradePurpose,
    TradeRecord,
    TradeRequest,
    TradeState,
    Utility,
)
from flows.utility_payment import UtilityPaymentFlow, UtilityPaymentState
from offline_cache.client import PlatformClient
from offline_cache.utility_bills import PlatformUtilityBiller
from payment_gateway_sim.control_client import GatewayControl
from payments.gateway_client import AlipayGateway, GatewaySettings
from payments.trade_ledger import SqliteTradeLedger
from platform_sim.seed import DEMO_TERMINAL_ID, DEMO_TERMINAL_TOKEN
from tests.fakes.devices import FakeDevices
from tests.fakes.ledger import InMemoryLedger
from tests.fakes.platform import FakePlatform

S = UtilityPaymentState


class Killer:
    def __init__(self, point: str) -> None:
        self.point = point

    def at(self, step: str) -> None:
        if step == self.point:
            print(f"killed at {step}", flush=True)
            os.kill(os.getpid(), signal.SIGKILL)


class KillingLedger(SqliteTradeLedger):
    killer = Killer("")

    def open_trade(
        self, purpose: TradePurpose, reference: str, amount_fen: int, method: PayMethod
    ) -> TradeRecord:
        record = super().open_trade(purpose, reference, amount_fen, method)
        self.killer.at("ledger-created")
        return record

    def advance(
        self, out_trade_no: str, state: TradeState, trade_no: str | None = None
    ) -> TradeRecord:
        record = super().advance(out_trade_no, state, trade_no)
        self.killer.at(f"ledger-{state.value}")
        return record


class KillingGateway:
    """The kiosk's gateway client; dies once the gateway has answered a named call."""

    def __init__(self, inner: AlipayGateway, killer: Killer) -> None:
        self._inner, self._killer = inner, killer

    def precreate(self, trade: TradeRequest) -> GatewayAnswer:
        answer = self._inner.precreate(trade)
        self._killer.at("gateway-answered")
        return answer

    def pay_with_code(self, trade: TradeRequest, auth_code: str) -> GatewayAnswer:
        answer = self._inner.pay_with_code(trade, auth_code)
        self._killer.at("gateway-answered")
        return answer

    def query(self, out_trade_no: str) -> GatewayAnswer:
        answer = self._inner.query(out_trade_no)
        if answer.status is GatewayStatus.SUCCESS:
            self._killer.at("paid-seen")
        return answer

    def cancel(self, out_trade_no: str) -> CancelOutcome:
        return self._inner.cancel(out_trade_no)

    def refund(self, out_trade_no: str, amount_fen: int, out_request_no: str, reason: str) -> bool:
        return self._inner.refund(out_trade_no, amount_fen, out_request_no, reason)


class KillingBiller:
    def __init__(self, inner: PlatformUtilityBiller, killer: Killer) -> None:
        self._inner, self._killer = inner, killer

    def find_bill(self, utility: Utility, account: str) -> BillDue | None:
        return self._inner.find_bill(utility, account)

    def settle_bill(self, bill_id: str, out_trade_no: str, amount_fen: int) -> SettleOutcome:
        outcome = self._inner.settle_bill(bill_id, out_trade_no, amount_fen)
        self._killer.at("settle-answered")
        return outcome


def main(plan: dict[str, Any]) -> None:
    # every log line of the kiosk's code to stderr, where the parent looks for payment codes
    logging.basicConfig(level=logging.DEBUG, stream=sys.stderr)
    killer = Killer(plan["kill_at"])
    KillingLedger.killer = killer
    ledger = KillingLedger.open(Path(plan["data_dir"]) / "outbox", DEMO_TERMINAL_ID)
    gateway = KillingGateway(
        AlipayGateway(
            GatewaySettings.from_files(
                plan["gateway_url"],
                plan["app_id"],
                Path(plan["app_private_key"]),
                Path(plan["gateway_public_key"]),
            )
        ),
        killer,
    )
    client = PlatformClient(plan["platform_url"], DEMO_TERMINAL_TOKEN, 5.0, retries=0)
    biller = KillingBiller(PlatformUtilityBiller(client), killer)
    loop, devices = ManualLoop(), FakeDevices()
    ports = JourneyPorts(
        devices.device_set(),
        FakePlatform(),
        InMemoryLedger(),
        loop,
        DEMO_TERMINAL_ID,
        payments=PaymentPorts(gateway, ledger, biller, clock=loop.clock),
    )
    phone = GatewayControl(plan["gateway_base"])
    payer = phone.new_buyer(1_000_000)
    flow = UtilityPaymentFlow(ports)

    def until(done: Any) -> None:
        assert loop.run_until(done, 60.0), f"stuck in {flow.state}"

    flow.start()
    flow.choose_utility(plan["utility"])
    flow.enter_account(plan["account"])
    until(lambda: flow.state is S.SHOWING_BILL)
    flow.pay()
    flow.choose_method(plan["method"])
    if plan["method"] == "qr":
        until(lambda: flow.state is S.SHOWING_QR)
        qr = flow.session.payment.qr_code
        assert qr is not None and phone.scan(qr, payer.buyer_id) == "paid"

        def polled() -> bool:
            if flow.state is not S.DONE:
                loop.advance(PaymentTimes().poll_every)
            return flow.state is S.DONE

        until(polled)
    else:
        until(lambda: flow.state is S.WAITING_CODE)
        pending = devices.qr_scanner.scans.pending
        scans = [op for op in pending if not op.done() and not op.cancel_requested]
        code = phone.payment_code(payer.buyer_id)
        print(f"payment code shown: {code}", flush=True)  # for the parent's search, not a log
        scans[-1].complete(Completion.success(code))
        until(lambda: flow.state is S.DONE)
    assert devices.printer.printed, "no receipt"
    killer.at("done")
    print("not killed: the journey ended", flush=True)


if __name__ == "__main__":
    main(json.loads(sys.argv[1]))
