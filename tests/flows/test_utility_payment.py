"""便民缴费 end to end below the screens: the journey pays a bill the platform simulator
issued through the gateway simulator (the kiosk's own gateway client and trade ledger),
by QR and by payment code, and the money is never lost nor taken twice: an expired QR,
a refused payment, an answer lost then found, a bill refused after paying (refunded), a
resident leaving mid-payment (the trade cancelled), a biller or a gateway away after
paying (the trade left to the recovery, the receipt saying it is under way)."""

from __future__ import annotations

import dataclasses
import socket

from devices.printer.adapter import EscPosPrinter, EscPosSettings
from devices.printer.fake_server import FakePrinterServer
from devices.printer.job_parser import TextRun, parse_job
from flows import payment_messages as pm
from flows.payment_ports import BillDue, GatewayStatus, TradeState
from flows.utility_payment import UtilityPaymentFlow, UtilityPaymentState
from offline_cache.utility_bills import PlatformUtilityBiller
from tests.flows.payment_env import PayEnv, pay_env, payment_gateway, platform
from tests.payments.platform_side import close_bill, issue_bill, terminal_client
from tests.reliability.journey import wipe_check

__all__ = ["pay_env", "payment_gateway", "platform"]  # the fixtures this module uses

S = UtilityPaymentState


def _bill(env: PayEnv, amount_fen: int = 8650) -> BillDue:
    return issue_bill(env.platform.url, amount_fen)


def _to_methods(env: PayEnv, bill: BillDue) -> UtilityPaymentFlow:
    """The resident picks water, types the account, sees the bill and pays."""
    flow = env.utility_flow()
    flow.start()
    flow.choose_utility(bill.utility.value)
    assert flow.state is S.ENTERING_ACCOUNT
    flow.enter_account(bill.account)
    env.until(lambda: flow.state is S.SHOWING_BILL)
    assert flow.session.bill == bill
    flow.pay()
    assert flow.state is S.CHOOSING_METHOD
    assert flow.session.payment.amount_fen == bill.amount_fen
    return flow


def _qr_on_screen(env: PayEnv, flow: UtilityPaymentFlow) -> str:
    flow.choose_method("qr")
    env.until(lambda: flow.state is S.SHOWING_QR)
    qr = flow.session.payment.qr_code
    assert qr is not None
    assert flow.session.payment.qr_seconds_left() == 120
    return qr


def _receipt_text(env: PayEnv) -> str:
    printed = env.devices.printer.printed
    assert printed, "no receipt printed"
    return printed[-1].plain_text()


def test_a_bill_paid_by_qr_is_settled_and_its_receipt_printed(pay_env: PayEnv) -> None:
    env, bill = pay_env, _bill(pay_env)
    flow = _to_methods(env, bill)
    qr = _qr_on_screen(env, flow)
    assert env.gateway_sim.control.scan(qr, env.buyer().buyer_id) == "paid"
    env.polled_until(lambda: flow.state is S.DONE)
    out = flow.session.payment.out_trade_no
    assert env.state_of(out) is TradeState.COMPLETED
    assert env.charges(out) == 1
    text = _receipt_text(env)
    assert "86.50 元" in text and flow.session.trade_no in text and out in text
    assert bill.holder_masked in text and bill.account not in text  # the account cut
    session = flow.session
    flow.finish()
    assert flow.state is S.IDLE
    assert wipe_check(session) == [] and wipe_check(flow.session) == []


def test_a_qr_left_unpaid_expires_and_its_trade_is_closed(pay_env: PayEnv) -> None:
    env, bill = pay_env, _bill(pay_env)
    flow = _to_methods(env, bill)
    qr = _qr_on_screen(env, flow)
    env.loop.advance(60)
    assert flow.session.payment.qr_seconds_left() == 60
    env.loop.advance(60)
    env.until(lambda: flow.state is S.EXPIRED)
    out = flow.session.payment.out_trade_no
    assert env.state_of(out) is TradeState.CANCELLED
    # the phone that scans it too late pays nothing
    assert env.gateway_sim.control.scan(qr, env.buyer().buyer_id) == "closed"
    assert env.charges(out) == 0
    flow.pay_again()
    assert flow.state is S.CHOOSING_METHOD and flow.session.payment.qr_code is None


def test_a_bill_paid_by_payment_code(pay_env: PayEnv) -> None:
    env, bill = pay_env, _bill(pay_env)
    flow = _to_methods(env, bill)
    flow.choose_method("code")
    assert flow.state is S.WAITING_CODE
    env.show_to_scanner("https://example.org/not-a-code")
    env.until(lambda: flow.session.payment.message == pm.NOT_A_PAYMENT_CODE)
    assert flow.state is S.WAITING_CODE  # listening again
    env.show_payment_code(env.buyer())
    env.until(lambda: flow.state is S.DONE)
    out = flow.session.payment.out_trade_no
    assert env.state_of(out) is TradeState.COMPLETED and env.charges(out) == 1


def _asked_on_the_phone(env: PayEnv) -> tuple[UtilityPaymentFlow, str]:
    """A payment code whose payer's phone asks for the password (10003)."""
    flow = _to_methods(env, _bill(env))
    flow.choose_method("code")
    env.show_payment_code(env.buyer(asks_password=True))
    env.until(lambda: flow.state is S.USER_PAYING)
    out = flow.session.payment.out_trade_no
    assert out is not None and env.state_of(out) is TradeState.SENT
    return flow, out


def test_confirmed_on_the_phone_then_paid(pay_env: PayEnv) -> None:
    env = pay_env
    flow, out = _asked_on_the_phone(env)
    env.polled_until(lambda: env.loop.clock.now() >= 10)  # asked: still waiting
    assert flow.state is S.USER_PAYING
    assert env.gateway_sim.control.confirm_password(out) == "paid"
    env.polled_until(lambda: flow.state is S.DONE)
    assert env.state_of(out) is TradeState.COMPLETED and env.charges(out) == 1


def test_not_confirmed_on_the_phone_in_time_closes_the_trade(pay_env: PayEnv) -> None:
    env = pay_env
    flow, out = _asked_on_the_phone(env)
    env.polled_until(lambda: flow.state is S.FAILED)  # a minute of asking every 2 s
    assert flow.session.payment.failure == pm.NOT_CONFIRMED
    assert env.state_of(out) is TradeState.CANCELLED
    assert env.gateway_sim.control.confirm_password(out) != "paid"  # too late: closed
    assert env.charges(out) == 0


def test_balance_not_enough_then_another_way_pays_it(pay_env: PayEnv) -> None:
    env, bill = pay_env, _bill(pay_env)
    flow = _to_methods(env, bill)
    flow.choose_method("code")
    env.show_payment_code(env.buyer(100))  # 1 元 on the account
    env.until(lambda: flow.state is S.FAILED)
    first = flow.session.payment.out_trade_no
    assert flow.session.payment.failure == pm.BALANCE_NOT_ENOUGH
    assert env.state_of(first) is TradeState.CANCELLED
    flow.pay_again()
    qr = _qr_on_screen(env, flow)
    second = flow.session.payment.out_trade_no
    assert second != first  # a new trade number for each attempt
    assert env.gateway_sim.control.scan(qr, env.buyer().buyer_id) == "paid"
    env.polled_until(lambda: flow.state is S.DONE)
    assert env.state_of(second) is TradeState.COMPLETED
    assert env.charges(first) == 0 and env.charges(second) == 1


def test_an_answer_too_late_is_found_paid_by_asking(pay_env: PayEnv) -> None:
    env, bill = pay_env, _bill(pay_env)
    env.gateway_timeout_s = 0.5
    flow = _to_methods(env, bill)
    flow.choose_method("code")
    env.gateway_sim.control.fault("alipay.trade.pay", "delay", seconds=2)
    env.show_payment_code(env.buyer())
    env.until(lambda: flow.state is S.CHECKING)
    env.until(lambda: flow.state is S.DONE)
    out = flow.session.payment.out_trade_no
    assert env.state_of(out) is TradeState.COMPLETED and env.charges(out) == 1


def test_a_bill_refused_after_paying_is_refunded_and_the_receipt_says_so(
    pay_env: PayEnv,
) -> None:
    env, bill = pay_env, _bill(pay_env)
    flow = _to_methods(env, bill)
    close_bill(env.platform.url, bill.bill_id)  # written off while the resident pays
    flow.choose_method("code")
    env.show_payment_code(env.buyer())
    env.until(lambda: flow.state is S.REFUNDED)
    out = flow.session.payment.out_trade_no
    assert env.state_of(out) is TradeState.REFUNDED
    held = env.gateway_sim.control.trade(out or "")
    assert held is not None and held["refunded_fen"] == bill.amount_fen
    assert "退回" in _receipt_text(env)
    flow.finish()
    assert flow.state is S.IDLE


def test_the_refund_receipt_reaches_the_escpos_printer_in_gb18030(pay_env: PayEnv) -> None:
    env, bill = pay_env, _bill(pay_env, 12345)
    server = FakePrinterServer()
    printer = EscPosPrinter(server.url, EscPosSettings(timeout_s=1.0))
    printer.open()
    try:
        env.printer = printer
        flow = _to_methods(env, bill)
        close_bill(env.platform.url, bill.bill_id)
        flow.choose_method("code")
        env.show_payment_code(env.buyer())
        env.until(lambda: flow.state is S.REFUNDED)
        (job,) = server.wait_for_jobs(1)
    finally:
        printer.close()
        server.stop()
    text = "".join(op.text for op in parse_job(job) if isinstance(op, TextRun))
    assert "便民缴费凭证" in text and "123.45 元" in text and "款项已原路退回" in text
    assert f"交易号：{flow.session.trade_no}" in text
    assert "款项已原路退回".encode("gb18030") in job


def test_leaving_while_the_qr_is_shown_cancels_its_trade(pay_env: PayEnv) -> None:
    env, bill = pay_env, _bill(pay_env)
    flow = _to_methods(env, bill)
    qr = _qr_on_screen(env, flow)
    out = flow.session.payment.out_trade_no
    flow.cancel()
    assert flow.state is S.IDLE
    left = flow.payment_steps.left
    assert left is not None and left.closed.wait(10)
    assert env.state_of(out) is TradeState.CANCELLED
    assert env.gateway_sim.control.scan(qr, env.buyer().buyer_id) == "closed"
    assert env.charges(out) == 0


def test_another_way_closes_the_qr_first(pay_env: PayEnv) -> None:
    env, bill = pay_env, _bill(pay_env)
    flow = _to_methods(env, bill)
    _qr_on_screen(env, flow)
    out = flow.session.payment.out_trade_no
    flow.other_method()
    env.until(lambda: flow.state is S.CHOOSING_METHOD)
    assert env.state_of(out) is TradeState.CANCELLED
    assert env.gateway().query(out or "").status is GatewayStatus.CLOSED


def test_an_account_without_a_bill_says_so(pay_env: PayEnv) -> None:
    env = pay_env
    flow = env.utility_flow()
    flow.start()
    flow.choose_utility("water")
    flow.enter_account("12")
    assert flow.state is S.ENTERING_ACCOUNT and flow.session.message is not None
    env.show_to_scanner("BILL 9999999999")  # the bill's barcode: digits of an account
    env.until(lambda: flow.state is S.ENTERING_ACCOUNT and flow.session.account == "9999999999")
    assert flow.session.message is not None and "没有待缴账单" in flow.session.message.zh


def test_the_idle_timeout_while_the_qr_is_made_closes_it_once_made(pay_env: PayEnv) -> None:
    env, bill = pay_env, _bill(pay_env)
    flow = _to_methods(env, bill)
    env.gateway_sim.control.fault("alipay.trade.precreate", "delay", seconds=1)
    flow.choose_method("qr")
    assert flow.state is S.CREATING
    flow.reset()  # the idle timeout, the precreate still under way
    assert flow.state is S.IDLE
    left = flow.payment_steps.left
    assert left is not None and left.closed.wait(10)  # closed after its answer came
    out = left.out_trade_no
    assert env.state_of(out) is TradeState.CANCELLED
    assert env.gateway().query(out or "").status is GatewayStatus.CLOSED
    env.loop.run_pending()  # the precreate's late answer: stale, nothing moves
    assert flow.state is S.IDLE and flow.session.payment.qr_code is None


def test_leaving_when_the_gateway_is_busy_leaves_the_trade_to_the_recovery(
    pay_env: PayEnv,
) -> None:
    env, bill = pay_env, _bill(pay_env)
    flow = _to_methods(env, bill)
    _qr_on_screen(env, flow)
    out = flow.session.payment.out_trade_no
    env.gateway_sim.control.fault("alipay.trade.cancel", "busy", times=5)
    flow.cancel()
    left = flow.payment_steps.left
    assert left is not None and left.closed.wait(10)
    # tried once, not again and again: SENT, the recovery asks the gateway later
    assert env.state_of(out) is TradeState.SENT
    assert env.gateway().query(out or "").status is GatewayStatus.WAIT_BUYER_PAY


def test_a_biller_away_leaves_the_paid_trade_to_the_recovery(pay_env: PayEnv) -> None:
    env, bill = pay_env, _bill(pay_env)
    flow = _to_methods(env, bill)
    with socket.socket() as s:  # a port nobody listens on: the platform away
        s.bind(("127.0.0.1", 0))
        away = terminal_client(f"http://127.0.0.1:{s.getsockname()[1]}")
    flow.payments = dataclasses.replace(flow.payments, biller=PlatformUtilityBiller(away))
    flow.choose_method("code")
    env.show_payment_code(env.buyer())
    env.until(lambda: flow.state is S.DONE)
    away.close()
    assert flow.session.settle_pending
    assert env.state_of(flow.session.payment.out_trade_no) is TradeState.PAID
    assert "销账处理中" in _receipt_text(env)


def test_a_refund_the_gateway_does_not_answer_stays_refunding(pay_env: PayEnv) -> None:
    env, bill = pay_env, _bill(pay_env)
    flow = _to_methods(env, bill)
    close_bill(env.platform.url, bill.bill_id)
    env.gateway_sim.control.fault("alipay.trade.refund", "busy")
    flow.choose_method("code")
    env.show_payment_code(env.buyer())
    env.until(lambda: flow.state is S.REFUNDED)
    assert flow.session.refund_pending
    assert env.state_of(flow.session.payment.out_trade_no) is TradeState.REFUNDING
    assert "处理中" in _receipt_text(env)
