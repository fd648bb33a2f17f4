"""After a kill -9 at any step, the restarted kiosk's recovery brings each trade to an
end against the real gateway simulator and platform: completed, cancelled, or the money
sent back (a bill paid elsewhere meanwhile, a case the platform refused)."""

from __future__ import annotations

import dataclasses
import socket
from datetime import timedelta

from flows.domain import CasePayment, MaterialPage
from flows.payment_ports import (
    GatewayStatus,
    PayMethod,
    SettleOutcome,
    TradePurpose,
    TradeRecord,
    TradeRequest,
    TradeState,
)
from offline_cache.forwarder import Forwarder
from offline_cache.outbox_items import OutboxState
from payment_gateway_sim.embedded import RunningGateway
from payments.gateway_client import AlipayGateway
from payments.trade_ledger import utc_now
from platform_sim.server import RunningServer
from tests.payments.conftest import KioskSide
from tests.payments.platform_side import close_bill, issue_bill, terminal_client
from tests.platform.helpers import draft

#: 居民身份证补领 and its fee (the platform's catalogue)
FEE_MATTER = "HJ002"
FEE = 4000


def _open_bill_trade(kiosk: KioskSide, bill_id: str, amount: int) -> TradeRecord:
    trade = kiosk.ledger.open_trade(TradePurpose.UTILITY_BILL, bill_id, amount, PayMethod.CODE)
    return kiosk.ledger.advance(trade.out_trade_no, TradeState.SENT)


def _pay(kiosk: KioskSide, gw: RunningGateway, trade: TradeRecord) -> str:
    """The resident's payment code paid at the gateway (the kiosk killed right after:
    the ledger still says SENT); the payer's id."""
    buyer = gw.control.new_buyer(100_000)
    answer = kiosk.gateway.pay_with_code(
        TradeRequest(trade.out_trade_no, trade.amount_fen, "水费"),
        gw.control.payment_code(buyer.buyer_id),
    )
    assert answer.status is GatewayStatus.SUCCESS
    return buyer.buyer_id


def _charges(gw: RunningGateway, out_trade_no: str) -> int:
    held = gw.control.trade(out_trade_no)
    return 0 if held is None else int(held["charges"])


def test_killed_before_the_first_call_the_number_is_cancelled(
    kiosk: KioskSide, payment_gateway: RunningGateway, platform: RunningServer
) -> None:
    bill = issue_bill(platform.url)
    trade = _open_bill_trade(kiosk, bill.bill_id, bill.amount_fen)
    report = kiosk.recovery().run()
    assert [(s.before, s.after) for s in report.steps] == [(TradeState.SENT, TradeState.CANCELLED)]
    # the number is closed at the gateway: a pay sent late under it takes nothing
    buyer = payment_gateway.control.new_buyer(100_000)
    late = kiosk.gateway.pay_with_code(
        TradeRequest(trade.out_trade_no, trade.amount_fen, "水费"),
        payment_gateway.control.payment_code(buyer.buyer_id),
    )
    assert late.status is GatewayStatus.FAILED
    assert payment_gateway.control.balance(buyer.buyer_id) == 100_000


def test_an_unpaid_qr_left_on_screen_is_cancelled(
    kiosk: KioskSide, payment_gateway: RunningGateway, platform: RunningServer
) -> None:
    bill = issue_bill(platform.url)
    trade = kiosk.ledger.open_trade(
        TradePurpose.UTILITY_BILL, bill.bill_id, bill.amount_fen, PayMethod.QR
    )
    kiosk.ledger.advance(trade.out_trade_no, TradeState.SENT)
    shown = kiosk.gateway.precreate(TradeRequest(trade.out_trade_no, bill.amount_fen, "水费"))
    assert shown.qr_code
    kiosk.recovery().run()
    assert kiosk.ledger.get(trade.out_trade_no).state is TradeState.CANCELLED
    buyer = payment_gateway.control.new_buyer(100_000)
    assert payment_gateway.control.scan(shown.qr_code, buyer.buyer_id) != "paid"


def test_paid_but_unrecorded_is_settled_on_the_bill(
    kiosk: KioskSide, payment_gateway: RunningGateway, platform: RunningServer
) -> None:
    bill = issue_bill(platform.url)
    trade = _open_bill_trade(kiosk, bill.bill_id, bill.amount_fen)
    _pay(kiosk, payment_gateway, trade)
    report = kiosk.recovery().run()
    assert [(s.before, s.after) for s in report.steps] == [(TradeState.SENT, TradeState.COMPLETED)]
    done = kiosk.ledger.get(trade.out_trade_no)
    assert done.trade_no  # the gateway's number, learnt from the query
    # the bill is paid by this trade: settling it again is the same answer
    assert kiosk.biller.settle_bill(bill.bill_id, trade.out_trade_no, bill.amount_fen) is (
        SettleOutcome.SETTLED
    )
    assert _charges(payment_gateway, trade.out_trade_no) == 1
    assert kiosk.recovery().run().steps == []  # nothing left for a second pass


def test_a_bill_paid_elsewhere_meanwhile_is_refunded(
    kiosk: KioskSide, payment_gateway: RunningGateway, platform: RunningServer
) -> None:
    bill = issue_bill(platform.url)
    first = _open_bill_trade(kiosk, bill.bill_id, bill.amount_fen)
    _pay(kiosk, payment_gateway, first)
    kiosk.ledger.advance(first.out_trade_no, TradeState.PAID)
    # before this kiosk could settle, the bill was paid by another trade (another kiosk,
    # the utility's counter)
    other = "KOTHER-" + first.out_trade_no[-10:]
    assert kiosk.biller.settle_bill(bill.bill_id, other, bill.amount_fen) is SettleOutcome.SETTLED
    payer = payment_gateway.control.trade(first.out_trade_no)
    assert payer is not None
    report = kiosk.recovery().run()
    assert [(s.before, s.after) for s in report.steps] == [(TradeState.PAID, TradeState.REFUNDED)]
    history = [c.state for c in kiosk.ledger.history(first.out_trade_no)]
    assert history[-2:] == [TradeState.REFUNDING, TradeState.REFUNDED]
    assert kiosk.gateway.query(first.out_trade_no).status is GatewayStatus.CLOSED


def test_a_refund_interrupted_is_sent_again_and_refunds_once(
    kiosk: KioskSide, payment_gateway: RunningGateway, platform: RunningServer
) -> None:
    bill = issue_bill(platform.url)
    trade = _open_bill_trade(kiosk, bill.bill_id, bill.amount_fen)
    buyer_id = _pay(kiosk, payment_gateway, trade)
    kiosk.ledger.advance(trade.out_trade_no, TradeState.PAID)
    close_bill(platform.url, bill.bill_id)  # written off: the payment must go back
    kiosk.ledger.advance(trade.out_trade_no, TradeState.REFUNDING)
    # the refund went out, the kiosk died before writing REFUNDED
    assert kiosk.gateway.refund(
        trade.out_trade_no, trade.amount_fen, trade.out_trade_no + "-R", "test"
    )
    kiosk.recovery().run()
    assert kiosk.ledger.get(trade.out_trade_no).state is TradeState.REFUNDED
    assert payment_gateway.control.balance(buyer_id) == 100_000  # refunded once, not twice


def _fee_trade(kiosk: KioskSide, gw: RunningGateway, case_key: str) -> TradeRecord:
    trade = kiosk.ledger.open_trade(TradePurpose.MATTER_FEE, case_key, FEE, PayMethod.CODE)
    kiosk.ledger.advance(trade.out_trade_no, TradeState.SENT)
    _pay(kiosk, gw, trade)
    return kiosk.ledger.advance(trade.out_trade_no, TradeState.PAID)


def _paid_case(kiosk: KioskSide, gw: RunningGateway, paid_on_case: int) -> TradeRecord:
    """居民身份证补领 (a 40 元 fee) paid, then its case stored carrying the payment as
    ``paid_on_case`` fen; the trade as the ledger holds it."""
    base = draft(matter=FEE_MATTER)
    page = base.pages[0].image
    case = dataclasses.replace(
        base,
        pages=(MaterialPage("photo", page), MaterialPage("application_form", page)),
        deferred_materials=("hukou",),  # 容缺: brought within 5 days
        form={**base.form, "address": base.applicant.address},
    )
    trade = _fee_trade(kiosk, gw, case.idempotency_key)
    assert trade.trade_no is None  # the kiosk was killed before it wrote the gateway's
    trade_no = kiosk.gateway.query(trade.out_trade_no).trade_no
    assert trade_no
    payment = CasePayment(trade.out_trade_no, trade_no, paid_on_case)
    kiosk.outbox.add_case(dataclasses.replace(case, payment=payment))
    return trade


def _forward(kiosk: KioskSide, platform: RunningServer) -> None:
    client = terminal_client(platform.url)
    try:
        Forwarder(kiosk.outbox, client, send_timeout=3.0).drain()
    finally:
        client.close()


def test_a_fee_whose_case_the_platform_refused_is_refunded(
    kiosk: KioskSide, payment_gateway: RunningGateway, platform: RunningServer
) -> None:
    trade = _paid_case(kiosk, payment_gateway, paid_on_case=FEE // 2)  # 422 fee_mismatch
    _forward(kiosk, platform)
    case = kiosk.outbox.lookup_case(trade.reference)
    assert case is not None and case.state is OutboxState.FAILED
    report = kiosk.recovery().run()
    assert [(s.before, s.after) for s in report.steps] == [(TradeState.PAID, TradeState.REFUNDED)]
    assert kiosk.gateway.query(trade.out_trade_no).status is GatewayStatus.CLOSED


def test_a_fee_whose_case_the_platform_holds_is_completed(
    kiosk: KioskSide, payment_gateway: RunningGateway, platform: RunningServer
) -> None:
    trade = _paid_case(kiosk, payment_gateway, paid_on_case=FEE)
    report = kiosk.recovery().run()  # the case still waits to be sent: the trade waits
    assert [(s.after, s.note) for s in report.steps] == [
        (TradeState.PAID, "its case still waits in the outbox")
    ]
    _forward(kiosk, platform)
    case = kiosk.outbox.lookup_case(trade.reference)
    assert case is not None and case.state is OutboxState.ACCEPTED
    kiosk.recovery().run()
    assert kiosk.ledger.get(trade.out_trade_no).state is TradeState.COMPLETED
    assert _charges(payment_gateway, trade.out_trade_no) == 1


def test_a_fee_paid_for_a_case_never_stored_is_refunded(
    kiosk: KioskSide, payment_gateway: RunningGateway
) -> None:
    trade = _fee_trade(kiosk, payment_gateway, "a-case-never-stored")
    kiosk.recovery().run()
    assert kiosk.ledger.get(trade.out_trade_no).state is TradeState.REFUNDED


def test_without_the_gateway_nothing_is_guessed(kiosk: KioskSide, platform: RunningServer) -> None:
    bill = issue_bill(platform.url)
    trade = _open_bill_trade(kiosk, bill.bill_id, bill.amount_fen)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    away = AlipayGateway(
        dataclasses.replace(kiosk.gateway.settings, url=f"http://127.0.0.1:{port}/gateway.do")
    )
    report = kiosk.recovery(away).run()
    assert [(s.after, s.note.split(":")[0]) for s in report.steps] == [(TradeState.SENT, "gateway")]
    assert kiosk.ledger.get(trade.out_trade_no).state is TradeState.SENT


def test_a_pass_while_journeys_run_leaves_young_trades_alone(
    kiosk: KioskSide, platform: RunningServer
) -> None:
    bill = issue_bill(platform.url)
    trade = _open_bill_trade(kiosk, bill.bill_id, bill.amount_fen)
    report = kiosk.recovery().run(changed_before=utc_now() - timedelta(minutes=10))
    assert report.steps == [] and report.skipped_young == 1
    assert kiosk.ledger.get(trade.out_trade_no).state is TradeState.SENT
