"""便民缴费 through the window (issue 23): a resident taps the home tile, chooses the
utility, types the account number, checks the bill (the holder masked by the biller)
and pays: by the QR on the screen, read off the screen's picture and paid on the
gateway simulator's phone; or by the payment code held to the scanner, the phone asking
for the password first. The bill comes from the running platform simulator through the
kiosk's client, the payment goes through python-alipay-sdk to the gateway simulator,
the trade into the kiosk's own ledger. Shot in Chinese, English and large text."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from device_contracts import Completion
from flows.journey_ports import JourneyPorts
from flows.payment_journey_ports import PaymentPorts, PaymentTimes
from flows.payment_ports import BillDue
from flows.utility_payment import UtilityPaymentFlow
from kiosk.demo.payer import qr_on_screen
from kiosk.main_window import MainWindow
from offline_cache.crypto import PayloadCipher
from offline_cache.utility_bills import PlatformUtilityBiller
from payment_gateway_sim.embedded import RunningGateway
from payments.gateway_client import AlipayGateway
from payments.trade_ledger import SqliteTradeLedger
from platform_sim.server import RunningServer
from tests.payment_fixtures import payment_gateway
from tests.payments.conftest import platform, settings_for
from tests.payments.platform_side import close_bill, issue_bill, terminal_client
from tests.ui.conftest import MODE_IDS, MODES, TERMINAL, UiEnv
from tests.ui.layout_check import layout_faults

pytestmark = pytest.mark.ui

#: the fixtures: the session's gateway simulator, the module's platform simulator
__all__ = ["payment_gateway", "platform"]

#: enough for any bill of these tests
BALANCE_FEN = 100_000


@pytest.fixture
def times() -> PaymentTimes:
    """The payment's waits (a test parametrizes ``times`` for shorter ones)."""
    return PaymentTimes()


@pytest.fixture
def flow(
    ui: UiEnv,
    platform: RunningServer,
    payment_gateway: RunningGateway,
    tmp_path: Path,
    times: PaymentTimes,
) -> Iterator[UtilityPaymentFlow]:
    """便民缴费 on the env's scanner and printer, the kiosk's real gateway client,
    trade ledger and biller."""
    settings = settings_for(payment_gateway)
    client = terminal_client(platform.url)
    ledger = SqliteTradeLedger(tmp_path / "trades.sqlite3", PayloadCipher(os.urandom(32)), TERMINAL)
    biller = PlatformUtilityBiller(client)
    payments = PaymentPorts(AlipayGateway(settings), ledger, biller, times=times)
    ports = JourneyPorts(
        ui.devices.device_set(), ui.platform, ui.ledger, ui.loop, TERMINAL, payments=payments
    )
    made = UtilityPaymentFlow(ports)
    yield made
    made.reset()
    ledger.close()
    client.close()


def to_bill(ui: UiEnv, w: MainWindow, account: str, tag: str | None) -> None:
    """From the attract screen: the home tile, water, the account typed: the bill."""
    ui.click(w, "btn_start")
    ui.click(w, "btn_home_pay")
    ui.wait(lambda: w.current_screen_name() == "screen_utility_choice")
    _shot(ui, w, tag and f"23-pay-utility-choice-{tag}")
    ui.click(w, "btn_utility_water")
    ui.wait(lambda: w.current_screen_name() == "screen_utility_account")
    for digit in account:
        ui.click(w, f"btn_key_{digit}")
    _shot(ui, w, tag and f"23-pay-account-{tag}")
    ui.click(w, "btn_key_ok")
    ui.wait(lambda: w.current_screen_name() == "screen_utility_bill", 10_000)
    _shot(ui, w, tag and f"23-pay-bill-{tag}")


def _shot(ui: UiEnv, w: MainWindow, name: str | None) -> None:
    if name:
        assert not layout_faults(w), (name, layout_faults(w))
        ui.shot(w, name)


def _window(ui: UiEnv, flow: UtilityPaymentFlow, lang: str, large: bool) -> MainWindow:
    w = ui.window(lang, large)
    w.install_utility_payment(flow)
    return w


def _bill_shown(
    ui: UiEnv, flow: UtilityPaymentFlow, url: str, amount_fen: int, lang: str = "zh"
) -> tuple[MainWindow, BillDue]:
    """A fresh bill of ``amount_fen`` issued at the platform, found on the screens."""
    bill = issue_bill(url, amount_fen)
    w = _window(ui, flow, lang, False)
    to_bill(ui, w, bill.account, None)
    return w, bill


def _hold_code(ui: UiEnv, w: MainWindow, code: str) -> None:
    """The payment code held to the scanner (the scan the payment's page listens with:
    the last one started)."""
    scans = ui.devices.qr_scanner.scans
    ui.wait(lambda: bool(scans.pending) and w.current_screen_name() == "screen_pay_code")
    scans.pending.pop().complete(Completion.success(code))


def _paid_and_printed(ui: UiEnv, w: MainWindow, flow: UtilityPaymentFlow, tag: str) -> str:
    """The done page; the receipt printed carries the trade number. Returns it."""
    ui.wait(lambda: w.current_screen_name() == "screen_pay_done", 20_000)
    _shot(ui, w, f"23-pay-done-{tag}")
    trade_no = flow.session.trade_no
    assert trade_no
    printed = ui.devices.printer.printed[-1].plain_text()
    assert trade_no in printed, printed
    assert trade_no in ui.label(w, "pay_done_body").text(), "the page says it too"
    return trade_no


@pytest.mark.parametrize(("lang", "large"), MODES, ids=MODE_IDS)
def test_a_resident_pays_the_water_bill_by_the_qr_on_the_screen(
    ui: UiEnv,
    flow: UtilityPaymentFlow,
    platform: RunningServer,
    payment_gateway: RunningGateway,
    lang: str,
    large: bool,
) -> None:
    tag = f"{lang}{'-large' if large else ''}"
    control = payment_gateway.control
    bill = issue_bill(platform.url, 8650)
    w = _window(ui, flow, lang, large)
    to_bill(ui, w, bill.account, tag)
    assert ui.label(w, "bill_holder").text() == "测**"
    assert ui.label(w, "bill_amount").text() == {"zh": "86.50 元", "en": "¥86.50"}[lang]
    ui.click(w, "btn_bill_pay")
    ui.wait(lambda: w.current_screen_name() == "screen_pay_method")
    _shot(ui, w, f"23-pay-method-{tag}")
    ui.click(w, "btn_pay_qr")
    ui.wait(lambda: w.current_screen_name() == "screen_pay_qr", 10_000)
    _shot(ui, w, f"23-pay-qr-{tag}")
    qr = qr_on_screen(w)
    assert qr, "the phone reads the QR off the screen"
    buyer = control.new_buyer(BALANCE_FEN).buyer_id
    assert control.scan(qr, buyer) == "paid"
    _paid_and_printed(ui, w, flow, tag)
    out_trade_no = flow.session.payment.out_trade_no
    assert out_trade_no is not None
    trade = control.trade(out_trade_no)
    assert trade is not None and trade["charges"] == 1, trade
    assert control.balance(buyer) == BALANCE_FEN - 8650
    ui.click(w, "btn_finish")
    ui.wait(lambda: w.current_screen_name() == "screen_attract")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_payment_code_with_the_password_on_the_phone(
    ui: UiEnv,
    flow: UtilityPaymentFlow,
    platform: RunningServer,
    payment_gateway: RunningGateway,
    lang: str,
) -> None:
    control = payment_gateway.control
    w, _ = _bill_shown(ui, flow, platform.url, 12345, lang)
    ui.click(w, "btn_bill_pay")
    ui.click(w, "btn_pay_code")
    ui.wait(lambda: w.current_screen_name() == "screen_pay_code")
    _shot(ui, w, f"23-pay-code-{lang}")
    buyer = control.new_buyer(BALANCE_FEN, asks_password=True).buyer_id
    _hold_code(ui, w, control.payment_code(buyer))
    ui.wait(lambda: w.current_screen_name() == "screen_pay_user_paying", 10_000)
    _shot(ui, w, f"23-pay-user-paying-{lang}")
    out_trade_no = flow.session.payment.out_trade_no
    assert out_trade_no is not None
    assert control.confirm_password(out_trade_no) == "paid"
    _paid_and_printed(ui, w, flow, f"code-{lang}")
    trade = control.trade(out_trade_no)
    assert trade is not None and trade["charges"] == 1, trade


def test_not_enough_balance_is_said_and_another_way_offered(
    ui: UiEnv, flow: UtilityPaymentFlow, platform: RunningServer, payment_gateway: RunningGateway
) -> None:
    control = payment_gateway.control
    w, _ = _bill_shown(ui, flow, platform.url, 4200)
    ui.click(w, "btn_bill_pay")
    ui.click(w, "btn_pay_code")
    poor = control.new_buyer(100).buyer_id  # 1 元 for a 42 元 bill
    _hold_code(ui, w, control.payment_code(poor))
    ui.wait(lambda: w.current_screen_name() == "screen_pay_failed", 10_000)
    body = ui.label(w, "pay_failed_body").text()
    assert "余额" in body, body
    _shot(ui, w, "23-pay-failed-balance-zh")
    assert control.balance(poor) == 100, "nothing was charged"
    ui.click(w, "btn_pay_again")
    ui.wait(lambda: w.current_screen_name() == "screen_pay_method")


def test_a_bill_refused_after_payment_is_refunded_on_the_screen(
    ui: UiEnv, flow: UtilityPaymentFlow, platform: RunningServer, payment_gateway: RunningGateway
) -> None:
    control = payment_gateway.control
    w, bill = _bill_shown(ui, flow, platform.url, 9900)
    close_bill(platform.url, bill.bill_id)  # written off while the resident looks at it
    ui.click(w, "btn_bill_pay")
    ui.click(w, "btn_pay_qr")
    ui.wait(lambda: w.current_screen_name() == "screen_pay_qr", 10_000)
    qr = qr_on_screen(w)
    assert qr
    buyer = control.new_buyer(BALANCE_FEN).buyer_id
    assert control.scan(qr, buyer) == "paid"
    ui.wait(lambda: w.current_screen_name() == "screen_pay_refunded", 20_000)
    _shot(ui, w, "23-pay-refunded-zh")
    assert "99.00 元" in ui.label(w, "pay_refunded_body").text()
    assert control.balance(buyer) == BALANCE_FEN, "the money went back"
    ui.click(w, "btn_finish")
    ui.wait(lambda: w.current_screen_name() == "screen_attract")


def test_leaving_the_qr_page_closes_its_trade(
    ui: UiEnv, flow: UtilityPaymentFlow, platform: RunningServer, payment_gateway: RunningGateway
) -> None:
    """The resident cancels while the QR is shown: home, and the trade is closed at the
    gateway (撤销), so a phone that scans the code afterwards cannot pay it."""
    control = payment_gateway.control
    w, _ = _bill_shown(ui, flow, platform.url, 3300)
    ui.click(w, "btn_bill_pay")
    ui.click(w, "btn_pay_qr")
    ui.wait(lambda: w.current_screen_name() == "screen_pay_qr", 10_000)
    qr = qr_on_screen(w)
    out_trade_no = flow.session.payment.out_trade_no
    assert qr and out_trade_no
    ui.click(w, "btn_cancel")
    ui.wait(lambda: w.current_screen_name() == "screen_home", 10_000)

    def closed() -> bool:
        trade = control.trade(out_trade_no)
        return trade is not None and trade["status"] == "TRADE_CLOSED"

    ui.wait(closed, 10_000)
    late = control.new_buyer(BALANCE_FEN).buyer_id
    assert control.scan(qr, late) != "paid"
    assert control.balance(late) == BALANCE_FEN


def test_large_text_mid_payment_keeps_the_page(
    ui: UiEnv, flow: UtilityPaymentFlow, platform: RunningServer
) -> None:
    """The resident switches to large text on the way to pay: the screens are built again
    and the journey goes on where it was, the bill and the ways to pay still answering."""
    w, _ = _bill_shown(ui, flow, platform.url, 5100)
    ui.click(w, "btn_bill_pay")
    ui.wait(lambda: w.current_screen_name() == "screen_pay_method")
    w.set_large_text(True)
    ui.wait(lambda: w.current_screen_name() == "screen_pay_method")
    assert "51.00" in ui.label(w, "pay_method_subtitle").text()
    assert not layout_faults(w), layout_faults(w)
    ui.click(w, "btn_cancel")
    ui.wait(lambda: w.current_screen_name() == "screen_home")
    assert str(flow.state) == "idle"


@pytest.mark.parametrize("times", [PaymentTimes(qr_life=5.0)])
def test_an_unpaid_qr_expires_and_paying_again_makes_a_new_trade(
    ui: UiEnv, flow: UtilityPaymentFlow, platform: RunningServer, payment_gateway: RunningGateway
) -> None:
    """Nobody scans the QR before its time is up (5 s here, 2 min on site): its trade is
    closed, the page says it expired and nothing was charged; paying again makes a new
    trade with a new QR."""
    control = payment_gateway.control
    w, _ = _bill_shown(ui, flow, platform.url, 2500)
    ui.click(w, "btn_bill_pay")
    ui.click(w, "btn_pay_qr")
    ui.wait(lambda: qr_on_screen(w), 10_000)
    first, old_qr = flow.session.payment.out_trade_no, qr_on_screen(w)
    assert first and old_qr
    ui.wait(lambda: w.current_screen_name() == "screen_pay_expired", 20_000)
    _shot(ui, w, "23-pay-expired-zh")
    trade = control.trade(first)
    assert trade is not None and trade["status"] == "TRADE_CLOSED", trade
    ui.click(w, "btn_pay_again")
    ui.click(w, "btn_pay_qr")
    ui.wait(lambda: qr_on_screen(w) not in (None, old_qr), 10_000)
    assert flow.session.payment.out_trade_no not in (None, first), "a new trade"
    ui.click(w, "btn_cancel")
    ui.wait(lambda: w.current_screen_name() == "screen_home", 10_000)


def test_something_else_held_to_the_scanner_is_said_and_the_page_waits(
    ui: UiEnv, flow: UtilityPaymentFlow, platform: RunningServer, payment_gateway: RunningGateway
) -> None:
    """The bill's QR, not the phone's payment code, held to the scanner on the payment-code
    page: the banner says so, nothing goes to the gateway, the page listens again, and the
    real code then pays."""
    control = payment_gateway.control
    w, _ = _bill_shown(ui, flow, platform.url, 1800)
    ui.click(w, "btn_bill_pay")
    ui.click(w, "btn_pay_code")
    _hold_code(ui, w, "https://example.invalid/bill?account=1000000001")
    ui.wait(lambda: "付款码" in w.banner.text())
    assert w.current_screen_name() == "screen_pay_code"
    assert flow.session.payment.out_trade_no is None, "no trade opened for it"
    _shot(ui, w, "23-pay-code-not-a-code-zh")
    _hold_code(ui, w, control.payment_code(control.new_buyer(BALANCE_FEN).buyer_id))
    _paid_and_printed(ui, w, flow, "code-after-a-wrong-one")
    assert not w.banner.text(), "the banner went with the page"
