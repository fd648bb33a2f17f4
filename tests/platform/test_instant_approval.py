"""秒批 (issue 21.2): a matter the catalogue marks for instant approval is approved by
rule as its case is accepted; the create answer carries the sealed decision, checked
here with the public key only. An ordinary matter's case waits for a clerk."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from platform_contract.seal import decision_fields
from tests.platform.helpers import case_body, new_provisional, session
from tests.platform.test_seal import _check, _key

INSTANT = "BDC001"  # 不动产登记资料查询: nothing on paper to check


def _create(api: str, body: dict[str, Any]) -> dict[str, Any]:
    resp = session().post(
        api + "/cases", json=body, headers={"Idempotency-Key": uuid.uuid4().hex}, timeout=10
    )
    assert resp.status_code == 201, resp.text
    out: dict[str, Any] = resp.json()
    return out


def test_the_catalogue_marks_only_simple_matters_instant(api: str) -> None:
    matters = {m["code"]: m for m in session().get(api + "/catalog", timeout=5).json()["matters"]}
    assert matters[INSTANT]["instant_approval"] is True
    assert matters["HJ001"]["instant_approval"] is False  # the demo tour's matter
    assert matters["SW001"]["instant_approval"] is False


def test_an_instant_matter_is_decided_and_sealed_on_create(api: str) -> None:
    _, key = _key(api)
    extra = {"property_address": "北京市东城区示例路 1 号"}
    case = _create(api, case_body(new_provisional(), matter=INSTANT, form_extra=extra))
    assert case["status"] == "approved"
    decision = case["decision"]
    assert (decision["case_code"], decision["decision"]) == (case["case_code"], "approved")
    at = datetime.fromisoformat(decision["decided_at"])
    _check(key, decision["seal"], decision_fields(case["case_code"], INSTANT, "approved", at))
    # the progress lookup reads the same sealed decision
    status = session().get(f"{api}/cases/{case['case_code']}", timeout=5).json()
    assert status["decision"] == decision


def test_an_ordinary_matter_waits_for_a_clerk(api: str) -> None:
    case = _create(api, case_body(new_provisional()))
    assert case["status"] == "submitted" and case["decision"] is None
