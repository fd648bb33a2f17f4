"""The back office's report of 好差评: how many ratings of each level and reason, per
matter, per terminal and per day (the Beijing date a rating arrived).

* ``GET /backoffice/evaluations/report[?since=YYYY-MM-DD]`` -- the report as JSON.
* ``GET /evaluation-report`` -- the page the clerks read it on
  (:mod:`platform_sim.evaluation_report_page`: static, it fetches the JSON with the
  back-office token and inserts every value as text).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse

from platform_contract.evaluation import (
    LEVELS,
    REASONS,
    CountRow,
    EvaluationReportOut,
    Level,
    Reason,
)
from platform_sim.auth import Backoffice, Db
from platform_sim.clerk_pages import clerk_page
from platform_sim.evaluation_report_page import EVALUATION_REPORT_HTML
from platform_sim.routes_public import AUTH_ERRORS
from platform_sim.store.transaction import Tx

backoffice_router = APIRouter(prefix="/backoffice", tags=["back office"])
page_router = APIRouter()


def build_report(conn: Tx, since: date | None = None) -> EvaluationReportOut:
    sql = "SELECT terminal_id, matter_code, level, reasons, received_day FROM evaluations"
    args: tuple[str, ...] = ()
    if since is not None:
        sql += " WHERE received_day >= ?"
        args = (since.isoformat(),)
    levels: Counter[Level] = Counter()
    reasons: Counter[Reason] = Counter()
    groups: dict[str, defaultdict[str, Counter[Level]]] = {
        column: defaultdict(Counter) for column in ("matter_code", "terminal_id", "received_day")
    }
    for row in conn.execute(sql, args):
        level: Level = row["level"]
        levels[level] += 1
        reasons.update(json.loads(row["reasons"]))
        for column, counts in groups.items():
            counts[row[column] or ""][level] += 1
    return EvaluationReportOut(
        total=sum(levels.values()),
        levels={level: levels[level] for level in LEVELS},
        reasons={reason: reasons[reason] for reason in REASONS},
        by_matter=_rows(groups["matter_code"]),
        by_terminal=_rows(groups["terminal_id"]),
        by_day=_rows(groups["received_day"]),
        since=since,
    )


def _rows(counts: dict[str, Counter[Level]]) -> list[CountRow]:
    return [
        CountRow(
            key=key,
            total=sum(by_level.values()),
            levels={level: by_level[level] for level in LEVELS},
        )
        for key, by_level in sorted(counts.items())
    ]


@backoffice_router.get(
    "/evaluations/report",
    summary="好差评: counts per level and reason, per matter, terminal and day",
    responses=AUTH_ERRORS,
)
def evaluation_report(
    _who: Backoffice, db: Db, since: Annotated[date | None, Query()] = None
) -> EvaluationReportOut:
    with db.tx() as conn:
        return build_report(conn, since)


@page_router.get("/evaluation-report", include_in_schema=False)
def evaluation_report_page() -> HTMLResponse:
    """The clerks' page: static, no data (it fetches with the token it is given)."""
    return clerk_page(EVALUATION_REPORT_HTML)
