"""Cases: acceptance with idempotency, lookup by case or provisional code, listing.

Case codes are ``CASE-YYYYMMDD-NNNNNN``: Beijing date of acceptance and a daily
sequence, so a clerk can read the day off a receipt.
"""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel

from platform_contract.schemas import (
    Bilingual,
    CaseIn,
    CaseOut,
    DeferralNoticeOut,
    DeferredItemOut,
    ELicenceIn,
    IdentityCheckIn,
)
from platform_contract.vocabulary import CaseStatusKind
from platform_sim.catalog import matter_body
from platform_sim.clock import now
from platform_sim.commitments import check_case_commitment, replaced_materials
from platform_sim.decisions import record_decision, sealed_decision
from platform_sim.errors import ApiError
from platform_sim.licences import check_case_licences
from platform_sim.matter_fees import check_payment, keep_payment, payment_out
from platform_sim.notifications import send_sms
from platform_sim.pages import decode_page
from platform_sim.postal import check_delivery, delivery_out, keep_delivery
from platform_sim.store.transaction import StoreRow, Tx

log = logging.getLogger(__name__)

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def request_digest(body: CaseIn) -> str:
    canonical = json.dumps(without_unset(body), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def without_unset(
    body: BaseModel,
    optional: tuple[str, ...] = (
        "identity_check",
        "e_licences",
        "commitment",
        "delivery",
        "payment",
    ),
) -> dict[str, Any]:
    """``body`` as JSON, the ``optional`` fields added later left out when empty: a case or
    event stored before they existed keeps its digest, so its resend is still the same."""
    dumped: dict[str, Any] = body.model_dump(mode="json")
    for name in optional:
        if dumped.get(name) is None:
            dumped.pop(name, None)
    return dumped


def create_case(
    conn: Tx, body: CaseIn, idempotency_key: str, terminal_id: str
) -> tuple[CaseOut, bool]:
    """Accept a case, or return the one already made for this key. (case, created)."""
    digest = request_digest(body)
    existing = conn.execute(
        "SELECT * FROM cases WHERE idempotency_key = ?", (idempotency_key,)
    ).fetchone()
    if existing is not None:
        if existing["request_sha256"] != digest or existing["terminal_id"] != terminal_id:
            raise ApiError(
                409,
                "idempotency_conflict",
                "同一申报编号对应了不同的申报内容",
                "This Idempotency-Key was already used for a different declaration",
            )
        return case_out(conn, existing), False

    _check_terminal(body, terminal_id)
    _check_id_number(body.applicant.id_number)
    matter = matter_body(conn, body.matter_code)
    _check_form(matter, body)
    check_case_licences(conn, matter, body.applicant.id_number, body.e_licences or [])
    check_case_commitment(conn, matter, body, idempotency_key, terminal_id)
    check_delivery(matter, body.delivery)
    check_payment(conn, matter, body.payment)  # a matter's fee (issue 23)
    if conn.execute(
        "SELECT 1 FROM cases WHERE provisional_code = ?", (body.provisional_code,)
    ).fetchone():
        raise ApiError(
            409,
            "provisional_code_taken",
            "临时编号已被其他申报使用",
            "The provisional code is already used by another declaration",
        )
    pages = [decode_page(i, p) for i, p in enumerate(body.pages)]

    at = now()
    code = _next_case_code(conn, at)
    notice = _deferral_notice(matter, body.deferred_materials, at)
    phone = _phone_for(conn, matter, body)
    # 秒批: a matter with no paper to check is approved by rule as it is accepted
    instant = bool(matter.get("instant_approval"))
    status = CaseStatusKind.APPROVED if instant else CaseStatusKind.SUBMITTED
    conn.execute(
        "INSERT INTO cases (code, provisional_code, idempotency_key, request_sha256,"
        " terminal_id, matter_code, applicant, form, phone, status, deferral_notice,"
        " page_count, created_at, updated_at, identity_check, e_licences)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            code,
            body.provisional_code,
            idempotency_key,
            digest,
            terminal_id,
            body.matter_code,
            body.applicant.model_dump_json(),
            json.dumps(body.form, ensure_ascii=False),
            phone,
            status.value,
            notice.model_dump_json() if notice else None,
            len(pages),
            at.isoformat(),
            at.isoformat(),
            body.identity_check.model_dump_json() if body.identity_check else None,
            json.dumps([e.model_dump() for e in body.e_licences or []]),
        ),
    )
    conn.executemany(
        "INSERT INTO case_pages (case_code, idx, material_code, mime, data) VALUES (?,?,?,?,?)",
        [
            (code, i, p.material_code, p.mime, d)
            for i, (p, d) in enumerate(zip(body.pages, pages, strict=True))
        ],
    )
    keep_delivery(conn, code, body.delivery)
    keep_payment(conn, code, body.payment)
    if notice is not None and phone:
        send_sms(conn, code, phone, notice.text.zh, notice.text.en)
    log.info(
        "case accepted",
        extra={"case_code": code, "terminal_id": terminal_id, "matter": body.matter_code},
    )
    row = conn.execute("SELECT * FROM cases WHERE code = ?", (code,)).fetchone()
    if instant:
        record_decision(conn, row, "approved")  # sealed as a clerk's approval is
    return case_out(conn, row), True


def unknown_case() -> ApiError:
    """The one answer for a code no case has, and for a case the asker may not see."""
    return ApiError(404, "unknown_case", "未找到该办件", "No case has this code")


def find_case(conn: Tx, code: str) -> StoreRow:
    row: StoreRow | None = conn.execute(
        "SELECT * FROM cases WHERE code = ? OR provisional_code = ?", (code, code)
    ).fetchone()
    if row is None:
        raise unknown_case()
    return row


def get_case(conn: Tx, code: str) -> CaseOut:
    return case_out(conn, find_case(conn, code))


def list_cases(conn: Tx, terminal_id: str, status: CaseStatusKind | None) -> list[CaseOut]:
    sql = "SELECT * FROM cases WHERE terminal_id = ?"
    args: list[str] = [terminal_id]
    if status is not None:
        sql += " AND status = ?"
        args.append(status.value)
    return [case_out(conn, r) for r in conn.execute(sql + " ORDER BY created_at, code", args)]


def set_status(
    conn: Tx, code: str, status: CaseStatusKind, compartment_id: str | None = None
) -> None:
    if compartment_id is None:
        conn.execute(
            "UPDATE cases SET status = ?, updated_at = ? WHERE code = ?",
            (status.value, now().isoformat(), code),
        )
    else:
        conn.execute(
            "UPDATE cases SET status = ?, compartment_id = ?, updated_at = ? WHERE code = ?",
            (status.value, compartment_id, now().isoformat(), code),
        )


def matter_name(conn: Tx, matter_code: str) -> Bilingual:
    return Bilingual(**matter_body(conn, matter_code)["name"])


# --------------------------------------------------------------------------- helpers


def case_out(conn: Tx, row: StoreRow) -> CaseOut:
    notice = row["deferral_notice"]
    identity = row["identity_check"]
    return CaseOut(
        case_code=row["code"],
        provisional_code=row["provisional_code"],
        matter_code=row["matter_code"],
        matter_name=matter_name(conn, row["matter_code"]),
        terminal_id=row["terminal_id"],
        status=CaseStatusKind(row["status"]),
        compartment_id=row["compartment_id"],
        page_count=row["page_count"],
        created_at=datetime.fromisoformat(row["created_at"]),
        updated_at=datetime.fromisoformat(row["updated_at"]),
        deferral_notice=DeferralNoticeOut.model_validate_json(notice) if notice else None,
        identity_check=IdentityCheckIn.model_validate_json(identity) if identity else None,
        e_licences=[ELicenceIn.model_validate(e) for e in json.loads(row["e_licences"] or "[]")],
        decision=sealed_decision(conn, row),
        delivery=delivery_out(conn, row["code"]),
        payment=payment_out(row),
    )


def _next_case_code(conn: Tx, at: datetime) -> str:
    """The day's next number, drawn apart from the case's transaction (every new case
    writes this one row: in the same SERIALIZABLE transaction, any two concurrent ones
    would conflict); a case run again after a conflict leaves a gap in the day's codes."""
    day = at.strftime("%Y%m%d")
    (seq,) = conn.execute_apart(
        "INSERT INTO day_sequence (day, last) VALUES (?, 1)"
        " ON CONFLICT (day) DO UPDATE SET last = day_sequence.last + 1 RETURNING last",
        (day,),
    )[0]
    return f"CASE-{day}-{seq:06d}"


def _check_terminal(body: CaseIn, terminal_id: str) -> None:
    if body.terminal_id != terminal_id or not body.provisional_code.startswith(terminal_id + "-"):
        raise ApiError(
            403,
            "terminal_mismatch",
            "申报中的终端编号与本终端不符",
            "The declaration names another terminal than the one sending it",
        )


def _check_id_number(id_number: str) -> None:
    """18-character numbers (resident, foreign permanent resident, HMT permit) carry an
    ISO 7064 MOD 11-2 check character; 15-character ones are old foreign cards."""
    if len(id_number) != 18:
        return
    total = sum(int(c) * w for c, w in zip(id_number[:17], _ID_WEIGHTS, strict=True))
    if _ID_CHECK[total % 11] != id_number[17]:
        raise ApiError(
            422, "invalid_id_number", "证件号码校验失败", "The ID number's check digit is wrong"
        )


def _check_form(matter: dict[str, Any], body: CaseIn) -> None:
    materials = {m["code"]: m for m in matter["materials"]}
    unknown = [p.material_code for p in body.pages if p.material_code not in materials]
    if unknown:
        raise ApiError(
            422,
            "unknown_material",
            "上传的材料不属于该事项",
            f"A page names a material this matter does not ask for: {unknown[0]}",
        )
    for code in body.deferred_materials:
        if code not in materials or not materials[code]["deferrable"]:
            raise ApiError(
                422,
                "not_deferrable",
                "该材料不适用容缺受理",
                f"This material cannot be handed in later: {code}",
            )
    given = (
        {p.material_code for p in body.pages}
        | set(body.deferred_materials)
        | {e.material_code for e in body.e_licences or []}
        | replaced_materials(matter, body)
    )
    missing = [m for m in matter["materials"] if m["required"] and m["code"] not in given]
    if missing:
        raise ApiError(
            422,
            "missing_material",
            f"缺少必要材料：{missing[0]['name']['zh']}",
            f"A required material is missing: {missing[0]['name']['en']}",
        )
    for field in matter["fields"]:
        if field["required"] and not body.form.get(field["key"], "").strip():
            raise ApiError(
                422,
                "missing_field",
                f"请填写：{field['label']['zh']}",
                f"Please fill in: {field['label']['en']}",
            )


def _deferral_notice(
    matter: dict[str, Any], deferred: list[str], at: datetime
) -> DeferralNoticeOut | None:
    if not deferred:
        return None
    by_code = {m["code"]: m for m in matter["materials"]}
    # calendar days here; the real platform counts working days (工作日)
    items = [
        DeferredItemOut(
            material_code=code,
            name=Bilingual(**by_code[code]["name"]),
            due_date=(at + timedelta(days=by_code[code]["deferral_days"])).date(),
        )
        for code in dict.fromkeys(deferred)
    ]
    zh = "；".join(f"{i.name.zh}（{i.due_date.isoformat()}前）" for i in items)
    en = "; ".join(f"{i.name.en} (by {i.due_date.isoformat()})" for i in items)
    return DeferralNoticeOut(
        title=Bilingual(zh="补齐补正通知书", en="Notice of materials to complete"),
        items=items,
        text=Bilingual(
            zh=f"您的申请已容缺受理，请在期限内补交以下材料：{zh}。",
            en=f"Your application was accepted with materials to follow. Please hand in: {en}.",
        ),
    )


def _phone_for(conn: Tx, matter: dict[str, Any], body: CaseIn) -> str:
    for field in matter["fields"]:
        if field["kind"] == "phone" and body.form.get(field["key"]):
            return body.form[field["key"]]
    row = conn.execute(
        "SELECT phone FROM persons WHERE id_number = ?", (body.applicant.id_number,)
    ).fetchone()
    return str(row["phone"]) if row else ""
