"""Certificates sent by post (物流服务): the address kept with the case, the back office's
list of cases to post, the dispatch with a tracking number (the case becomes ``posted``,
the resident gets a text), and the locker refused for such a case.

The address is personal data: kept in its own table beside the case, shown to the back
office only, never logged; the terminals see the method and the tracking number."""

from __future__ import annotations

import logging
from typing import Any

from platform_contract.delivery import CaseDeliveryIn, CaseDeliveryOut, DispatchIn, PostedCaseOut
from platform_contract.vocabulary import CaseStatusKind
from platform_sim.clock import now
from platform_sim.errors import ApiError
from platform_sim.notifications import send_sms
from platform_sim.store.transaction import StoreRow, Tx

log = logging.getLogger(__name__)

#: a matter whose catalogue entry names no delivery offers these (MatterOut's default)
DEFAULT_DELIVERY = ("locker", "post")

#: one row per case going by post (a locker case has none)


def check_delivery(matter: dict[str, Any], delivery: CaseDeliveryIn | None) -> None:
    """By post only when the matter's certificate may be posted (its guide says 邮寄)."""
    if delivery is not None and delivery.method not in matter.get("delivery", DEFAULT_DELIVERY):
        raise ApiError(
            422,
            "delivery_not_offered",
            "该事项不提供此领取方式",
            "This matter's certificate cannot be delivered that way",
        )


def keep_delivery(conn: Tx, case_code: str, delivery: CaseDeliveryIn | None) -> None:
    """Keep a new case's address when it goes by post (a locker case keeps nothing)."""
    if delivery is None or delivery.method != "post":
        return
    conn.execute(
        "INSERT INTO case_deliveries (case_code, recipient, phone, province, city, district,"
        " street) VALUES (?,?,?,?,?,?,?)",
        (
            case_code,
            delivery.recipient,
            delivery.phone,
            delivery.province,
            delivery.city,
            delivery.district,
            delivery.street,
        ),
    )


def _row(conn: Tx, case_code: str) -> StoreRow | None:
    row: StoreRow | None = conn.execute(
        "SELECT * FROM case_deliveries WHERE case_code = ?", (case_code,)
    ).fetchone()
    return row


def delivery_out(conn: Tx, case_code: str) -> CaseDeliveryOut | None:
    """What a terminal sees: by post and the tracking number once posted; None: locker."""
    row = _row(conn, case_code)
    if row is None:
        return None
    posted_at = row["posted_at"]
    return CaseDeliveryOut(
        method="post",
        carrier=row["carrier"],
        tracking_number=row["tracking_number"],
        posted_at=posted_at or None,
    )


def refuse_locker_for_post(conn: Tx, case: StoreRow) -> None:
    """A certificate the resident asked to be posted never goes in a pickup locker."""
    if _row(conn, case["code"]) is not None:
        raise ApiError(
            409,
            "delivery_by_post",
            "该办件选择邮寄送达，无需放入取件柜",
            "This certificate goes by post, not into a pickup locker",
        )


def dispatch(conn: Tx, case: StoreRow, body: DispatchIn) -> None:
    """The back office posted an approved case's certificate: tracking number, status
    ``posted``, a text to the recipient's mobile."""
    row = _row(conn, case["code"])
    if row is None:
        raise ApiError(
            409, "not_by_post", "该办件未选择邮寄送达", "This case was not asked to go by post"
        )
    if CaseStatusKind(case["status"]) is not CaseStatusKind.APPROVED:
        raise ApiError(
            409, "invalid_transition", "该办件尚不能寄出", "This case cannot be posted now"
        )
    at = now().isoformat()
    conn.execute(
        "UPDATE case_deliveries SET carrier = ?, tracking_number = ?, posted_at = ?"
        " WHERE case_code = ?",
        (body.carrier, body.tracking_number, at, case["code"]),
    )
    conn.execute(
        "UPDATE cases SET status = ?, updated_at = ? WHERE code = ?",
        (CaseStatusKind.POSTED.value, at, case["code"]),
    )
    send_sms(
        conn,
        case["code"],
        row["phone"],
        f"您办理的{case['code']}证照已由{body.carrier}寄出，运单号{body.tracking_number}。",
        f"The certificate of {case['code']} was posted by {body.carrier},"
        f" tracking number {body.tracking_number}.",
    )
    log.info("certificate posted", extra={"case_code": case["code"], "carrier": body.carrier})


def cases_to_post(conn: Tx, status: CaseStatusKind) -> list[PostedCaseOut]:
    """The back office's posting list: cases by post in ``status``, with the address."""
    rows = conn.execute(
        "SELECT c.code, c.matter_code, c.status, d.* FROM case_deliveries d"
        " JOIN cases c ON c.code = d.case_code WHERE c.status = ? ORDER BY c.created_at, c.code",
        (status.value,),
    ).fetchall()
    return [
        PostedCaseOut(
            case_code=r["code"],
            matter_code=r["matter_code"],
            status=r["status"],
            recipient=r["recipient"],
            phone=r["phone"],
            address=_address(r),
            tracking_number=r["tracking_number"],
        )
        for r in rows
    ]


def _address(r: StoreRow) -> str:
    city = "" if r["city"] == r["province"] else r["city"]
    return f"{r['province']}{city}{r['district']}{r['street']}"
