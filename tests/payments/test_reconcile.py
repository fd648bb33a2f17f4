"""Reconciliation (对账) of the gateway's daily bill against the ledger, with mismatches
injected at the gateway (a row the kiosk never made, an amount altered) and made at the
kiosk (a trade paid but left unrecorded, one recorded paid the gateway never charged);
``kiosk payments reconcile`` names each of them and exits 1."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from flows.payment_ports import PayMethod, TradePurpose, TradeRecord, TradeRequest, TradeState
from offline_cache.crypto import PayloadCipher
from offline_cache.key_source import outbox_key
from payment_gateway_sim.embedded import RunningGateway
from payments.gateway_bill import fetch_bill
from payments.gateway_client import AlipayGateway
from payments.reconcile import MismatchKind, reconcile
from payments.trade_ledger import DB_FILE, SqliteTradeLedger
from platform_sim.seed import DEMO_TERMINAL_ID
from tests.payments.conftest import trade_number

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "assets" / "site" / "demo.toml"
KIOSK = [sys.executable, "-m", "kiosk.cli"]


class GatewayClock:
    """The ledger's clock on the gateway's: its day is the bill's day."""

    def __init__(self, running: RunningGateway) -> None:
        self._control = running.control

    def __call__(self) -> datetime:
        stamp = self._control.advance_clock(0)  # moves nothing: reads the gateway's time
        return datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S").astimezone()


def _local_tz_posix() -> str:
    """This process's zone as a POSIX TZ (``LOC-8`` is UTC+8), whole hours."""
    offset = datetime.now().astimezone().utcoffset()
    assert offset is not None
    return f"LOC{-int(offset.total_seconds()) // 3600}"


def _paid(
    ledger: SqliteTradeLedger, gw: AlipayGateway, running: RunningGateway, amount: int
) -> TradeRecord:
    trade = ledger.open_trade(TradePurpose.UTILITY_BILL, "bill-x", amount, PayMethod.CODE)
    ledger.advance(trade.out_trade_no, TradeState.SENT)
    buyer = running.control.new_buyer(1_000_000)
    answer = gw.pay_with_code(
        TradeRequest(trade.out_trade_no, amount, "水费"),
        running.control.payment_code(buyer.buyer_id),
    )
    return ledger.advance(trade.out_trade_no, TradeState.PAID, answer.trade_no)


@pytest.fixture
def day_of_trades(
    tmp_path: Path, gateway: AlipayGateway, payment_gateway: RunningGateway
) -> tuple[date, dict[str, str]]:
    """A day at the kiosk: trades of every kind, and the mismatches made on purpose (by
    name -> out_trade_no). The ledger is sealed with the data dir's demo key."""
    outbox_dir = tmp_path / "outbox"
    cipher = PayloadCipher(outbox_key(outbox_dir))
    clock = GatewayClock(payment_gateway)
    ledger = SqliteTradeLedger(outbox_dir / DB_FILE, cipher, DEMO_TERMINAL_ID, clock)
    control = payment_gateway.control
    try:
        completed = _paid(ledger, gateway, payment_gateway, 8650)
        ledger.advance(completed.out_trade_no, TradeState.COMPLETED)
        refunded = _paid(ledger, gateway, payment_gateway, 4200)
        ledger.advance(refunded.out_trade_no, TradeState.REFUNDING)
        assert gateway.refund(refunded.out_trade_no, 4200, refunded.out_trade_no + "-R", "t")
        ledger.advance(refunded.out_trade_no, TradeState.REFUNDED)
        cancelled = ledger.open_trade(TradePurpose.UTILITY_BILL, "bill-y", 100, PayMethod.QR)
        ledger.advance(cancelled.out_trade_no, TradeState.SENT)
        gateway.precreate(TradeRequest(cancelled.out_trade_no, 100, "水费"))
        gateway.cancel(cancelled.out_trade_no)
        ledger.advance(cancelled.out_trade_no, TradeState.CANCELLED)
        # made at the kiosk: paid at the gateway, the kiosk stopped before writing it
        unrecorded = ledger.open_trade(TradePurpose.UTILITY_BILL, "bill-w", 300, PayMethod.CODE)
        ledger.advance(unrecorded.out_trade_no, TradeState.SENT)
        payer = control.new_buyer(10_000)
        gateway.pay_with_code(
            TradeRequest(unrecorded.out_trade_no, 300, "水费"),
            control.payment_code(payer.buyer_id),
        )
        # ... and one written paid that the gateway never charged
        phantom = ledger.open_trade(TradePurpose.UTILITY_BILL, "bill-z", 500, PayMethod.QR)
        ledger.advance(phantom.out_trade_no, TradeState.SENT)
        ledger.advance(phantom.out_trade_no, TradeState.PAID)
        day = clock().date()
        # injected at the gateway: a row the kiosk never made, an amount altered
        extra = trade_number()
        control.edit_bill(day.isoformat(), "extra", extra, 1234)
        altered = _paid(ledger, gateway, payment_gateway, 2000)
        ledger.advance(altered.out_trade_no, TradeState.COMPLETED)
        control.edit_bill(day.isoformat(), "alter", altered.out_trade_no, 20000)
    finally:
        ledger.close()
    return day, {
        "extra": extra,
        "altered": altered.out_trade_no,
        "phantom": phantom.out_trade_no,
        "unrecorded": unrecorded.out_trade_no,
        "completed": completed.out_trade_no,
    }


def test_each_mismatch_is_named(
    tmp_path: Path, gateway: AlipayGateway, day_of_trades: tuple[date, dict[str, str]]
) -> None:
    day, made = day_of_trades
    key = outbox_key(tmp_path / "outbox")
    ledger = SqliteTradeLedger(tmp_path / "outbox" / DB_FILE, PayloadCipher(key), "T")
    tz = datetime.now().astimezone().tzinfo
    assert tz is not None
    try:
        report = reconcile(ledger, lambda d: fetch_bill(gateway.bill_url(d.isoformat())), day, tz)
    finally:
        ledger.close()
    found = {(m.kind, m.out_trade_no) for m in report.mismatches}
    assert (MismatchKind.MISSING_IN_LEDGER, made["extra"]) in found
    assert (MismatchKind.AMOUNT_DIFFERS, made["altered"]) in found
    assert (MismatchKind.MISSING_IN_BILL, made["phantom"]) in found
    assert (MismatchKind.STATE_DIFFERS, made["unrecorded"]) in found
    assert not any(no == made["completed"] for _kind, no in found)
    # the gateway is the session's: other tests' trades are on its bill too
    ours = [m for m in report.mismatches if m.out_trade_no in made.values()]
    assert len(ours) == 4, ours


def test_the_command_prints_the_mismatches_and_exits_1(
    tmp_path: Path, payment_gateway: RunningGateway, day_of_trades: tuple[date, dict[str, str]]
) -> None:
    day, made = day_of_trades
    site = tmp_path / "site.toml"
    text = SITE.read_text(encoding="utf-8")
    # the child counts days in the site's zone: this process's, where the simulator stamps
    text = text.replace("[terminal]\n", f'[terminal]\ntimezone = "{_local_tz_posix()}"\n', 1)
    named = (
        f'gateway_url = "{payment_gateway.gateway_url}"\n'
        f'app_id = "{payment_gateway.app_id}"\n'
        f'app_private_key = "{payment_gateway.app_private_key_path}"\n'
        f'gateway_public_key = "{payment_gateway.gateway_public_key_path}"\n'
    )
    head, tail = text.split("[payments]", 1)  # the demo's: the embedded gateway
    text = head + "[payments]\n" + named + tail.split("\n", 2)[2]
    site.write_text(text, encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "kiosk.cli",
            "payments",
            "reconcile",
            "--date",
            day.isoformat(),
            "--config",
            str(site),
            "--data-dir",
            str(tmp_path),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    print(done.stdout)
    assert done.returncode == 1, done.stderr
    assert f"missing in ledger  {made['extra']}" in done.stdout
    assert f"amount differs     {made['altered']}" in done.stdout
    assert f"missing in bill    {made['phantom']}" in done.stdout
    assert f"state differs      {made['unrecorded']}" in done.stdout


def test_the_list_shows_numbers_amounts_and_states_only(
    tmp_path: Path, day_of_trades: tuple[date, dict[str, str]]
) -> None:
    _day, made = day_of_trades
    where = ["--config", str(SITE), "--data-dir", str(tmp_path)]
    done = subprocess.run(
        [*KIOSK, "payments", "list", "--json", "--limit", "50", *where],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    trades = {t["out_trade_no"]: t for t in json.loads(done.stdout)["trades"]}
    assert trades[made["completed"]]["state"] == "completed"
    assert trades[made["completed"]]["amount"] == "86.50"
    assert trades[made["phantom"]]["state"] == "paid"
    assert "bill-" not in done.stdout  # the trade's reference is not shown
