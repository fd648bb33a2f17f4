"""A matter's fee (issue 23) on both stores: the catalogue carries ``fee_fen``; the
platform refuses a fee-bearing matter's case without its payment, with another amount,
or with a trade that paid another case, and keeps the trade numbers on the case (its
answer, the back office's); the kiosk's draft carries them through the wire."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import asdict, replace
from typing import Any

from device_contracts import Image
from flows.domain import CasePayment, MaterialPage
from offline_cache.client import PlatformClient
from offline_cache.wire import draft_to_wire
from platform_sim.seed import DEMO_TERMINAL_TOKEN
from platform_sim.server import RunningServer
from tests.platform.helpers import PNG, b64, backoffice, case_body, draft, new_provisional, session

#: 居民身份证补领: 40 元 (the hukou register handed in later)
FEE_MATTER, FEE_FEN = "HJ002", 4000
_trades = itertools.count(1)


def _payment(amount_fen: int = FEE_FEN) -> dict[str, Any]:
    n = next(_trades)
    return {
        "out_trade_no": f"K01-20261207101500-{uuid.uuid4().hex[:8]}",
        "trade_no": f"2026120722001400{n:08d}",
        "amount_fen": amount_fen,
    }


def fee_case_body(payment: dict[str, Any] | None) -> dict[str, Any]:
    pages = [
        {"material_code": code, "mime": "image/png", "data": b64(PNG)}
        for code in ("photo", "application_form")
    ]
    body = case_body(
        new_provisional(),
        matter=FEE_MATTER,
        pages=pages,
        deferred=["hukou"],
        form_extra={"address": "北京市通州区"},
    )
    if payment is not None:
        body["payment"] = payment
    return body


def submit_case(api: str, body: dict[str, Any], key: str | None = None) -> tuple[int, Any]:
    headers = {"Idempotency-Key": key or uuid.uuid4().hex}
    resp = session().post(f"{api}/cases", json=body, headers=headers, timeout=10)
    return resp.status_code, resp.json()


def test_the_catalogue_says_the_fee_in_fen_and_in_words(api: str) -> None:
    matters = {m["code"]: m for m in session().get(f"{api}/catalog", timeout=10).json()["matters"]}
    assert matters[FEE_MATTER]["fee_fen"] == FEE_FEN
    assert matters[FEE_MATTER]["fee"] == {"zh": "工本费 40 元", "en": "Card fee 40 yuan"}
    assert matters["SW001"]["fee_fen"] == 0


def test_a_fee_matter_without_its_payment_or_with_another_amount_is_refused(api: str) -> None:
    status, answer = submit_case(api, fee_case_body(None))
    assert status == 422 and answer["error"] == "fee_required"
    assert "40.00" in answer["message"]["zh"]
    status, answer = submit_case(api, fee_case_body(_payment(2000)))
    assert status == 422 and answer["error"] == "fee_mismatch"
    status, answer = submit_case(api, {**case_body(new_provisional()), "payment": _payment()})
    assert status == 422 and answer["error"] == "fee_mismatch"


def test_the_case_keeps_the_trade_numbers_and_one_trade_pays_one_case(api: str) -> None:
    payment = _payment()
    body, key = fee_case_body(payment), uuid.uuid4().hex
    status, case = submit_case(api, body, key)
    assert status == 201, case
    assert case["payment"] == payment
    assert submit_case(api, body, key) == (200, case)  # the resend is the same case
    got = session().get(f"{api}/cases/{case['case_code']}", timeout=5).json()
    assert got["payment"] == payment
    approved = backoffice().post(f"{api}/backoffice/cases/{case['case_code']}/approve", timeout=5)
    assert approved.json()["payment"] == payment  # what the clerk's view of the case shows
    status, answer = submit_case(api, fee_case_body(payment))  # the same trade for another case
    assert status == 409 and answer["error"] == "payment_used"
    free = case_body(new_provisional())
    assert submit_case(api, free)[1]["payment"] is None


def test_the_kiosks_draft_carries_its_payment_and_the_catalogue_its_fee(
    server: RunningServer,
) -> None:
    client = PlatformClient(server.url, DEMO_TERMINAL_TOKEN, retries=0)
    assert client.catalog().matter(FEE_MATTER).fee_fen == FEE_FEN
    assert client.catalog().matter("SW001").fee_fen == 0
    paid = CasePayment(**_payment())
    image = Image(PNG, "image/png", 8, 8)
    fee_draft = replace(
        draft(matter=FEE_MATTER),
        pages=(MaterialPage("photo", image), MaterialPage("application_form", image)),
        deferred_materials=("hukou",),
        form={**draft().form, "address": "北京市通州区"},
        payment=paid,
    )
    provisional = new_provisional()
    accepted = client.submit_case(draft_to_wire(fee_draft, provisional), fee_draft.idempotency_key)
    assert accepted.created and accepted.provisional_code == provisional
    case = session().get(f"{server.url}/api/v1/cases/{accepted.case_code}", timeout=5).json()
    assert case["payment"] == asdict(paid)


def test_the_clerks_case_view_shows_the_fees_trade_numbers(api: str) -> None:
    payment = _payment()
    status, case = submit_case(api, fee_case_body(payment))
    assert status == 201, case
    seen = backoffice().get(f"{api}/backoffice/cases/{case['case_code']}", timeout=5)
    assert seen.status_code == 200 and seen.json()["payment"] == payment
    by_provisional = backoffice().get(
        f"{api}/backoffice/cases/{case['provisional_code']}", timeout=5
    )
    assert by_provisional.json()["case_code"] == case["case_code"]
    assert (
        session().get(f"{api}/backoffice/cases/{case['case_code']}", timeout=5).status_code == 403
    )
    assert (
        backoffice().get(f"{api}/backoffice/cases/CASE-19990101-000001", timeout=5).status_code
        == 404
    )
