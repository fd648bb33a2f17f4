"""Health (open) and the matter catalogue (ETag, 304)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Path, Response

from platform_contract.schemas import CatalogOut, ErrorOut, HealthOut
from platform_sim.auth import Db, Terminal
from platform_sim.catalog import etag_of, if_none_match_hits
from platform_sim.catalog_copy import served_catalog
from platform_sim.clock import now

router = APIRouter()
AUTH_ERRORS: dict[int | str, dict[str, object]] = {
    401: {"model": ErrorOut},
    403: {"model": ErrorOut},
}
#: a route that answers 404 for what is not there (or is another terminal's)
NOT_FOUND_ERRORS: dict[int | str, dict[str, object]] = {**AUTH_ERRORS, 404: {"model": ErrorOut}}
#: a route whose answer carries an ETag
NOT_MODIFIED: dict[int | str, dict[str, object]] = {
    **AUTH_ERRORS,
    304: {"description": "Not modified"},
}
#: a code, token or id in the path: bounded before it reaches a query
PathKey = Annotated[str, Path(max_length=64)]


@router.get("/health", tags=["health"], summary="Is the platform up (no token needed)")
def health() -> HealthOut:
    return HealthOut(time=now())


@router.get(
    "/catalog",
    tags=["catalogue"],
    summary="The matter catalogue (categories, matters, materials, form fields)",
    description="Carries a strong ETag; send it back in If-None-Match to get 304 when unchanged.",
    response_model=CatalogOut,
    responses=NOT_MODIFIED,
)
def catalog(
    _who: Terminal,
    db: Db,
    if_none_match: str | None = Header(default=None, max_length=200),
) -> Response:
    with db.tx() as conn:
        served = served_catalog(conn)
    etag = etag_of(served.version)
    headers = {"ETag": etag, "Cache-Control": "no-cache"}
    if if_none_match_hits(if_none_match, etag):
        return Response(status_code=304, headers=headers)
    return Response(served.encoded, media_type="application/json", headers=headers)
