"""The kiosk's payments as the composition root builds them: the demo's embedded gateway
beside the embedded platform (a thread in the tests, a child process in the kiosk), the ledger beside the outbox, the recovery's first pass
over what an earlier run left, the doctor's lines and the metrics; none without
``[payments]``."""

from __future__ import annotations

from pathlib import Path

from flows.payment_ports import PayMethod, TradePurpose, TradeState
from kiosk.ops.payments_check import gateway_check, ledger_check
from kiosk.paths import SIM_SITE_CONFIG
from kiosk.services import KioskServices
from kiosk.site_config import SiteConfig, load_site_config

PAYMENTS = '\n[payments]\ngateway_url = ""\n'


def _config(tmp_path: Path, *, payments: bool) -> SiteConfig:
    path = tmp_path / "site.toml"
    text = SIM_SITE_CONFIG.read_text(encoding="utf-8")
    path.write_text(text + (PAYMENTS if payments else ""), encoding="utf-8")
    return load_site_config(path)


def test_the_demo_takes_payments_through_its_own_gateway(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = KioskServices.start(_config(tmp_path, payments=True), data_dir=data)
    try:
        payments = first.payments
        assert payments is not None and payments.simulator is not None
        assert gateway_check(payments.gateway).ok  # signed both ways with the keys made
        left = payments.ledger.open_trade(TradePurpose.UTILITY_BILL, "UB-x", 100, PayMethod.QR)
        payments.ledger.advance(left.out_trade_no, TradeState.SENT)
        assert ledger_check(payments.ledger).warning
        scrape = first.metrics.exposition().decode()
        assert 'kiosk_payment_trades{state="sent"} 1.0' in scrape
    finally:
        first.close()  # as a kill would: the trade stays SENT in the ledger

    # as the kiosk starts: both simulators in child processes, the same keys and store
    again = KioskServices.start(
        _config(tmp_path, payments=True), data_dir=data, simulator="process"
    )
    try:
        payments = again.payments
        assert payments is not None
        payments.recover_in_background()
        assert payments.first_pass_done.wait(60)
        assert payments.last_recovery is not None
        assert [(s.before, s.after) for s in payments.last_recovery.steps] == [
            (TradeState.SENT, TradeState.CANCELLED)
        ]
        assert payments.ledger.get(left.out_trade_no).state is TradeState.CANCELLED
        # the gateway tells the platform of each paid trade (its notify)
        assert (
            payments.gateway.settings.notify_url == again.platform_url + "/api/v1/payments/notify"
        )
    finally:
        again.close()


def test_no_payments_section_no_payments(tmp_path: Path) -> None:
    services = KioskServices.start(_config(tmp_path, payments=False), data_dir=tmp_path / "d")
    try:
        assert services.payments is None
    finally:
        services.close()
