"""The FastAPI application: routers under ``/api/v1``, errors, middleware, seed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI

from platform_contract.schemas import MAX_PAGE_BYTES, MAX_PAGES
from platform_sim import (
    commitment_view,
    commitments,
    evaluations,
    guides,
    help_calls,
    licences,
    printable_documents,
    routes_backoffice,
    routes_cases,
    routes_faults,
    routes_journeys,
    routes_payments,
    routes_pickup,
    routes_postal,
    routes_public,
    routes_terminals,
    routes_video,
    schema_split,
    seal,
)
from platform_sim.conflict_retry import RetryOnConflict
from platform_sim.db import Database
from platform_sim.errors import install_error_handlers
from platform_sim.faults import FaultInjection, Faults
from platform_sim.heartbeat_batch import HeartbeatBatch
from platform_sim.middleware import AccessLog, BodyLimit
from platform_sim.seed import seed_if_empty

API_PREFIX = "/api/v1"
#: every page at its limit, base64-inflated, plus room for the form
MAX_BODY_BYTES = (MAX_PAGES * MAX_PAGE_BYTES * 4) // 3 + 1024 * 1024

DESCRIPTION = """
Simulator of Beijing's integrated government service platform (一体化政务服务平台)
as the 24-hour self-service terminals see it.

* Authentication: `Authorization: Bearer <token>`, one token per terminal; back-office
  endpoints need the back-office token and are described apart, in
  `/api/v1/backoffice/openapi.json` (back-office token). `/api/v1/health` is open.
* Errors: `{"error": "<code>", "message": {"zh": "...", "en": "..."}}`.
* Case codes: `CASE-YYYYMMDD-NNNNNN` (Beijing date, daily sequence). Provisional codes
  made by an offline terminal (`<terminal id>-NNNNNN`) work wherever a case code does.
* `POST /api/v1/cases` is idempotent by its `Idempotency-Key` header.
"""


TAGS: list[dict[str, Any]] = [
    {"name": "health", "description": "liveness"},
    {"name": "catalogue", "description": "matters, materials and forms"},
    {"name": "cases", "description": "declarations and their events"},
    {"name": "pickup", "description": "certificate collection"},
    {"name": "persons", "description": "reference data for identity checks"},
    {"name": "appointments", "description": "booked matters (专用二维码)"},
    {"name": "uploads", "description": "one-time phone upload links"},
    {"name": "help", "description": "a resident asks for staff; the kiosk reads the answer"},
    {"name": "video", "description": "a resident calls a clerk by video: the signalling"},
    {"name": "evaluations", "description": "好差评: a resident rates the service"},
    {"name": "payments", "description": "utility bills (便民缴费), the gateway's notifies"},
    {"name": "back office", "description": "clerk actions, fleet management, test faults"},
    {"name": "terminals", "description": "fleet: registration, heartbeats, pushed config"},
]


def create_app(
    db_path: str | Path,
    *,
    seed: bool = True,
    faults: bool = False,
    gateway_public_key: Path | None = None,
) -> FastAPI:
    """The simulator on ``db_path``, a SQLite file or a ``postgresql://`` URL. ``faults``:
    serve the fault-injection switch (tests and outage demos only; ``kiosk platform serve
    --faults``), absent otherwise. ``gateway_public_key``: the payment gateway's public
    key (PEM) its notifies are verified with, kept in the store (``--gateway-public-key``)."""
    db = Database(db_path)
    if seed:
        seed_if_empty(db)
    app = FastAPI(
        title="Beijing government service platform (simulator)",
        version="1.0.0",
        description=DESCRIPTION,
    )
    app.state.db = db
    api = APIRouter(prefix=API_PREFIX)
    for module in (routes_public, routes_cases, routes_pickup, routes_journeys, routes_backoffice):
        api.include_router(module.router)
    if faults:
        app.state.faults = Faults()
        api.include_router(routes_faults.router)
    seal.ensure_key(db)  # 电子印章: made at the first start, kept in the database
    api.include_router(seal.router)
    routes_terminals.ensure_schema(db)  # the fleet: registration, heartbeats, pushed config
    app.state.heartbeats = HeartbeatBatch()  # written in batches, off the case path
    licences.ensure_schema(db)  # electronic licences (电子证照) and the demo people's
    api.include_router(licences.router)
    printable_documents.install(app, api, db)  # 打印证照: documents, PDFs, /verify pages
    # 告知承诺制: the terminals' signing keys, signed commitments
    api.include_router(commitments.router)
    commitment_view.install(app, api)  # a case's signed commitment, its page for the clerks
    api.include_router(help_calls.router)  # 呼叫工作人员: the kiosks' calls, the clerks' answers
    api.include_router(help_calls.backoffice_router)
    app.include_router(help_calls.page_router)  # /help-desk, the clerks' page
    routes_postal.install(api)  # 物流服务: cases to post, their dispatch
    routes_video.install(api)  # 远程视频: the kiosk's call and the clerk's answer
    app.include_router(guides.page_router)  # /guides/{code}, a matter's guide for a phone
    evaluations.install(app, api)  # 好差评: the ratings and the back office's report
    routes_payments.install(app, api, gateway_public_key)  # 便民缴费: bills, notifies
    api.include_router(routes_terminals.router)
    api.include_router(schema_split.install(app, TAGS))
    app.include_router(api)
    install_error_handlers(app)
    app.add_middleware(RetryOnConflict)  # innermost: a lost transaction's request runs again
    if faults:
        app.add_middleware(FaultInjection, faults=app.state.faults)
    app.add_middleware(BodyLimit, max_bytes=MAX_BODY_BYTES)
    app.add_middleware(AccessLog)
    return app
