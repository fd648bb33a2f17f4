"""Case submission: idempotency, validation, deferral notices."""

from __future__ import annotations

import uuid
from typing import Any

from tests.platform.helpers import PNG, b64, case_body, new_provisional, session


def _submit(api: str, body: dict[str, Any], key: str | None = None) -> tuple[int, Any]:
    resp = session().post(
        api + "/cases", json=body, headers={"Idempotency-Key": key or uuid.uuid4().hex}, timeout=10
    )
    return resp.status_code, resp.json()


def _count_with_provisional(api: str, provisional: str) -> int:
    cases = session().get(api + "/cases", timeout=5).json()["cases"]
    return sum(c["provisional_code"] == provisional for c in cases)


def test_same_idempotency_key_twice_makes_one_case(api: str) -> None:
    key = uuid.uuid4().hex
    body = case_body(new_provisional())
    first_status, first = _submit(api, body, key)
    second_status, second = _submit(api, body, key)
    assert (first_status, second_status) == (201, 200)
    assert first["case_code"] == second["case_code"]
    assert first["case_code"].startswith("CASE-")
    assert _count_with_provisional(api, body["provisional_code"]) == 1


def test_same_key_with_another_body_is_409(api: str) -> None:
    key = uuid.uuid4().hex
    status, _ = _submit(api, case_body(new_provisional()), key)
    assert status == 201
    status, err = _submit(api, case_body(new_provisional(), person=2), key)
    assert status == 409
    assert err["error"] == "idempotency_conflict"


def test_missing_idempotency_key_is_rejected(api: str) -> None:
    resp = session().post(api + "/cases", json=case_body(new_provisional()), timeout=5)
    assert resp.status_code == 422
    assert resp.json()["error"] == "invalid_request"


def test_case_is_found_by_case_code_and_by_provisional_code(api: str) -> None:
    body = case_body(new_provisional())
    _, case = _submit(api, body)
    s = session()
    by_code = s.get(f"{api}/cases/{case['case_code']}", timeout=5).json()
    by_provisional = s.get(f"{api}/cases/{body['provisional_code']}", timeout=5).json()
    assert by_code == by_provisional
    assert by_code["status"] == "submitted"
    assert s.get(f"{api}/cases/CASE-19990101-000001", timeout=5).status_code == 404


def test_deferred_material_gets_a_notice_with_due_date(api: str) -> None:
    body = case_body(
        new_provisional(),
        matter="HJ001",
        pages=[
            {"material_code": "id_card", "mime": "image/png", "data": b64(PNG)},
            {"material_code": "photo", "mime": "image/png", "data": b64(PNG)},
        ],
        deferred=["hukou"],
        form_extra={"address": "北京市通州区", "reason": "有效期满"},
    )
    status, case = _submit(api, body)
    assert status == 201, case
    notice = case["deferral_notice"]
    assert [i["material_code"] for i in notice["items"]] == ["hukou"]
    assert notice["items"][0]["due_date"] > case["created_at"][:10]
    assert "居民户口簿" in notice["text"]["zh"]


def test_material_that_may_not_be_deferred_is_refused(api: str) -> None:
    status, err = _submit(api, case_body(new_provisional(), pages=[], deferred=["id_card"]))
    assert status == 422
    assert err["error"] == "not_deferrable"


def test_page_claiming_png_but_not_png_is_refused(api: str) -> None:
    pages = [{"material_code": "id_card", "mime": "image/png", "data": b64(b"MZ\x90\x00evil")}]
    status, err = _submit(api, case_body(new_provisional(), pages=pages))
    assert status == 422
    assert err["error"] == "invalid_page"


def test_oversized_page_is_413(api: str) -> None:
    big = b64(PNG + b"\x00" * (10 * 1024 * 1024))
    pages = [{"material_code": "id_card", "mime": "image/png", "data": big}]
    status, err = _submit(api, case_body(new_provisional(), pages=pages))
    assert status == 413
    assert err["error"] == "page_too_large"


def test_too_many_pages_is_refused(api: str) -> None:
    pages = [{"material_code": "id_card", "mime": "image/png", "data": b64(PNG)}] * 21
    status, err = _submit(api, case_body(new_provisional(), pages=pages))
    assert status == 422
    # the error names where, never the value (which could be personal data)
    assert "pages" in err["message"]["en"]


def test_bad_id_check_digit_is_refused_without_echoing_it(api: str) -> None:
    body = case_body(new_provisional())
    bad = body["applicant"]["id_number"][:-1] + (
        "0" if body["applicant"]["id_number"][-1] != "0" else "1"
    )
    body["applicant"]["id_number"] = bad
    status, err = _submit(api, body)
    assert status == 422
    assert err["error"] == "invalid_id_number"
    assert bad not in str(err)


def test_terminal_cannot_submit_for_another_terminal(api: str) -> None:
    body = case_body("BJDC-0001-000001")
    body["terminal_id"] = "BJDC-0001"
    status, err = _submit(api, body)
    assert status == 403
    assert err["error"] == "terminal_mismatch"
