"""The ``fee`` tour (a matter's fee, issue 23): 张伟 declares 居民身份证补领, whose card
fee is 40 元; after the review the declaration takes the fee: he chooses the QR on the
screen, his phone reads it off the screen and pays (the gateway simulator's phone), and
only then is the case submitted. The clerk's view of the case shows the trade numbers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.demo.back_office import BackOffice
from kiosk.demo.payer import Payer
from kiosk.demo.tour import TourDriver, TourError, declare
from kiosk.demo.utility_payment import BALANCE_FEN, gateway_control

if TYPE_CHECKING:
    from kiosk.services import KioskServices

#: 居民身份证补领: the catalogue's matter with a fee (工本费 40 元, fee_fen 4000)
FEE_MATTER = "HJ002"
FEE_FEN = 4000


def fee(d: TourDriver, services: KioskServices) -> None:
    control = gateway_control(services)
    payer = Payer(control, BALANCE_FEN)

    def pay(d: TourDriver) -> None:
        d.wait_screen("pay_method", timeout=30)
        d.shot("fee-method")
        d.click("btn_pay_qr")
        d.wait_screen("pay_qr", timeout=30)
        d.shot("fee-qr")
        said = payer.scan_the_screen(d)
        if said != "paid":
            raise TourError(f"the phone could not pay the fee: {said}")

    code = declare(d, services, matter_code=FEE_MATTER, pay=pay)
    if control.balance(payer.buyer_id) != BALANCE_FEN - FEE_FEN:
        raise TourError("the fee was not charged once")
    case = BackOffice(services.platform_url).call("GET", f"cases/{code}")
    payment = case.get("payment") or {}
    if payment.get("amount_fen") != FEE_FEN or not payment.get("trade_no"):
        raise TourError(f"the case does not carry the fee's payment: {payment!r}")
