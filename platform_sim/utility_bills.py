"""The utility-billing simulator (便民缴费): bills due on water, electricity, gas and heating
accounts, and the settlement that marks one paid by a kiosk's trade.

The holder's whole name stays here; only its masked form leaves (:func:`masked`). A bill
is ``due`` until a settlement marks it ``paid`` with the trade that paid it; the same
trade settling it again is answered as the first time (a kiosk's recovery sends it again
after a kill -9), any other trade is refused, and so is an amount that is not the bill's:
the kiosk then refunds the payer. A ``closed`` bill (written off by the utility) takes no
payment.
"""

from __future__ import annotations

import logging
import secrets
from datetime import UTC, datetime

from platform_contract.utility_bills import (
    SettlementIn,
    SettlementOut,
    UtilityBillIn,
    UtilityBillOut,
)
from platform_sim.db import Database
from platform_sim.errors import ApiError
from platform_sim.store.transaction import StoreRow, Tx

log = logging.getLogger(__name__)

#: the demo's accounts (fictional): utility, account, holder, period, amount in fen, status.
#: 1000000009's bill is paid already, for the refusals.
DEMO_BILLS = (
    ("water", "1000000001", "张伟", "2026-11", 8650, "due"),
    ("electricity", "2000000002", "李娜", "2026-11", 12345, "due"),
    ("gas", "3000000003", "王磊", "2026-11", 4200, "due"),
    ("heating", "4000000004", "赵敏", "2025-26", 260000, "due"),
    ("water", "1000000009", "孙丽", "2026-11", 5600, "paid"),
)
#: the trade that paid the demo's paid bill (no kiosk's: it was paid at the counter)
COUNTER_TRADE = "COUNTER-20261105-0001"

NO_BILL = ("no_bill", "该户号当前没有待缴账单", "This account has no bill to pay")


def masked(name: str) -> str:
    """The first character, a star for each of the others (张伟 -> 张*, 欧阳娜娜 -> 欧***)."""
    return name[:1] + "*" * (len(name) - 1)


def ensure_bills(db: Database) -> None:
    """The demo accounts' bills, each once (one bill an account a period: a restart
    leaves them as they are, paid ones paid)."""
    with db.tx() as conn:
        for utility, account, holder, period, amount, status in DEMO_BILLS:
            paid_by = COUNTER_TRADE if status == "paid" else None
            _insert(conn, (utility, account, holder, period, amount, status, paid_by))


def _insert(conn: Tx, fields: tuple[str, str, str, str, int, str, str | None]) -> str | None:
    """A new bill of (utility, account, holder, period, amount, status, paid by); its id,
    or None when that account's period has its bill already."""
    new_id = f"UB-{secrets.token_hex(8)}"  # opaque: an account number is the household's
    inserted = conn.execute(
        "INSERT INTO utility_bills (bill_id, utility, account, holder_name, period,"
        " amount_fen, status, out_trade_no) VALUES (?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING",
        (new_id, *fields),
    ).rowcount
    return new_id if inserted else None


def bill_due(conn: Tx, utility: str, account: str) -> UtilityBillOut:
    """The account's oldest bill still due, or 404 ``no_bill``."""
    row = conn.execute(
        "SELECT * FROM utility_bills WHERE utility = ? AND account = ? AND status = 'due'"
        " ORDER BY period, bill_id LIMIT 1",
        (utility, account),
    ).fetchone()
    if row is None:
        raise ApiError(404, *NO_BILL)
    return _out(row)


def issue_bill(conn: Tx, bill: UtilityBillIn) -> UtilityBillOut:
    """A new bill due (the back office's); 409 when that period's bill exists."""
    b = bill
    new_id = _insert(
        conn, (b.utility, b.account, b.holder_name, b.period, b.amount_fen, "due", None)
    )
    if new_id is None:
        raise ApiError(409, "bill_exists", "该账期账单已存在", "This period's bill exists already")
    return bill_by_id(conn, new_id)


def bill_by_id(conn: Tx, wanted: str) -> UtilityBillOut:
    row = conn.execute("SELECT * FROM utility_bills WHERE bill_id = ?", (wanted,)).fetchone()
    if row is None:
        raise ApiError(404, *NO_BILL)
    return _out(row)


def close_bill(conn: Tx, wanted: str) -> UtilityBillOut:
    """The utility writes a due bill off: it takes no payment any more (a kiosk that took
    the money meanwhile gets ``closed`` and refunds). 409 when it is paid."""
    if not conn.execute(
        "UPDATE utility_bills SET status = 'closed' WHERE bill_id = ? AND status <> 'paid'",
        (wanted,),
    ).rowcount:
        bill_by_id(conn, wanted)  # 404 when there is no such bill
        raise ApiError(409, "bill_paid", "该账单已缴清", "This bill is paid already")
    return bill_by_id(conn, wanted)


def settle(conn: Tx, wanted: str, body: SettlementIn, terminal_id: str) -> SettlementOut:
    """Mark the bill paid by ``body``'s trade, or say why it cannot be (the money goes back)."""
    row = conn.execute("SELECT * FROM utility_bills WHERE bill_id = ?", (wanted,)).fetchone()
    if row is None:
        raise ApiError(404, *NO_BILL)
    if row["status"] == "paid":
        if row["out_trade_no"] == body.out_trade_no:
            return SettlementOut(status="settled")  # the same trade again: nothing changes
        return _refused(wanted, "already_paid")
    if row["status"] == "closed":
        return _refused(wanted, "closed")
    if row["amount_fen"] != body.amount_fen:
        return _refused(wanted, "amount_changed")
    conn.execute(
        "UPDATE utility_bills SET status = 'paid', out_trade_no = ?, terminal_id = ?,"
        " settled_at = ? WHERE bill_id = ? AND status = 'due'",
        (body.out_trade_no, terminal_id, datetime.now(UTC).isoformat(), wanted),
    )
    log.info("utility bill settled", extra={"bill_id": wanted, "out_trade_no": body.out_trade_no})
    return SettlementOut(status="settled")


def _refused(wanted: str, reason: str) -> SettlementOut:
    log.info("utility bill settlement refused", extra={"bill_id": wanted, "reason": reason})
    return SettlementOut.model_validate({"status": "refused", "reason": reason})


def _out(row: StoreRow) -> UtilityBillOut:
    """The bill as it leaves the platform: the holder masked, nothing else of theirs."""
    shown = {name: row[name] for name in ("bill_id", "utility", "account", "period")}
    return UtilityBillOut.model_validate(
        {**shown, "holder_masked": masked(row["holder_name"]), "amount_fen": row["amount_fen"]}
    )
