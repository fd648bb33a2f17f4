"""Outgoing SMS, simulated: written to a table the back office can read."""

from __future__ import annotations

import logging
from datetime import datetime

from platform_contract.schemas import Bilingual, NotificationOut
from platform_sim.clock import now
from platform_sim.store.transaction import Tx

log = logging.getLogger(__name__)


def send_sms(conn: Tx, case_code: str, phone: str, zh: str, en: str) -> None:
    conn.execute(
        "INSERT INTO notifications (case_code, channel, phone, text_zh, text_en, created_at)"
        " VALUES (?, 'sms', ?, ?, ?, ?)",
        (case_code, phone, zh, en, now().isoformat()),
    )
    # the text may hold a pickup code and the phone is personal: neither is logged
    log.info("sms queued", extra={"case_code": case_code, "has_phone": bool(phone)})


def mask_phone(phone: str) -> str:
    return phone[:3] + "****" + phone[-4:] if len(phone) >= 7 else "****"


def list_notifications(conn: Tx, case_code: str | None) -> list[NotificationOut]:
    sql = "SELECT * FROM notifications"
    args: tuple[str, ...] = ()
    if case_code:
        sql += " WHERE case_code = ?"
        args = (case_code,)
    return [
        NotificationOut(
            id=r["id"],
            case_code=r["case_code"],
            phone_masked=mask_phone(r["phone"]),
            text=Bilingual(zh=r["text_zh"], en=r["text_en"]),
            created_at=datetime.fromisoformat(r["created_at"]),
        )
        for r in conn.execute(sql + " ORDER BY id", args)
    ]
