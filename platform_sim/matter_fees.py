"""A matter's fee on its case (issue 23): a matter with ``fee_fen`` in the catalogue is
declared only with its payment, of that amount, by a trade no other case was paid with;
the case keeps the trade numbers (``cases.payment``, JSON), which its answer carries for
the back office and the kiosk's receipt.

The gateway's notify may come before the case or after it: when the platform has heard
of the trade already (``payment_trades``), the case's numbers must agree with what the
gateway said; otherwise the amount is what is checked, and reconciliation does the rest.
"""

from __future__ import annotations

import logging
from typing import Any

from platform_contract.case_payment import CasePayment
from platform_sim.errors import ApiError
from platform_sim.store.transaction import StoreRow, Tx

log = logging.getLogger(__name__)


def check_payment(conn: Tx, matter: dict[str, Any], payment: CasePayment | None) -> None:
    """422 ``fee_required`` / ``fee_mismatch``, 409 ``payment_used``; nothing for a free
    matter declared without a payment."""
    fee = int(matter.get("fee_fen", 0))
    if payment is None:
        if fee:
            raise ApiError(
                422,
                "fee_required",
                f"该事项需缴纳费用 {fee / 100:.2f} 元",
                f"This matter's fee of {fee / 100:.2f} yuan must be paid",
            )
        return
    heard = conn.execute(
        "SELECT trade_no, amount_fen FROM payment_trades WHERE out_trade_no = ?",
        (payment.out_trade_no,),
    ).fetchone()
    if payment.amount_fen != fee or (
        heard is not None and (heard["trade_no"], heard["amount_fen"]) != _numbers(payment)
    ):
        log.warning("case payment refused", extra={"out_trade_no": payment.out_trade_no})
        raise ApiError(
            422, "fee_mismatch", "缴费金额与事项收费不符", "The payment is not this matter's fee"
        )
    used = conn.execute(
        f"SELECT code FROM cases WHERE payment IS NOT NULL"
        f" AND {conn.json_text('payment', 'out_trade_no')} = ?",
        (payment.out_trade_no,),
    ).fetchone()
    if used is not None:
        raise ApiError(
            409, "payment_used", "该笔缴费已用于其他办件", "This payment paid another case"
        )


def keep_payment(conn: Tx, case_code: str, payment: CasePayment | None) -> None:
    if payment is not None:
        conn.execute(
            "UPDATE cases SET payment = ? WHERE code = ?", (payment.model_dump_json(), case_code)
        )


def payment_out(row: StoreRow) -> CasePayment | None:
    kept = row["payment"]
    return CasePayment.model_validate_json(kept) if kept else None


def _numbers(payment: CasePayment) -> tuple[str, int]:
    return payment.trade_no, payment.amount_fen
