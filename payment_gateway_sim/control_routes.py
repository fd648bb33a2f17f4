"""``/sim/...``: the payer's phone, the faults and the clock, for the tests, the tours
and the demo; served to loopback callers only (a real gateway has no such door)."""

from __future__ import annotations

from ipaddress import ip_address
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import BaseModel, Field

from payment_gateway_sim import payer
from payment_gateway_sim.charging import charge_count
from payment_gateway_sim.clock import TIME_FORMAT
from payment_gateway_sim.faults import FaultKind
from payment_gateway_sim.gateway import Gateway
from payment_gateway_sim.store import find_trade


def _loopback_only(request: Request) -> None:
    try:
        loopback = request.client is not None and ip_address(request.client.host).is_loopback
    except ValueError:  # not an address at all
        loopback = False
    if not loopback:
        raise HTTPException(403, "the simulator's control routes answer loopback only")


class NewBuyer(BaseModel):
    balance_fen: int = Field(ge=0)
    #: every payment-code pay of this payer asks for the password (10003)
    asks_password: bool = False


class Scan(BaseModel):
    qr_code: str
    buyer_id: str


class Confirm(BaseModel):
    out_trade_no: str


class Fault(BaseModel):
    method: str
    kind: FaultKind
    times: int = Field(default=1, ge=1)
    seconds: float = Field(default=0.0, ge=0.0, le=120.0)


class ClockStep(BaseModel):
    advance_s: float = Field(ge=0.0)


class BillEdit(BaseModel):
    kind: str = Field(pattern="^(extra|alter)$")
    out_trade_no: str
    amount_fen: int = Field(gt=0)


def control_router(gw: Gateway) -> APIRouter:
    router = APIRouter(prefix="/sim", dependencies=[Depends(_loopback_only)])

    @router.post("/buyers")
    def new_buyer(body: NewBuyer) -> dict[str, Any]:
        buyer_id, logon_id = gw.run(
            lambda conn, _now: (payer.new_buyer(conn, body.balance_fen, body.asks_password), [])
        )
        return {"buyer_id": buyer_id, "logon_id": logon_id, "balance_fen": body.balance_fen}

    @router.get("/buyers/{buyer_id}")
    def buyer(buyer_id: str) -> dict[str, Any]:
        balance = gw.run(lambda conn, _now: (payer.buyer_balance(conn, buyer_id), []))
        if balance is None:
            raise HTTPException(404, "no such buyer")
        return {"buyer_id": buyer_id, "balance_fen": balance}

    @router.post("/buyers/{buyer_id}/codes")
    def new_code(buyer_id: str) -> dict[str, Any]:
        code = gw.run(lambda conn, now: (payer.new_code(conn, buyer_id, now), []))
        if code is None:
            raise HTTPException(404, "no such buyer")
        return {"auth_code": code, "valid_s": payer.CODE_LIFETIME_S}

    @router.post("/scan")
    def scan(body: Scan) -> dict[str, Any]:
        result, trade, _notice = gw.run(
            lambda conn, now: _notified(
                payer.scan_and_pay(
                    conn, body.qr_code, body.buyer_id, now.strftime(TIME_FORMAT), gw.app_id
                )
            )
        )
        return {"result": result, "out_trade_no": trade.out_trade_no if trade else None}

    @router.post("/confirm")
    def confirm(body: Confirm) -> dict[str, Any]:
        result, _trade, _notice = gw.run(
            lambda conn, now: _notified(
                payer.confirm_password(
                    conn, body.out_trade_no, now.strftime(TIME_FORMAT), gw.app_id
                )
            )
        )
        return {"result": result, "out_trade_no": body.out_trade_no}

    @router.post("/faults")
    def arm_fault(body: Fault) -> dict[str, str]:
        gw.faults.arm(body.method, body.kind, times=body.times, seconds=body.seconds)
        return {"status": "armed"}

    @router.delete("/faults")
    def clear_faults() -> dict[str, str]:
        gw.faults.clear()
        return {"status": "cleared"}

    @router.post("/clock")
    def advance_clock(body: ClockStep) -> dict[str, Any]:
        offset = gw.clock.advance(body.advance_s)
        return {"offset_s": offset, "now": gw.clock.stamp()}

    @router.post("/bills/{bill_date}/edits")
    def edit_bill(bill_date: str, body: BillEdit) -> dict[str, str]:
        gw.run(
            lambda conn, _now: (
                conn.execute(
                    "INSERT INTO bill_edits (bill_date, kind, out_trade_no, amount_fen) VALUES (?, ?, ?, ?)",
                    (bill_date, body.kind, body.out_trade_no, body.amount_fen),
                ),
                [],
            )
        )
        return {"status": "recorded"}

    @router.get("/trades/{out_trade_no}")
    def trade(out_trade_no: str) -> dict[str, Any]:
        def read(conn: Any, _now: Any) -> tuple[dict[str, Any] | None, list[Any]]:
            found = find_trade(conn, out_trade_no)
            if found is None:
                return None, []
            return {
                "out_trade_no": found.out_trade_no,
                "trade_no": found.trade_no,
                "status": found.status,
                "total_fen": found.total_fen,
                "refunded_fen": found.refunded_fen,
                "charges": charge_count(conn, out_trade_no),
                "awaiting_password": found.awaiting_password,
            }, []

        view = gw.run(read)
        if view is None:
            raise HTTPException(404, "no such trade")
        return view

    @router.get("/notifies")
    def notifies(out_trade_no: str) -> list[dict[str, Any]]:
        rows = gw.run(
            lambda conn, _now: (
                conn.execute(
                    "SELECT notify_id, trade_status, attempts, delivered FROM notifies"
                    " WHERE out_trade_no = ? ORDER BY created_at, rowid",
                    (out_trade_no,),
                ).fetchall(),
                [],
            )
        )
        return [dict(row) | {"delivered": bool(row["delivered"])} for row in rows]

    return router


def _notified(
    outcome: tuple[payer.PayerResult, Any, Any],
) -> tuple[tuple[payer.PayerResult, Any, Any], list[Any]]:
    return outcome, [outcome[2]]
