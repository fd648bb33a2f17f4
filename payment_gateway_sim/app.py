"""The gateway simulator's HTTP face: ``/gateway.do`` for the SDK, the bill files its
download links point at, ``/health``, and the ``/sim`` control routes (loopback only)."""

from __future__ import annotations

import re
import urllib.parse

from fastapi import FastAPI, HTTPException, Request, Response
from starlette.concurrency import run_in_threadpool

from payment_gateway_sim.bills import DOWNLOAD_PATH, bill_zip, download_token
from payment_gateway_sim.control_routes import control_router
from payment_gateway_sim.gateway import Gateway
from payment_gateway_sim.protocol import answer_request

_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def create_app(gw: Gateway) -> FastAPI:
    app = FastAPI(title="payment gateway simulator", docs_url=None, redoc_url=None)
    app.state.gateway = gw

    @app.api_route("/gateway.do", methods=["GET", "POST"])
    async def gateway_do(request: Request) -> Response:
        # the SDK puts everything in the query; other clients post a form: take both
        params = dict(request.query_params)
        if request.method == "POST":
            body = (await request.body()).decode("utf-8", "replace")
            params.update(urllib.parse.parse_qsl(body, keep_blank_values=True))
        base = str(request.base_url)
        text = await run_in_threadpool(answer_request, gw, params, base)
        return Response(text.encode("utf-8"), media_type="application/json;charset=utf-8")

    @app.get(DOWNLOAD_PATH)
    def download_bill(bizDates: str, token: str) -> Response:
        day = _COMPACT_DATE.match(bizDates)
        if day is None:
            raise HTTPException(404)
        bill_date = "-".join(day.groups())
        if token != download_token(gw.app_id, bill_date):
            raise HTTPException(403)
        with gw.store.transaction() as conn:
            content = bill_zip(conn, gw.app_id, bill_date, gw.clock.now())
        return Response(content, media_type="application/zip")

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    app.include_router(control_router(gw))
    return app
