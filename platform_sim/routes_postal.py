"""The back office's part of the post (物流服务): the cases waiting to be posted, with
their addresses, and the dispatch of one with its tracking number."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from platform_contract.delivery import DispatchIn, PostedCaseListOut
from platform_contract.schemas import CaseOut, ErrorOut
from platform_contract.vocabulary import CaseStatusKind
from platform_sim.auth import Backoffice, Db
from platform_sim.cases import find_case, get_case
from platform_sim.postal import cases_to_post, dispatch
from platform_sim.routes_public import AUTH_ERRORS, PathKey

router = APIRouter(prefix="/backoffice", tags=["back office"])


@router.get("/posts", summary="Cases whose certificate goes by post", responses=AUTH_ERRORS)
def posts(
    _who: Backoffice,
    db: Db,
    status: Annotated[CaseStatusKind, Query()] = CaseStatusKind.APPROVED,
) -> PostedCaseListOut:
    with db.tx() as conn:
        return PostedCaseListOut(cases=cases_to_post(conn, status))


@router.post(
    "/cases/{code}/dispatch",
    summary="Post an approved case's certificate, with its tracking number",
    responses={**AUTH_ERRORS, 404: {"model": ErrorOut}, 409: {"model": ErrorOut}},
)
def dispatch_case(code: PathKey, body: DispatchIn, _who: Backoffice, db: Db) -> CaseOut:
    with db.tx() as conn:
        case = find_case(conn, code)
        dispatch(conn, case, body)
        return get_case(conn, case["code"])


def install(api: APIRouter) -> None:
    """These routes (the addresses' table is the store's schema)."""
    api.include_router(router)
