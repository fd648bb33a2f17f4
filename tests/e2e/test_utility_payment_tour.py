"""Paying at the demo kiosk (issue 23): the ``utility-payment`` and ``fee`` tours'
steps through the real window, the platform simulator, the embedded payment-gateway
simulator (python-alipay-sdk both ways) and the demo's peers (the scanner on a pty, the
receipt printer): the water bill paid by the QR read off the screen, the electricity
bill by the payment code held to the scanner with the password on the phone, each once
at the gateway, settled at the biller and its receipt carrying the trade number; then
居民身份证补领 declared with its 40 元 fee paid, the case carrying the trade numbers.
One kiosk serves the module."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.demo.fee_tour import fee
from kiosk.demo.tour import TourDriver
from kiosk.demo.utility_payment import gateway_control, utility_payment
from kiosk.main_window import MainWindow
from kiosk.services import KioskServices
from tests.e2e.conftest import running_kiosk

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def demo(
    qapp: object, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[KioskServices, MainWindow, Path]]:
    root = tmp_path_factory.mktemp("paying-kiosk")
    with running_kiosk(root) as (services, window):
        yield services, window, root / "shots"


def _trades(services: KioskServices) -> dict[str, str]:
    """Every trade of the kiosk's ledger and its state."""
    payments = services.payments
    assert payments is not None
    return {t.out_trade_no: t.state.value for t in payments.ledger.recent(50)}


def test_two_bills_paid_the_two_ways(demo: tuple[KioskServices, MainWindow, Path]) -> None:
    services, window, shots = demo
    utility_payment(TourDriver(window, shots), services)  # raises on any miss
    presenter = window.utility_payment
    assert presenter is not None and not presenter.active
    control = gateway_control(services)
    paid = [no for no, state in _trades(services).items() if state == "completed"]
    assert len(paid) == 2, _trades(services)
    for out_trade_no in paid:
        trade = control.trade(out_trade_no)
        assert trade is not None and trade["charges"] == 1, trade
    names = sorted(p.name for p in shots.iterdir())
    for step in ("pay-qr", "pay-code", "pay-user-paying", "pay-water-done"):
        assert any(step in name for name in names), (step, names)


def test_a_matter_with_its_fee(demo: tuple[KioskServices, MainWindow, Path]) -> None:
    services, window, shots = demo
    fee(TourDriver(window, shots), services)  # the case carries the trade, or it raises
    names = sorted(p.name for p in shots.iterdir())
    assert any("fee-qr" in name for name in names), names
