"""Two OpenAPI documents: the terminals' at ``/openapi.json`` and the back office's
at ``/api/v1/backoffice/openapi.json`` (behind the back-office token).

A terminal's developer (or a terminal's stolen token) sees only what terminals may
call; the clerks' actions, the fleet's management and the test-only fault switch
are described only to the back office. Every route stays in one application: the
split is of what is described, and each back-office route checks its own token.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, FastAPI, routing
from fastapi.openapi.utils import get_openapi

from platform_sim.auth import Backoffice
from platform_sim.routes_public import AUTH_ERRORS

BACKOFFICE_PREFIX = "/api/v1/backoffice"
BACKOFFICE_TAG = "back office"


def _routes(app: FastAPI, backoffice: bool) -> list[Any]:
    """The app's routes with their full paths, back office's or the others."""
    # FastAPI >= 0.16x keeps included routers nested (route contexts); older ones
    # copied their routes flat into app.routes
    flatten = getattr(routing, "iter_route_contexts", None)
    every = list(flatten(app.routes)) if flatten is not None else list(app.routes)
    return [
        r
        for r in every
        if str(getattr(r, "path", "")).startswith(BACKOFFICE_PREFIX + "/") == backoffice
    ]


def _document(
    app: FastAPI, routes: list[Any], tags: list[dict[str, Any]], title: str
) -> dict[str, Any]:
    return get_openapi(
        title=title,
        version=app.version,
        description=app.description,
        routes=routes,
        tags=tags,
    )


def install(app: FastAPI, tags: list[dict[str, Any]]) -> APIRouter:
    """Make ``app.openapi`` the terminals' document; returns the router that serves
    the back office's (include it under the API prefix)."""
    terminal_tags = [t for t in tags if t["name"] != BACKOFFICE_TAG]
    back_tags = [t for t in tags if t["name"] in (BACKOFFICE_TAG, "terminals")]

    def terminal_schema() -> dict[str, Any]:
        if app.openapi_schema is None:
            routes = _routes(app, backoffice=False)
            app.openapi_schema = _document(app, routes, terminal_tags, app.title)
        return app.openapi_schema

    app.openapi = terminal_schema  # type: ignore[method-assign]
    router = APIRouter()
    cached: dict[str, Any] = {}

    @router.get(
        "/backoffice/openapi.json",
        include_in_schema=False,
        responses=AUTH_ERRORS,
    )
    def backoffice_schema(_who: Backoffice) -> dict[str, Any]:
        if not cached:
            routes = _routes(app, backoffice=True)
            cached.update(_document(app, routes, back_tags, app.title + ": back office"))
        return cached

    return router
