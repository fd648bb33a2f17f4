"""The paper of a payment: 缴费凭证 for a utility bill (paid, or refunded when the biller
refused it), and the fee's lines on a declaration's 办件回执. Left behind in a public
place, so: the holder's name as the biller masked it, the account number cut to its last
digits, never anything of the payer; the trade numbers, the amount and the time, which
is what a dispute and the reconciliation need."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from device_contracts import Receipt, ReceiptLine
from flows.domain import CasePayment
from flows.payment_ports import BillDue, Utility
from flows.receipts import receipt_header, receipt_line

UTILITY_TITLE = "便民缴费凭证"
UTILITY_NAMES = {
    Utility.WATER: "水费",
    Utility.ELECTRICITY: "电费",
    Utility.GAS: "燃气费",
    Utility.HEATING: "供暖费",
}
SETTLED = "缴费成功，账单已销账。"
SETTLE_PENDING = "已付款，销账处理中；如有疑问请凭本凭证咨询。"
REFUNDED = "账单未能销账，款项已原路退回。"
REFUND_PENDING = "账单未能销账，款项将原路退回（处理中）。"


@dataclass(frozen=True)
class PaidTrade:
    """A trade as the paper shows it."""

    out_trade_no: str
    trade_no: str
    amount_fen: int


def yuan(amount_fen: int) -> str:
    """Whole fen as yuan with two decimals: 8650 -> 86.50 元."""
    return f"{amount_fen // 100}.{amount_fen % 100:02d} 元"


def masked_account(account: str) -> str:
    """Only the last four digits of an account number stay readable."""
    return "*" * max(0, len(account) - 4) + account[-4:]


def utility_receipt(
    *,
    terminal_id: str,
    paid_at: datetime,
    bill: BillDue,
    trade: PaidTrade,
    refunded: bool = False,
    pending: bool = False,
) -> Receipt:
    """``refunded``: the biller refused the bill and the money goes back; ``pending``:
    the biller (or, refunded, the gateway) did not answer yet, the recovery finishes it."""
    lines = [*receipt_header(UTILITY_TITLE, terminal_id, paid_at)]
    lines.append(receipt_line(f"缴费项目：{UTILITY_NAMES[bill.utility]}  {bill.period}"))
    lines.append(receipt_line(f"户号：{masked_account(bill.account)}"))
    lines.append(receipt_line(f"户名：{bill.holder_masked}"))
    lines.extend(trade_lines(trade))
    if refunded:
        note = REFUND_PENDING if pending else REFUNDED
    else:
        note = SETTLE_PENDING if pending else SETTLED
    lines.append(receipt_line(note, bold=True))
    return Receipt(lines=tuple(lines), qr=None)


def trade_lines(trade: PaidTrade) -> list[ReceiptLine]:
    return [
        receipt_line(f"金额：{yuan(trade.amount_fen)}", bold=True, large=True),
        receipt_line(f"交易号：{trade.trade_no}"),
        receipt_line(f"商户订单号：{trade.out_trade_no}"),
    ]


def fee_lines(payment: CasePayment) -> list[ReceiptLine]:
    """A matter's fee on the declaration's receipt."""
    return [
        receipt_line("已缴纳办理费用：", bold=True),
        *trade_lines(PaidTrade(payment.out_trade_no, payment.trade_no, payment.amount_fen)),
    ]
