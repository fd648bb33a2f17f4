"""Case events from terminals, idempotent by event id, with the status rules they obey.

An event that cannot happen in the case's current status (collecting a
certificate that was never loaded) is a 409, never a silent change.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass

from platform_contract.schemas import EventIn, EventOut, EventRecordOut, IdentityCheckIn
from platform_contract.vocabulary import CaseEventKind, CaseStatusKind
from platform_sim.cases import find_case, matter_name, set_status, without_unset
from platform_sim.clock import now
from platform_sim.errors import ApiError
from platform_sim.ownership import check_event_terminal, visible_case
from platform_sim.pickup import issue_code, spend_codes
from platform_sim.postal import refuse_locker_for_post
from platform_sim.store.transaction import StoreRow, Tx

log = logging.getLogger(__name__)

S = CaseStatusKind


@dataclass(frozen=True)
class Rule:
    allowed_from: frozenset[CaseStatusKind]
    #: status before -> status after; a status not listed is kept (event recorded only)
    moves_to: dict[CaseStatusKind, CaseStatusKind]
    needs_compartment: bool = False


RULES: dict[CaseEventKind, Rule] = {
    # a case approved at once on submit (秒批) still has its papers dropped: status kept
    CaseEventKind.MATERIALS_DEPOSITED: Rule(
        frozenset({S.SUBMITTED, S.APPROVED}),
        {S.SUBMITTED: S.MATERIALS_DEPOSITED},
        needs_compartment=True,
    ),
    # clerks may empty the drop box after a case was already decided on its scans
    CaseEventKind.MATERIALS_RETRIEVED: Rule(
        frozenset(
            {
                S.MATERIALS_DEPOSITED,
                S.IN_REVIEW,
                S.APPROVED,
                S.CERTIFICATE_READY,
                S.COLLECTED,
                S.POSTED,
            }
        ),
        {S.MATERIALS_DEPOSITED: S.MATERIALS_RECEIVED},
    ),
    # the clerk found the drop compartment empty: recorded, the status stays (added)
    CaseEventKind.MATERIALS_MISSING: Rule(
        frozenset({S.MATERIALS_DEPOSITED, S.IN_REVIEW, S.APPROVED}), {}
    ),
    CaseEventKind.CERTIFICATE_LOADED: Rule(
        frozenset({S.APPROVED}), {S.APPROVED: S.CERTIFICATE_READY}, needs_compartment=True
    ),
    CaseEventKind.CERTIFICATE_COLLECTED: Rule(
        frozenset({S.CERTIFICATE_READY}), {S.CERTIFICATE_READY: S.COLLECTED}
    ),
}


def record_event(conn: Tx, code: str, event: EventIn, terminal_id: str) -> EventOut:
    # who may report it comes first, even before a resend is recognised (ownership.py)
    case = visible_case(conn, code, terminal_id)
    check_event_terminal(conn, case, event.kind, terminal_id)
    digest = hashlib.sha256(
        json.dumps({"case": case["code"], **without_unset(event)}, sort_keys=True).encode()
    ).hexdigest()
    seen = conn.execute(
        "SELECT * FROM case_events WHERE event_id = ?", (event.event_id,)
    ).fetchone()
    if seen is not None:
        if seen["request_sha256"] != digest:
            raise ApiError(
                409,
                "event_id_conflict",
                "事件编号重复",
                "This event id was already used for another event",
            )
        return EventOut(
            event_id=event.event_id,
            case_code=case["code"],
            kind=event.kind,
            status=CaseStatusKind(seen["status_after"]),
            duplicate=True,
        )

    rule = RULES[event.kind]
    current = CaseStatusKind(case["status"])
    if current not in rule.allowed_from:
        raise ApiError(
            409,
            "invalid_transition",
            "办件当前状态不允许此操作",
            f"A case in status {current.value} cannot take the event {event.kind.value}",
        )
    if rule.needs_compartment and not event.compartment_id:
        raise ApiError(
            422, "compartment_required", "缺少格口编号", "This event needs a compartment id"
        )
    after = rule.moves_to.get(current, current)
    apply_event(conn, case, event.kind, event.compartment_id, terminal_id, after)
    conn.execute(
        "INSERT INTO case_events (event_id, case_code, request_sha256, kind, compartment_id,"
        " actor, at, terminal_id, status_after, received_at, identity_check, seq)"
        " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,"
        " (SELECT COALESCE(MAX(seq), 0) + 1 FROM case_events WHERE case_code = ?2))",
        (
            event.event_id,
            case["code"],
            digest,
            event.kind.value,
            event.compartment_id,
            event.actor,
            event.at.isoformat(),
            terminal_id,
            after.value,
            now().isoformat(),
            event.identity_check.model_dump_json() if event.identity_check else None,
        ),
    )
    log.info(
        "case event",
        extra={"case_code": case["code"], "kind": event.kind.value, "status": after.value},
    )
    return EventOut(
        event_id=event.event_id,
        case_code=case["code"],
        kind=event.kind,
        status=after,
        duplicate=False,
    )


def apply_event(
    conn: Tx,
    case: StoreRow,
    kind: CaseEventKind,
    compartment_id: str,
    terminal_id: str,
    after: CaseStatusKind,
) -> None:
    """The side effects of an allowed event: status, compartment, pickup code."""
    if kind is CaseEventKind.CERTIFICATE_LOADED:
        refuse_locker_for_post(conn, case)  # 物流服务: a posted certificate skips the locker
        set_status(conn, case["code"], after, compartment_id)
        issue_code(conn, case, terminal_id, compartment_id, matter_name(conn, case["matter_code"]))
    elif kind is CaseEventKind.CERTIFICATE_COLLECTED:
        set_status(conn, case["code"], after)
        spend_codes(conn, case["code"])
    elif kind is CaseEventKind.MATERIALS_DEPOSITED:
        set_status(conn, case["code"], after, compartment_id)
    else:
        set_status(conn, case["code"], after)


def list_events(conn: Tx, code: str) -> list[EventRecordOut]:
    """A case's events in the order they were received (the back office's history)."""
    case = find_case(conn, code)
    rows = conn.execute(
        "SELECT * FROM case_events WHERE case_code = ? ORDER BY received_at, seq",
        (case["code"],),
    ).fetchall()
    return [
        EventRecordOut(
            event_id=row["event_id"],
            kind=CaseEventKind(row["kind"]),
            compartment_id=row["compartment_id"],
            actor=row["actor"],
            at=row["at"],
            identity_check=(
                IdentityCheckIn.model_validate_json(row["identity_check"])
                if row["identity_check"]
                else None
            ),
            status_after=CaseStatusKind(row["status_after"]),
        )
        for row in rows
    ]
