"""The ``utility-payment`` tour (便民缴费, issue 23): a resident without an ID card pays
two bills at the kiosk. The water bill: the account number typed on the keypad, the bill
checked, paid by the QR on the screen, which the resident's phone reads off the screen
and pays (the gateway simulator's phone). The electricity bill: the account number read
off the bill's barcode by the kiosk's scanner, paid with the payment code (付款码) held
to the scanner, the phone asking for the password first. Each receipt is read back from
the printer: it carries the payment's trade number."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from kiosk.demo.back_office import BackOffice
from kiosk.demo.payer import Payer
from kiosk.demo.tour import TourDriver, TourError

if TYPE_CHECKING:
    from kiosk.services import KioskServices
    from payment_gateway_sim.control_client import GatewayControl

#: the bills the tour pays: (utility, holder, amount in fen), issued by the back office
#: on a fresh account each run (the seeded ones stay paid once a kept data dir's tour paid
#: them)
WATER = ("water", "张伟", 8650)
ELECTRICITY = ("electricity", "李娜", 12345)
#: what each payer holds: enough for one bill
BALANCE_FEN = 50_000


def gateway_control(services: KioskServices) -> GatewayControl:
    """The demo's embedded gateway simulator's control (the payer's phone)."""
    from payment_gateway_sim.control_client import GatewayControl

    payments = services.payments
    if payments is None or payments.simulator is None:
        raise TourError("this kiosk has no simulated payment gateway ([payments] in demo.toml)")
    # the simulator serves its /sim routes beside /gateway.do (in a thread or a child)
    return GatewayControl(payments.simulator.gateway_url.removesuffix("/gateway.do"))


def utility_payment(d: TourDriver, services: KioskServices) -> None:
    from kiosk.demo.journeys import Hands, _home

    control = gateway_control(services)
    scan: Callable[[str], None] = Hands(services).scan  # the kiosk's QR scanner
    if d.window.utility_payment is None:
        raise TourError("this window has no 便民缴费 (no payment gateway configured)")
    water, electricity = _fresh_account(services, *WATER), _fresh_account(services, *ELECTRICITY)
    _home(d, "pay", shoot=True)
    # the water bill, its account typed, paid by the QR on the screen
    _step(d, "utility_choice", "pay-utility-choice", "btn_utility_water")
    d.wait_screen("utility_account")
    d.shot("pay-account-empty")
    for digit in water:
        d.click(f"btn_key_{digit}")
    d.shot("pay-account-typed")
    d.click("btn_key_ok")
    _step(d, "utility_bill", "pay-bill", "btn_bill_pay")
    _step(d, "pay_method", "pay-method", "btn_pay_qr")
    d.wait_screen("pay_qr", timeout=30)
    d.shot("pay-qr")
    said = Payer(control, BALANCE_FEN).scan_the_screen(d)
    if said != "paid":
        raise TourError(f"the phone could not pay the QR: {said}")
    _receipt(d, services, "pay-water")
    d.click("btn_pay_another")
    # the electricity bill, its account read off the bill, paid with the payment code
    _step(d, "utility_choice", None, "btn_utility_electricity")
    d.wait_screen("utility_account")
    scan(electricity)  # the bill's barcode held to the scanner
    _step(d, "utility_bill", None, "btn_bill_pay")
    _step(d, "pay_method", None, "btn_pay_code")
    payer = Payer(control, BALANCE_FEN, asks_password=True)
    d.wait_screen("pay_code")
    d.shot("pay-code")
    payer.show_code(d, scan)
    d.wait_screen("pay_user_paying", timeout=30)
    d.shot("pay-user-paying")
    said = payer.confirm_password(d, lambda: _session(d).payment.out_trade_no)
    if said != "paid":
        raise TourError(f"the phone could not confirm the payment: {said}")
    _receipt(d, services, "pay-electricity")
    d.click("btn_finish")
    d.wait_screen("attract")


def _fresh_account(services: KioskServices, utility: str, holder: str, amount_fen: int) -> str:
    """An account number with a bill due, issued by the back office for this run."""

    account = "9" + "".join(secrets.choice("0123456789") for _ in range(9))
    bill: dict[str, object] = {"utility": utility, "account": account}
    bill |= {"holder_name": holder, "period": "2026-11", "amount_fen": amount_fen}
    BackOffice(services.platform_url).call("POST", "utility-bills", bill)
    return account


def _session(d: TourDriver) -> Any:
    presenter: Any = d.window.utility_payment
    return presenter.flow.session


def _step(d: TourDriver, screen: str, label: str | None, button: str) -> None:
    """On ``screen`` (shot as ``label``, unless None), the resident taps ``button``."""
    d.wait_screen(screen, timeout=30)
    if label is not None:
        d.shot(label)
    d.click(button)


def _receipt(d: TourDriver, services: KioskServices, label: str) -> None:
    """The done page; the receipt the printer got carries the payment's trade number."""
    from kiosk.demo.peers import DemoHands

    d.wait_screen("pay_done", timeout=60)
    d.shot(f"{label}-done")
    trade_no = _session(d).trade_no
    printed = DemoHands(services.devices, services.peers).printed_text()
    if not trade_no or not printed or trade_no.encode() not in printed[-1]:
        raise TourError("the receipt does not carry the payment's trade number")
