"""好差评: the ratings residents give after a journey, as the terminals post them.

* ``POST /evaluations`` -- one rating (idempotent by ``evaluation_id``: a resend with
  the same body answers the rating as stored, 200; another body under the same id is
  409 ``evaluation_taken``). A rating that names a case must name one this terminal
  may see (:func:`platform_sim.ownership.visible_case`, 404 otherwise); the matter is
  taken from the case, never from the terminal's word.

Nothing personal is kept: the terminal, the journey, the case, the level, the
reasons and the times. The back office's report is :mod:`platform_sim.evaluation_report`.
"""

from __future__ import annotations

import json

from fastapi import APIRouter, FastAPI, Response

from platform_contract.evaluation import EvaluationIn, EvaluationOut
from platform_contract.schemas import ErrorOut
from platform_sim.auth import Db, Terminal
from platform_sim.clock import now
from platform_sim.errors import ApiError
from platform_sim.evaluation_report import backoffice_router, page_router
from platform_sim.ownership import visible_case
from platform_sim.routes_public import AUTH_ERRORS
from platform_sim.store.transaction import StoreRow

router = APIRouter(tags=["evaluations"])
_SUMMARY = "A resident rates the service after a journey (好差评)"
#: besides the rating: no such case for this terminal (404), the id taken (409)
_ANSWERS: dict[int | str, dict[str, object]] = {
    **AUTH_ERRORS,
    404: {"model": ErrorOut},
    409: {"model": ErrorOut},
}


def install(app: FastAPI, api: APIRouter) -> None:
    """The terminals' route and the back office's report (JSON and page)."""
    api.include_router(router)
    api.include_router(backoffice_router)
    app.include_router(page_router)  # /evaluation-report, the clerks' page


def evaluation_out(row: StoreRow) -> EvaluationOut:
    """The stored rating as the wire says it (the reasons are kept as JSON)."""
    fields = {name: row[name] for name in EvaluationOut.model_fields}
    return EvaluationOut.model_validate({**fields, "reasons": json.loads(row["reasons"])})


@router.post("/evaluations", status_code=201, summary=_SUMMARY, responses=_ANSWERS)
def post_evaluation(body: EvaluationIn, who: Terminal, db: Db, response: Response) -> EvaluationOut:
    # the request as it came, to tell a resend from another rating under the same id
    request = body.model_dump_json()
    with db.tx() as conn:
        row = conn.execute(
            "SELECT * FROM evaluations WHERE evaluation_id = ?", (body.evaluation_id,)
        ).fetchone()
        if row is not None:
            if row["terminal_id"] != who.terminal_id or row["request"] != request:
                raise ApiError(
                    409, "evaluation_taken", "评价编号已被使用", "This evaluation id is taken"
                )
            response.status_code = 200  # a resend: the rating as stored
            return evaluation_out(row)
        case_code = matter_code = None
        if body.case_code is not None:
            case = visible_case(conn, body.case_code, who.terminal_id)
            case_code, matter_code = case["code"], case["matter_code"]
        received = now()
        conn.execute(
            "INSERT INTO evaluations (evaluation_id, terminal_id, journey, case_code,"
            " matter_code, level, reasons, rated_at, received_at, received_day, request)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                body.evaluation_id,
                who.terminal_id,
                body.journey,
                case_code,
                matter_code,
                body.level,
                json.dumps(body.reasons),
                body.rated_at.isoformat(),
                received.isoformat(),
                received.date().isoformat(),
                request,
            ),
        )
        row = conn.execute(
            "SELECT * FROM evaluations WHERE evaluation_id = ?", (body.evaluation_id,)
        ).fetchone()
        return evaluation_out(row)
