"""Back-office actions the demo and the tests need: approve a case, read the SMS, read a
case's events (who did what, and how a pickup's identity was checked)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from platform_contract.schemas import (
    ApproveIn,
    CaseOut,
    ErrorOut,
    EventListOut,
    NotificationListOut,
)
from platform_contract.vocabulary import CaseEventKind, CaseStatusKind
from platform_sim.auth import Backoffice, Db
from platform_sim.cases import find_case, get_case, set_status
from platform_sim.decisions import record_decision
from platform_sim.errors import ApiError
from platform_sim.events import apply_event, list_events
from platform_sim.notifications import list_notifications
from platform_sim.routes_public import AUTH_ERRORS, NOT_FOUND_ERRORS, PathKey

router = APIRouter(prefix="/backoffice", tags=["back office"])

_APPROVABLE = frozenset(
    {
        CaseStatusKind.SUBMITTED,
        CaseStatusKind.MATERIALS_DEPOSITED,
        CaseStatusKind.MATERIALS_RECEIVED,
        CaseStatusKind.IN_REVIEW,
    }
)


@router.post(
    "/cases/{code}/approve",
    summary="Approve a case; with load_compartment also load the certificate there",
    responses={**AUTH_ERRORS, 404: {"model": ErrorOut}, 409: {"model": ErrorOut}},
)
def approve(
    code: PathKey,
    _who: Backoffice,
    db: Db,
    body: ApproveIn | None = None,
) -> CaseOut:
    with db.tx() as conn:
        case = find_case(conn, code)
        if CaseStatusKind(case["status"]) not in _APPROVABLE:
            raise ApiError(
                409, "invalid_transition", "该办件不能审批", "This case cannot be approved now"
            )
        set_status(conn, case["code"], CaseStatusKind.APPROVED)
        record_decision(conn, case, "approved")  # answered sealed (CaseOut.decision)
        if body is not None and body.load_compartment:
            apply_event(
                conn,
                case,
                CaseEventKind.CERTIFICATE_LOADED,
                body.load_compartment,
                case["terminal_id"],
                CaseStatusKind.CERTIFICATE_READY,
            )
        return get_case(conn, case["code"])


@router.get("/notifications", summary="SMS the platform has sent", responses=AUTH_ERRORS)
def notifications(
    _who: Backoffice,
    db: Db,
    case_code: Annotated[str | None, Query(max_length=64)] = None,
) -> NotificationListOut:
    with db.tx() as conn:
        return NotificationListOut(notifications=list_notifications(conn, case_code))


@router.get(
    "/cases/{code}",
    summary="A case as the clerk sees it, whichever terminal sent it (with its fee's trade)",
    responses=NOT_FOUND_ERRORS,
)
def case_view(code: PathKey, _who: Backoffice, db: Db) -> CaseOut:
    with db.tx() as conn:
        return get_case(conn, code)


@router.get(
    "/cases/{code}/events",
    summary="A case's events as received, with actor and identity check",
    responses=NOT_FOUND_ERRORS,
)
def case_events(code: PathKey, _who: Backoffice, db: Db) -> EventListOut:
    with db.tx() as conn:
        return EventListOut(events=list_events(conn, code))
