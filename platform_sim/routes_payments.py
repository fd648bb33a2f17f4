"""The platform's payment routes (issue 23): the utility bills a terminal finds and
settles, the back office's issuing of a bill (tests, tours, the next month's bill), the
payment gateway's notifies (no token: the gateway's signature is the credential) and
the back office's report of the trades they told of."""

from __future__ import annotations

from pathlib import Path as FilePath
from typing import Annotated

from fastapi import APIRouter, FastAPI, Path, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import PlainTextResponse

from platform_contract.payment_notices import PaymentReportOut
from platform_contract.schemas import ErrorOut
from platform_contract.utility_bills import (
    AccountNumber,
    SettlementIn,
    SettlementOut,
    UtilityBillIn,
    UtilityBillOut,
    UtilityKind,
)
from platform_sim import payment_notices, payments_report_page, utility_bills
from platform_sim.auth import Backoffice, Db, Terminal, get_db
from platform_sim.routes_public import AUTH_ERRORS, NOT_FOUND_ERRORS

router = APIRouter(tags=["payments"])
backoffice_router = APIRouter(prefix="/backoffice", tags=["back office"])
BillIdPath = Annotated[str, Path(pattern=r"^[A-Za-z0-9_-]{1,64}$")]
#: a bill that is not there, or not in a state for the action
BILL_ERRORS: dict[int | str, dict[str, object]] = {**NOT_FOUND_ERRORS, 409: {"model": ErrorOut}}


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


@backoffice_router.post("/utility-bills/{bill_id}/close", responses=BILL_ERRORS)
def close_bill(bill_id: BillIdPath, _who: Backoffice, db: Db) -> UtilityBillOut:
    """Write a due bill off: it takes no payment any more (a kiosk paid meanwhile refunds)."""
    with db.tx() as conn:
        return utility_bills.close_bill(conn, bill_id)


@router.post(
    "/payments/notify",
    summary="The payment gateway's asynchronous notify (form-encoded, RSA2-signed)",
    response_class=PlainTextResponse,
    responses={
        200: {"content": {"text/plain": {}}, "description": "success"},
        400: {"model": ErrorOut, "description": "not verified: nothing written"},
    },
)
async def notify(request: Request) -> PlainTextResponse:
    body = await request.body()
    # the store's calls block: off the event loop, as FastAPI runs a plain route
    await run_in_threadpool(payment_notices.receive_once, get_db(request), body)
    return PlainTextResponse("success")


@backoffice_router.get(
    "/payments/report",
    summary="The trades the gateway's notifies told of, by status, with what each paid",
    responses=AUTH_ERRORS,
)
def payments_report(
    _who: Backoffice,
    db: Db,
    day: Annotated[str | None, Query(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")] = None,
) -> PaymentReportOut:
    with db.tx() as conn:
        return payment_notices.report(conn, day)


def install(app: FastAPI, api: APIRouter, gateway_public_key: FilePath | None = None) -> None:
    """The demo's bills, the gateway's key when given, and these routes."""
    utility_bills.ensure_bills(app.state.db)
    if gateway_public_key is not None:
        payment_notices.register_gateway_key(app.state.db, gateway_public_key)
    api.include_router(router)
    api.include_router(backoffice_router)
    app.include_router(payments_report_page.page_router)  # /payments-report, the clerks' page
