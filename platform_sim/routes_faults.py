"""Back-office switch for fault injection (tests and demos of outages)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from platform_sim.auth import Backoffice
from platform_sim.faults import FaultMode, FaultPlan, Faults
from platform_sim.routes_public import AUTH_ERRORS

router = APIRouter(prefix="/backoffice/faults", tags=["back office"])


class FaultIn(BaseModel):
    mode: FaultMode = FaultMode.NONE
    status: int = Field(503, ge=500, le=599)
    hang_s: float = Field(30.0, ge=0, le=600, allow_inf_nan=False)
    path_prefix: str = Field("/api/v1/", max_length=200)
    method: str = Field("", max_length=10)
    times: int | None = Field(None, ge=1, le=1_000_000)


class FaultOut(FaultIn):
    affected: int
    waiting: int


def _faults(request: Request) -> Faults:
    faults: Faults = request.app.state.faults
    return faults


def _out(faults: Faults) -> FaultOut:
    c = faults.counters()
    p = c.plan
    return FaultOut(
        mode=p.mode,
        status=p.status,
        hang_s=p.hang_s,
        path_prefix=p.path_prefix,
        method=p.method,
        times=p.times,
        affected=c.affected,
        waiting=c.waiting,
    )


@router.put("", summary="Inject a platform fault (error, hang, hold_reply)", responses=AUTH_ERRORS)
def set_fault(body: FaultIn, _who: Backoffice, request: Request) -> FaultOut:
    faults = _faults(request)
    faults.set(FaultPlan(**body.model_dump()))
    return _out(faults)


@router.get("", summary="The injected fault and its counters", responses=AUTH_ERRORS)
def get_fault(_who: Backoffice, request: Request) -> FaultOut:
    return _out(_faults(request))


@router.delete("", summary="Clear the fault; held requests go on", responses=AUTH_ERRORS)
def clear_fault(_who: Backoffice, request: Request) -> FaultOut:
    faults = _faults(request)
    faults.clear()
    return _out(faults)
