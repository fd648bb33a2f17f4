"""Pickup codes (取件码): six digits, single use, sent by SMS when the certificate is
loaded into a pickup compartment, spent when it is collected."""

from __future__ import annotations

import logging
import secrets
from datetime import datetime, timedelta

from platform_contract.schemas import Bilingual, PickupTicketOut
from platform_sim.clock import now
from platform_sim.errors import ApiError
from platform_sim.notifications import send_sms
from platform_sim.seal import sealed_ticket
from platform_sim.store.transaction import StoreRow, Tx

log = logging.getLogger(__name__)

#: how long a certificate waits in the locker before staff take it back
CODE_VALIDITY = timedelta(days=30)


def issue_code(
    conn: Tx,
    case: StoreRow,
    terminal_id: str,
    compartment_id: str,
    matter_name: Bilingual,
) -> None:
    at = now()
    # a reload into another compartment supersedes the old code
    conn.execute(
        "UPDATE pickup_codes SET used_at = ? WHERE case_code = ? AND used_at IS NULL",
        (at.isoformat(), case["code"]),
    )
    while True:
        code = f"{secrets.randbelow(1_000_000):06d}"
        live = conn.execute(
            "SELECT 1 FROM pickup_codes WHERE code = ? AND used_at IS NULL", (code,)
        ).fetchone()
        if live is None:
            break
    conn.execute(
        "INSERT INTO pickup_codes (code, case_code, terminal_id, compartment_id, created_at,"
        " expires_at) VALUES (?, ?, ?, ?, ?, ?)",
        (
            code,
            case["code"],
            terminal_id,
            compartment_id,
            at.isoformat(),
            (at + CODE_VALIDITY).isoformat(),
        ),
    )
    send_sms(
        conn,
        case["code"],
        case["phone"],
        f"【北京市政务服务】您的办件{case['code']}（{matter_name.zh}）已办结，"
        f"请凭取件码{code}到24小时自助服务区取件柜{compartment_id}号格口取件。",
        f"[Beijing Government Services] Your case {case['code']} ({matter_name.en}) is ready. "
        f"Collect it from locker {compartment_id} in the 24-hour self-service zone "
        f"with pickup code {code}.",
    )
    log.info("pickup code issued", extra={"case_code": case["code"]})


def verify_code(conn: Tx, code: str, terminal_id: str) -> StoreRow:
    """The live pickup row for ``code``; 404 unknown, 410 used or expired, 409 elsewhere."""
    row: StoreRow | None = conn.execute(
        "SELECT * FROM pickup_codes WHERE code = ? ORDER BY used_at IS NULL DESC, id DESC LIMIT 1",
        (code,),
    ).fetchone()
    if row is None:
        raise ApiError(404, "unknown_pickup_code", "取件码不正确", "The pickup code is not correct")
    if row["used_at"] is not None:
        raise ApiError(410, "pickup_code_used", "该取件码已使用", "This pickup code has been used")
    if datetime.fromisoformat(row["expires_at"]) < now():
        raise ApiError(
            410,
            "pickup_code_expired",
            "取件码已过期，请联系工作人员",
            "This pickup code has expired; please ask staff",
        )
    if row["terminal_id"] != terminal_id:
        raise ApiError(
            409,
            "pickup_elsewhere",
            "证件存放在其他自助服务区，请按短信提示前往取件",
            "The certificate is in another self-service zone; see the SMS for where",
        )
    return row


def ticket(conn: Tx, row: StoreRow, matter_name: Bilingual) -> PickupTicketOut:
    """The sealed ticket of a live pickup row: the kiosk opens its door only if it verifies."""
    return sealed_ticket(conn, row["case_code"], row["compartment_id"], matter_name)


def spend_codes(conn: Tx, case_code: str) -> None:
    conn.execute(
        "UPDATE pickup_codes SET used_at = ? WHERE case_code = ? AND used_at IS NULL",
        (now().isoformat(), case_code),
    )
