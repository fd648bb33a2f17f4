"""kill -9 of the kiosk at every step of paying a utility bill, both ways of paying
(the QR the phone scans, the payment code the scanner reads), then the restarted
kiosk's recovery (``kiosk payments recover``): no payer charged twice, no money taken
that is not on a settled bill or sent back, every trade settled.

Each scenario is one child process (``payment_crash_child``) paying a bill of its own
through F's 便民缴费 flow against the real gateway simulator and platform simulator; it
kills itself with SIGKILL right after the named step returned. All of them share one
data dir (one ledger), as one kiosk killed again and again; then one recovery pass runs,
as the kiosk's next start would, and the gateway's and the platform's records are
counted. One scenario more has the bill written off while the kiosk was down: its
payment must come back.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from flows.payment_ports import SettleOutcome, TradeState
from offline_cache.utility_bills import PlatformUtilityBiller
from payment_gateway_sim.embedded import RunningGateway
from payments.trade_ledger import SqliteTradeLedger
from platform_sim.seed import DEMO_TERMINAL_ID
from platform_sim.server import RunningServer, start_in_thread
from tests.payment_fixtures import payment_gateway
from tests.payments.platform_side import close_bill, issue_bill, terminal_client

__all__ = ["payment_gateway"]

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "assets" / "site" / "demo.toml"
C, P, D = TradeState.CANCELLED, TradeState.COMPLETED, TradeState.REFUNDED


@dataclass(frozen=True)
class Scenario:
    method: str
    kill_at: str
    #: the trade's state after the recovery
    expected: TradeState
    #: the back office writes the bill off while the kiosk is down
    bill_closed: bool = False

    @property
    def name(self) -> str:
        return f"{self.method}@{self.kill_at}" + ("+bill-closed" if self.bill_closed else "")


SCENARIOS = (
    Scenario("qr", "ledger-created", C),  # the number written, nothing sent
    Scenario("qr", "ledger-sent", C),  # about to send the precreate
    Scenario("qr", "gateway-answered", C),  # the QR made, never shown
    Scenario("qr", "paid-seen", P),  # the phone paid, the kiosk saw it, wrote nothing
    Scenario("qr", "ledger-paid", P),
    Scenario("qr", "settle-answered", P),  # the platform settled, COMPLETED not written
    Scenario("qr", "ledger-completed", P),  # before the receipt
    Scenario("qr", "done", P),  # after the receipt
    Scenario("code", "ledger-created", C),
    Scenario("code", "ledger-sent", C),  # about to send the pay: the code never used
    Scenario("code", "gateway-answered", P),  # paid, the answer not acted on
    Scenario("code", "ledger-paid", P),
    Scenario("code", "settle-answered", P),
    Scenario("code", "ledger-completed", P),
    Scenario("code", "done", P),
    Scenario("qr", "ledger-paid", D, bill_closed=True),  # refused once back: refunded
)


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    running = start_in_thread(tmp_path_factory.mktemp("platform") / "platform.sqlite3")
    yield running
    running.stop()


def _site(tmp: Path, gateway: RunningGateway, platform: RunningServer) -> Path:
    """The demo site pointed at these simulators, as a restarted kiosk reads it."""
    text = SITE.read_text(encoding="utf-8")
    text = text.replace('url = ""', f'url = "{platform.url}"', 1)
    head, tail = text.split("[payments]", 1)
    named = (
        f'gateway_url = "{gateway.gateway_url}"\napp_id = "{gateway.app_id}"\n'
        f'app_private_key = "{gateway.app_private_key_path}"\n'
        f'gateway_public_key = "{gateway.gateway_public_key_path}"\n'
    )
    path = tmp / "site.toml"
    path.write_text(head + "[payments]\n" + named + tail.split("\n", 2)[2], encoding="utf-8")
    return path


def _run_child(plan: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tests.reliability.payment_crash_child", json.dumps(plan)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


#: 16 children and a recovery: ~20 s on a quiet machine, minutes on a loaded one
@pytest.mark.timeout(900)
def test_kill9_at_every_payment_step(
    tmp_path: Path, payment_gateway: RunningGateway, platform: RunningServer
) -> None:
    data = tmp_path / "data"
    bills: dict[str, str] = {}  # scenario -> bill id
    codes: list[str] = []  # the payment codes the children showed to the scanner
    logs: list[str] = []
    for scenario in SCENARIOS:
        bill = issue_bill(platform.url, 1000 + len(bills))
        bills[scenario.name] = bill.bill_id
        plan = {
            "gateway_url": payment_gateway.gateway_url,
            "gateway_base": payment_gateway.url,
            "app_id": payment_gateway.app_id,
            "app_private_key": str(payment_gateway.app_private_key_path),
            "gateway_public_key": str(payment_gateway.gateway_public_key_path),
            "platform_url": platform.url,
            "data_dir": str(data),
            "utility": bill.utility.value,
            "account": bill.account,
            "method": scenario.method,
            "kill_at": scenario.kill_at,
        }
        done = _run_child(plan)
        assert done.returncode == -9, f"{scenario.name}: {done.stdout}\n{done.stderr[-3000:]}"
        assert f"killed at {scenario.kill_at}" in done.stdout
        codes += [line.split(": ")[1] for line in done.stdout.splitlines() if "code shown" in line]
        logs.append(done.stderr)
        if scenario.bill_closed:
            close_bill(platform.url, bill.bill_id)

    # the kiosk starts again: its recovery pass over everything the kills left
    recover = subprocess.run(
        [
            sys.executable,
            "-m",
            "kiosk.cli",
            "payments",
            "recover",
            "--all",
            "--config",
            str(_site(tmp_path, payment_gateway, platform)),
            "--data-dir",
            str(data),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    print(recover.stdout)
    assert recover.returncode == 0, recover.stderr[-3000:]

    ledger = SqliteTradeLedger.open(data / "outbox", DEMO_TERMINAL_ID)
    client = terminal_client(platform.url)
    biller = PlatformUtilityBiller(client)
    control = payment_gateway.control
    try:
        trades = ledger.recent(1000)
        by_bill: dict[str, list[str]] = {}
        for trade in trades:
            by_bill.setdefault(trade.reference, []).append(trade.out_trade_no)
        outcome: Counter[str] = Counter()
        double = unrecorded = 0
        for scenario in SCENARIOS:
            bill_id = bills[scenario.name]
            numbers = by_bill.get(bill_id, [])
            assert len(numbers) == 1, f"{scenario.name}: trades {numbers}"
            trade = ledger.get(numbers[0])
            outcome[trade.state.value] += 1
            assert trade.state is scenario.expected, f"{scenario.name}: {trade.state}"
            held = control.trade(trade.out_trade_no)
            charges = 0 if held is None else int(held["charges"])
            refunded = 0 if held is None else int(held.get("refunded_fen", 0))
            kept = charges - (1 if refunded >= trade.amount_fen else 0)
            double += max(0, charges - 1)
            if kept:  # money kept: the bill must be paid by this very trade
                again = biller.settle_bill(bill_id, trade.out_trade_no, trade.amount_fen)
                if again is not SettleOutcome.SETTLED or trade.state is not P:
                    unrecorded += 1
            elif charges and trade.state is not D:
                unrecorded += 1
        unsettled = ledger.unsettled()
    finally:
        client.close()
        ledger.close()
    print(
        f"payment kill -9 loop: {len(SCENARIOS)} kills"
        f" ({', '.join(f'{n} {m}' for m, n in Counter(s.method for s in SCENARIOS).items())}),"
        f" trades after recovery {dict(outcome)}, double charges {double},"
        f" paid but unrecorded {unrecorded}, unsettled {len(unsettled)}"
    )
    assert double == 0
    assert unrecorded == 0
    assert unsettled == []
    # no payment code in the kiosk's logs (DEBUG and up) or anywhere in its data dir
    at_rest = b"".join(p.read_bytes() for p in data.rglob("*") if p.is_file())
    assert len(codes) == 7
    assert "trade opened" in "".join(logs)  # the children's logs were there to search
    assert not [c for c in codes if c in "".join(logs) or c.encode() in at_rest]
