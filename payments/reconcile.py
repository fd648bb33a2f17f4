"""Reconciliation (对账): a day's gateway bill against the kiosk's trade ledger.

Both directions are walked:

* every trade on the day's bill must be in the ledger (any day: a QR shown before
  midnight may be paid after it), for the same amount, in a state where money moved
  (PAID, COMPLETED, REFUNDING, REFUNDED), charged once, and refunded only where the
  ledger says so;
* every trade the ledger opened that day (the day in the gateway's time zone) that
  moved money must be on the bill; one paid after midnight is looked for on the next
  day's bill too, and a refund the ledger recorded that day must be there as well.

Each mismatch is named with both sides' word. Nothing here changes the ledger or the
gateway: a mismatch is for the technician (``kiosk payments recover`` settles what the
kiosk left unsettled; the rest is the back office's).
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo

from flows.payment_ports import TradeRecord, TradeState
from payments.gateway_answers import yuan
from payments.gateway_bill import PAYMENT, REFUND, BillRow
from payments.trade_ledger import SqliteTradeLedger, UnknownTrade

#: the states in which the ledger says money moved from the payer
MONEY_MOVED = frozenset(
    {TradeState.PAID, TradeState.COMPLETED, TradeState.REFUNDING, TradeState.REFUNDED}
)


class MismatchKind(enum.StrEnum):
    MISSING_IN_LEDGER = "missing in ledger"
    MISSING_IN_BILL = "missing in bill"
    AMOUNT_DIFFERS = "amount differs"
    STATE_DIFFERS = "state differs"
    CHARGED_TWICE = "charged twice"


@dataclass(frozen=True)
class Mismatch:
    kind: MismatchKind
    out_trade_no: str
    #: what the ledger says ("-" when it has no such trade)
    ledger: str
    #: what the gateway's bill says
    gateway: str


@dataclass
class ReconcileReport:
    day: date
    bill_rows: int = 0
    ledger_trades: int = 0
    mismatches: list[Mismatch] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.mismatches


@dataclass
class _OnBill:
    """One trade's rows on a bill."""

    payments: list[int] = field(default_factory=list)
    refunds: list[int] = field(default_factory=list)


#: a day's bill rows; None when the gateway has no bill for that day (yet)
BillSource = Callable[[date], list[BillRow] | None]


def reconcile(
    ledger: SqliteTradeLedger, bills: BillSource, day: date, tz: tzinfo
) -> ReconcileReport:
    rows = bills(day) or []
    report = ReconcileReport(day, bill_rows=len(rows))
    on_bill = _by_trade(rows)
    for out_trade_no, seen in on_bill.items():
        report.mismatches.extend(_against_ledger(ledger, out_trade_no, seen, day, tz))
    start = datetime.combine(day, time(), tz)
    opened = ledger.opened_between(start, start + timedelta(days=1))
    report.ledger_trades = len(opened)
    unbilled = [t for t in opened if t.state in MONEY_MOVED and t.out_trade_no not in on_bill]
    if unbilled:
        later = _by_trade(bills(day + timedelta(days=1)) or [])
        for trade in unbilled:
            if not later.get(trade.out_trade_no, _OnBill()).payments:
                report.mismatches.append(
                    Mismatch(MismatchKind.MISSING_IN_BILL, trade.out_trade_no, _said(trade), "-")
                )
    for trade in opened:
        refund_missing = (
            trade.state is TradeState.REFUNDED
            and trade.out_trade_no in on_bill
            and not on_bill[trade.out_trade_no].refunds
        )
        if refund_missing and _refunded_on(ledger, trade, tz) == day:
            report.mismatches.append(
                Mismatch(
                    MismatchKind.STATE_DIFFERS,
                    trade.out_trade_no,
                    _said(trade),
                    "no refund on the bill",
                )
            )
    return report


def _by_trade(rows: list[BillRow]) -> dict[str, _OnBill]:
    found: dict[str, _OnBill] = {}
    for row in rows:
        seen = found.setdefault(row.out_trade_no, _OnBill())
        if row.kind == PAYMENT:
            seen.payments.append(row.amount_fen)
        elif row.kind == REFUND:
            seen.refunds.append(-row.amount_fen)
    return found


def _against_ledger(
    ledger: SqliteTradeLedger, out_trade_no: str, seen: _OnBill, day: date, tz: tzinfo
) -> list[Mismatch]:
    billed = _billed(seen)
    try:
        trade = ledger.get(out_trade_no)
    except UnknownTrade:
        return [Mismatch(MismatchKind.MISSING_IN_LEDGER, out_trade_no, "-", billed)]
    said = _said(trade)
    found: list[Mismatch] = []
    if len(seen.payments) > 1:
        found.append(Mismatch(MismatchKind.CHARGED_TWICE, out_trade_no, said, billed))
    if seen.payments and trade.state not in MONEY_MOVED:
        found.append(Mismatch(MismatchKind.STATE_DIFFERS, out_trade_no, said, billed))
    if any(fen != trade.amount_fen for fen in seen.payments):
        found.append(Mismatch(MismatchKind.AMOUNT_DIFFERS, out_trade_no, said, billed))
    if seen.refunds:
        if trade.state not in (TradeState.REFUNDED, TradeState.REFUNDING):
            found.append(Mismatch(MismatchKind.STATE_DIFFERS, out_trade_no, said, billed))
        elif sum(seen.refunds) != trade.amount_fen:
            found.append(Mismatch(MismatchKind.AMOUNT_DIFFERS, out_trade_no, said, billed))
    return found


def _refunded_on(ledger: SqliteTradeLedger, trade: TradeRecord, tz: tzinfo) -> date | None:
    """The day (in ``tz``) the ledger wrote the trade refunded."""
    for change in reversed(ledger.history(trade.out_trade_no)):
        if change.state is TradeState.REFUNDED:
            return datetime.fromisoformat(change.at).astimezone(tz).date()
    return None


def _said(trade: TradeRecord) -> str:
    return f"{trade.state.value} {yuan(trade.amount_fen)}"


def _billed(seen: _OnBill) -> str:
    parts = [f"paid {yuan(fen)}" for fen in seen.payments]
    parts += [f"refunded {yuan(fen)}" for fen in seen.refunds]
    return ", ".join(parts)
