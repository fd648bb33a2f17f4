"""The platform's payment routes (issue 23): the utility bills a terminal finds and
settles, and the back office's issuing of a bill (tests, tours, the next month's bill)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, FastAPI, Path, Query, Response

from platform_contract.schemas import ErrorOut
from platform_contract.utility_bills import (
    AccountNumber,
    SettlementIn,
    SettlementOut,
    UtilityBillIn,
    UtilityBillOut,
    UtilityKind,
)
from platform_sim import utility_bills
from platform_sim.auth import Backoffice, Db, Terminal
from platform_sim.routes_public import AUTH_ERRORS, NOT_FOUND_ERRORS

router = APIRouter(tags=["payments"])
backoffice_router = APIRouter(prefix="/backoffice", tags=["back office"])
BillIdPath = Annotated[str, Path(pattern=r"^[A-Za-z0-9_-]{1,64}$")]


@router.get(
    "/utility-bills",
    summary="The bill due on a utility account (户号), the holder's name masked",
    responses=NOT_FOUND_ERRORS,
)
def find_bill(
    utility: Annotated[UtilityKind, Query()],
    account: Annotated[AccountNumber, Query()],
    _who: Terminal,
    db: Db,
) -> UtilityBillOut:
    with db.tx() as conn:
        return utility_bills.bill_due(conn, utility, account)


@router.post(
    "/utility-bills/{bill_id}/settlements",
    summary="Mark a bill paid by the kiosk's trade (idempotent by out_trade_no)",
    responses={
        **NOT_FOUND_ERRORS,
        409: {"model": SettlementOut, "description": "refused: the payment must go back"},
    },
)
def settle_bill(
    bill_id: BillIdPath, body: SettlementIn, who: Terminal, db: Db, response: Response
) -> SettlementOut:
    with db.tx() as conn:
        answer = utility_bills.settle(conn, bill_id, body, who.terminal_id)
    if answer.status == "refused":
        response.status_code = 409
    return answer


@backoffice_router.post(
    "/utility-bills",
    status_code=201,
    summary="Issue a bill due on an account",
    responses={**AUTH_ERRORS, 409: {"model": ErrorOut}},
)
def issue_bill(body: UtilityBillIn, _who: Backoffice, db: Db) -> UtilityBillOut:
    with db.tx() as conn:
        return utility_bills.issue_bill(conn, body)


@backoffice_router.post(
    "/utility-bills/{bill_id}/close",
    summary="Write a due bill off: it takes no payment any more",
    responses={**NOT_FOUND_ERRORS, 409: {"model": ErrorOut}},
)
def close_bill(bill_id: BillIdPath, _who: Backoffice, db: Db) -> UtilityBillOut:
    with db.tx() as conn:
        return utility_bills.close_bill(conn, bill_id)


def install(app: FastAPI, api: APIRouter) -> None:
    """The demo's bills and these routes."""
    utility_bills.ensure_bills(app.state.db)
    api.include_router(router)
    api.include_router(backoffice_router)
