"""Cases and their events, as terminals send them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Path, Query, Response

from platform_contract.schemas import CaseIn, CaseListOut, CaseOut, ErrorOut, EventIn, EventOut
from platform_contract.vocabulary import CaseStatusKind
from platform_sim.auth import Db, Terminal
from platform_sim.cases import case_out, create_case, list_cases
from platform_sim.errors import ApiError
from platform_sim.events import record_event
from platform_sim.ownership import visible_case
from platform_sim.routes_public import AUTH_ERRORS

router = APIRouter(tags=["cases"])
IdempotencyKey = Annotated[
    str,
    Header(
        alias="Idempotency-Key",
        min_length=8,
        max_length=128,
        pattern=r"^[A-Za-z0-9_.:\-]+$",
        description="made once per declaration by the terminal; resends carry the same key",
    ),
]
CaseCode = Annotated[str, Path(max_length=64, description="case code or provisional code")]


@router.post(
    "/cases",
    summary="Submit a declaration (idempotent by Idempotency-Key)",
    status_code=201,
    responses={
        **AUTH_ERRORS,
        200: {"model": CaseOut, "description": "The case already made for this key"},
        409: {"model": ErrorOut, "description": "The key was used with a different body"},
        413: {"model": ErrorOut},
        422: {"model": ErrorOut},
    },
)
def submit_case(
    body: CaseIn, who: Terminal, db: Db, key: IdempotencyKey, response: Response
) -> CaseOut:
    # a fee's payment is looked for on other cases before it is kept on this one, with no
    # unique key between: SERIALIZABLE, or two cases could share one trade (issue 23)
    with db.tx(counts_then_inserts=body.payment is not None) as conn:
        case, created = create_case(conn, body, key, who.terminal_id)
    response.status_code = 201 if created else 200
    response.headers["Location"] = f"/api/v1/cases/{case.case_code}"
    return case


@router.get(
    "/cases/{code}",
    summary="A case by its case code or its provisional code (terminals of its site)",
    responses={
        **AUTH_ERRORS,
        404: {"model": ErrorOut, "description": "None this terminal may see"},
    },
)
def case_status(code: CaseCode, who: Terminal, db: Db) -> CaseOut:
    with db.tx() as conn:
        return case_out(conn, visible_case(conn, code, who.terminal_id))


@router.get("/cases", summary="This terminal's cases", responses=AUTH_ERRORS)
def cases(
    who: Terminal,
    db: Db,
    terminal_id: Annotated[str | None, Query(max_length=40)] = None,
    status: Annotated[CaseStatusKind | None, Query()] = None,
) -> CaseListOut:
    if terminal_id is not None and terminal_id != who.terminal_id:
        raise ApiError(
            403, "forbidden", "只能查询本终端的办件", "A terminal may list only its own cases"
        )
    with db.tx() as conn:
        return CaseListOut(cases=list_cases(conn, who.terminal_id, status))


@router.post(
    "/cases/{code}/events",
    summary="Report what happened to a case at the terminal (idempotent by event_id)",
    responses={
        **AUTH_ERRORS,
        404: {"model": ErrorOut},
        409: {"model": ErrorOut, "description": "Impossible in the case's status"},
        422: {"model": ErrorOut},
    },
)
def case_event(code: CaseCode, body: EventIn, who: Terminal, db: Db) -> EventOut:
    with db.tx() as conn:
        return record_event(conn, code, body, who.terminal_id)
