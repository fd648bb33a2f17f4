"""Health, OpenAPI, authentication and the catalogue's ETag against the running simulator."""

from __future__ import annotations

import requests

from tests.platform.helpers import backoffice, session


def test_health_needs_no_token(api: str) -> None:
    resp = requests.get(api + "/health", timeout=5)
    assert resp.status_code == 200
    assert resp.json()["status"] == "ok"


def test_openapi_describes_every_endpoint_with_models(server_url: str) -> None:
    spec = requests.get(server_url + "/openapi.json", timeout=5).json()
    paths = spec["paths"]
    for path in (
        "/api/v1/catalog",
        "/api/v1/cases",
        "/api/v1/cases/{code}",
        "/api/v1/cases/{code}/events",
        "/api/v1/pickup/verify",
        "/api/v1/persons/{id_number}/photo",
    ):
        assert path in paths, path
    # the back office is described apart, to the back office only
    assert not any(p.startswith("/api/v1/backoffice/") for p in paths)
    back = backoffice().get(server_url + "/api/v1/backoffice/openapi.json", timeout=5).json()
    for path in ("/api/v1/backoffice/cases/{code}/approve", "/api/v1/backoffice/notifications"):
        assert path in back["paths"], path
    submit = paths["/api/v1/cases"]["post"]
    assert submit["summary"]
    assert any(p["name"] == "Idempotency-Key" for p in submit["parameters"])
    assert "CaseIn" in spec["components"]["schemas"]


def test_catalog_is_seeded_with_beijing_matters(api: str) -> None:
    body = session().get(api + "/catalog", timeout=5).json()
    assert len(body["categories"]) >= 15
    assert len(body["matters"]) >= 60
    categories = {c["code"] for c in body["categories"]}
    assert all(m["category"] in categories for m in body["matters"])
    deferrable = [x for m in body["matters"] for x in m["materials"] if x["deferrable"]]
    assert deferrable and all(x["deferral_days"] > 0 for x in deferrable)
    prefills = {f["prefill"] for m in body["matters"] for f in m["fields"]}
    assert {"card.name", "card.id_number", "person.phone"} <= prefills


def test_catalog_etag_gives_304_when_unchanged(api: str) -> None:
    s = session()
    first = s.get(api + "/catalog", timeout=5)
    etag = first.headers["ETag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    assert first.json()["version"] == etag.strip('"')
    again = s.get(api + "/catalog", headers={"If-None-Match": etag}, timeout=5)
    assert again.status_code == 304
    assert again.content == b""
    stale = s.get(api + "/catalog", headers={"If-None-Match": '"not-the-tag"'}, timeout=5)
    assert stale.status_code == 200


def test_missing_or_wrong_token_is_401_with_json_error(api: str) -> None:
    for s in (session(None), session("not-a-token")):
        resp = s.get(api + "/catalog", timeout=5)
        assert resp.status_code == 401
        body = resp.json()
        assert body["error"] == "unauthorized"
        assert body["message"]["zh"] and body["message"]["en"]


def test_backoffice_and_terminal_tokens_do_not_mix(api: str) -> None:
    assert backoffice().get(api + "/catalog", timeout=5).status_code == 403
    resp = session().get(api + "/backoffice/notifications", timeout=5)
    assert resp.status_code == 403


def test_no_photo_on_file_is_404(api: str) -> None:
    # the demo people have the sample face on file; nobody else has a photo
    resp = session().get(api + "/persons/110101199001011237/photo", timeout=5)
    assert resp.status_code == 404
    assert resp.json()["error"] == "no_photo"
