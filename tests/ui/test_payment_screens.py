"""The payment's pages and 便民缴费's own (issue 23) as passive views: each filled with
what a flow would hand it, shown in the window in Chinese, English and large text,
nothing cut off or overlapping, shot; their buttons say what the resident chose."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtWidgets import QLabel, QWidget

from device_contracts import Text
from flows.payment_ports import PayMethod, Utility
from flows.payment_session import PaymentSession
from kiosk import i18n
from kiosk.demo.payer import qr_on_screen
from kiosk.main_window import MainWindow
from kiosk.presenters.payment import paid_line
from kiosk.presenters.utility_payment import UtilityPaymentScreens
from kiosk.ui.screens.review import ReviewScreen
from kiosk.ui.widgets.money import amount_source, yuan
from kiosk.ui.widgets.tr import K, render
from kiosk.voice import prompt_key
from tests.fakes.platform import HUKOU, sample_catalog
from tests.ui.conftest import MODE_IDS, MODES, UiEnv
from tests.ui.layout_check import layout_faults

pytestmark = pytest.mark.ui

WATER = Text("水费", "Water")
QR = "https://qr.alipay.com/bax08431qpmz0ckxyrnk6023"
TRADE_NO = "2026120722001409581432187723"


def _show(ui: UiEnv, w: MainWindow, screen: QWidget, name: str) -> None:
    w.show_screen(screen)
    ui.wait(lambda: w.current_screen() is screen)
    assert not layout_faults(w), (name, layout_faults(w))
    ui.shot(w, name)


def test_a_journeys_end_says_what_was_paid_and_its_trade() -> None:
    payment = PaymentSession(trade_no=TRADE_NO, paid_fen=4000)
    line = paid_line(payment)
    assert render(line, "zh") == f"已缴费 40.00 元，交易号 {TRADE_NO}"
    assert render(line, "en") == f"Fee paid: ¥40.00, trade number {TRADE_NO}"
    assert paid_line(PaymentSession()) is None, "nothing paid, nothing said"


def test_amounts_are_fen_said_as_yuan() -> None:
    assert [yuan(f) for f in (8650, 12345, 260000, 5, 0)] == [
        "86.50",
        "123.45",
        "2600.00",
        "0.05",
        "0.00",
    ]


@pytest.mark.parametrize(("lang", "large"), MODES, ids=MODE_IDS)
def test_every_payment_page_reads_whole(ui: UiEnv, lang: str, large: bool) -> None:
    tag = f"{lang}{'-large' if large else ''}"
    w = ui.window(lang, large)
    sc = UtilityPaymentScreens.build()
    w.add_screens(sc.all())
    _show(ui, w, sc.choosing_utility, f"23-utility-choice-{tag}")
    sc.entering_account.show_entry(WATER, None, busy=False)
    sc.entering_account.show_account("1000000001")
    _show(ui, w, sc.entering_account, f"23-utility-account-{tag}")
    sc.entering_account.show_entry(WATER, Text("没有查到该户号的账单", "No bill"), busy=False)
    _show(ui, w, sc.entering_account, f"23-utility-account-none-{tag}")
    sc.showing_bill.show_bill(WATER, "1000000001", "张*", "2026-11", 8650)
    _show(ui, w, sc.showing_bill, f"23-utility-bill-{tag}")
    assert ui.label(w, "bill_amount").text() == {"zh": "86.50 元", "en": "¥86.50"}[lang]
    pay = sc.payment
    pay.choosing_method.show_amount(8650)
    _show(ui, w, pay.choosing_method, f"23-pay-method-{tag}")
    pay.showing_qr.show_qr(QR, 8650, 120)
    _show(ui, w, pay.showing_qr, f"23-pay-qr-{tag}")
    assert qr_on_screen(w) == QR, "the phone reads the code off the screen's picture"
    assert "120" in ui.label(w, "pay_qr_countdown").text()
    pay.waiting_code.show_amount(8650)
    _show(ui, w, pay.waiting_code, f"23-pay-code-{tag}")
    _show(ui, w, pay.user_paying, f"23-pay-user-paying-{tag}")
    _show(ui, w, pay.checking, f"23-pay-checking-{tag}")
    _show(ui, w, pay.expired, f"23-pay-expired-{tag}")
    pay.failed.set_body(Text("余额不足，没有扣款", "Balance not enough; nothing was charged"))
    _show(ui, w, pay.failed, f"23-pay-failed-{tag}")
    sc.refunded.set_body(K("pay_refunded.body", amount=amount_source(8650)))
    _show(ui, w, sc.refunded, f"23-pay-refunded-{tag}")
    sc.done.set_body(K("pay_done.body", trade=TRADE_NO))
    _show(ui, w, sc.done, f"23-pay-done-{tag}")
    assert TRADE_NO in ui.label(w, "pay_done_body").text()


def test_the_pages_say_what_was_chosen(ui: UiEnv) -> None:
    w = ui.window()
    sc = UtilityPaymentScreens.build()
    w.add_screens(sc.all())
    chosen: list[str] = []
    sc.choosing_utility.chosen.connect(chosen.append)
    sc.entering_account.account_submitted.connect(chosen.append)
    sc.payment.choosing_method.chosen.connect(chosen.append)
    w.show_screen(sc.choosing_utility)
    ui.click(w, "btn_utility_gas")
    sc.entering_account.show_entry(Text("燃气费", "Gas"), None, busy=False)
    w.show_screen(sc.entering_account)
    ok = w.find_button("btn_key_ok")
    assert ok is not None
    for i, digit in enumerate("3000000003"):
        assert ok.isEnabled() == (i >= 6), "an account number has six digits or more"
        ui.click(w, f"btn_key_{digit}")
    assert ui.label(w, "utility_account_number").text() == "3000000003"
    ui.click(w, "btn_key_ok")
    w.show_screen(sc.payment.choosing_method)
    ui.click(w, "btn_pay_code")
    assert chosen == [Utility.GAS.value, "3000000003", PayMethod.CODE.value]


@pytest.mark.parametrize(("lang", "large"), MODES, ids=MODE_IDS)
def test_the_home_tile_says_coming_soon_without_a_gateway(
    ui: UiEnv, lang: str, large: bool
) -> None:
    """A site with no ``[payments]`` installs no 便民缴费: its tile keeps the badge and
    opens the coming-soon page, which names the service."""
    tag = f"{lang}{'-large' if large else ''}"
    w = ui.window(lang, large)
    ui.click(w, "btn_start")
    ui.wait(lambda: w.current_screen_name() == "screen_home")
    assert not layout_faults(w), layout_faults(w)
    badge = w.home.tiles["pay"].badge
    assert badge is not None and badge.isVisibleTo(w)
    ui.shot(w, f"23-home-{tag}")
    ui.click(w, "btn_home_pay")
    ui.wait(lambda: w.current_screen_name() == "screen_coming_soon")
    assert {"zh": "便民缴费", "en": "Pay bills"}[lang] in w.current_screen().body.text()  # type: ignore[attr-defined]
    ui.shot(w, f"23-pay-coming-soon-{tag}")


def test_the_payment_pages_are_spoken() -> None:
    """Each page that asks the resident something has its voice prompt in both languages."""
    for screen in (
        "utility_choice",
        "utility_account",
        "utility_bill",
        "pay_method",
        "pay_qr",
        "pay_code",
        "pay_user_paying",
        "pay_failed",
        "pay_refunded",
        "pay_done",
    ):
        key = prompt_key(f"screen_{screen}")
        assert key in i18n.STRINGS, key
        assert i18n.tr(key, "zh") and i18n.tr(key, "en")


@pytest.mark.parametrize(("lang", "large"), MODES, ids=MODE_IDS)
def test_the_review_says_the_fee_paid_next(ui: UiEnv, lang: str, large: bool) -> None:
    """A matter with a fee says so on the review, before 确认提交 takes the payment."""
    tag = f"{lang}{'-large' if large else ''}"
    w = ui.window(lang, large)
    review = ReviewScreen()
    w.add_screens([review])
    hukou = sample_catalog().matter(HUKOU)
    review.show_review(dataclasses.replace(hukou, fee_fen=4000), {}, [], set())
    _show(ui, w, review, f"23-review-fee-{tag}")
    said = ui.label(w, "review_fee").text()
    assert {"zh": "40.00 元", "en": "¥40.00"}[lang] in said, said
    review.show_review(hukou, {}, [], set())
    fees = w.current_screen().findChildren(QLabel, "review_fee")
    assert not any(f.isVisibleTo(w) for f in fees), "no fee, nothing said"
