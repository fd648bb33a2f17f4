"""Which step from one trade state to another the ledger writes (the table in
:class:`flows.payment_ports.TradeState`'s docstring, as the flows and the recovery walk
it). A terminal state never changes again: a trade cancelled or refunded must not be
written paid by a late answer, and a completed one is not refunded by a stray retry."""

from __future__ import annotations

from flows.payment_ports import TradeState

CREATED, SENT, PAID = TradeState.CREATED, TradeState.SENT, TradeState.PAID
REFUNDING, COMPLETED = TradeState.REFUNDING, TradeState.COMPLETED
CANCELLED, REFUNDED = TradeState.CANCELLED, TradeState.REFUNDED

#: state -> the states it may go to next (besides itself)
NEXT: dict[TradeState, frozenset[TradeState]] = {
    # a query after a kill can find a trade paid that the kiosk never marked sent, and a
    # cancel of a paid trade refunds it (alipay.trade.cancel's action "refund")
    CREATED: frozenset({SENT, PAID, CANCELLED, REFUNDED}),
    SENT: frozenset({PAID, CANCELLED, REFUNDED}),
    PAID: frozenset({COMPLETED, REFUNDING}),
    REFUNDING: frozenset({REFUNDED}),
    COMPLETED: frozenset(),
    CANCELLED: frozenset(),
    REFUNDED: frozenset(),
}


class IllegalTransition(ValueError):
    """A step the table does not allow: a bug in the caller, nothing is written."""


def check_transition(out_trade_no: str, current: TradeState, wanted: TradeState) -> None:
    if wanted is not current and wanted not in NEXT[current]:
        raise IllegalTransition(
            f"trade {out_trade_no}: {current.value} -> {wanted.value} is not a step of the ledger"
        )
