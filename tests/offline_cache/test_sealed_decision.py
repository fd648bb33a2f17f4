"""Issue 21.2: the progress lookup believes a decision (审批决定) only when its seal
verifies. Against the running simulator, through a real proxy on loopback that
rewrites the case answer after the platform sealed it: a changed decision, or a
sealed decision moved onto another case, is refused with a clear message."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from flows.domain import CaseStatusKind
from offline_cache.seal_check import DECISION_NOT_VERIFIED, SealRefused
from tests.offline_cache.conftest import SwitchablePlatform, make_client
from tests.offline_cache.wire_proxy import Rewrite, wire_proxy
from tests.platform.helpers import backoffice, session
from tests.platform.test_pickup import _new_case


def _approved(api: str) -> dict[str, Any]:
    code = _new_case(api)
    resp = backoffice().post(f"{api}/backoffice/cases/{code}/approve", timeout=5)
    assert resp.status_code == 200
    body: dict[str, Any] = resp.json()
    return body


def test_a_sealed_decision_reads_through(platform_server: SwitchablePlatform) -> None:
    platform_server.start()
    case = _approved(platform_server.url + "/api/v1")
    client = make_client(platform_server.url)
    status = client.case_status(case["case_code"])
    assert status.status is CaseStatusKind.APPROVED
    client.close()


def _rejected_instead(case: dict[str, Any], other: dict[str, Any]) -> None:
    case["decision"]["decision"] = "rejected"  # the bytes changed after signing


def _moved_from(case: dict[str, Any], other: dict[str, Any]) -> None:
    case["decision"] = other["decision"]  # sealed, but another case's


FORGERIES: dict[str, Callable[[dict[str, Any], dict[str, Any]], None]] = {
    "decision changed after signing": _rejected_instead,
    "another case's sealed decision": _moved_from,
}


@pytest.mark.parametrize("forgery", list(FORGERIES), ids=list(FORGERIES))
def test_a_forged_decision_is_refused(forgery: str, platform_server: SwitchablePlatform) -> None:
    platform_server.start()
    api = platform_server.url + "/api/v1"
    case, other = _approved(api), _approved(api)
    answer = session().get(f"{api}/cases/{case['case_code']}", timeout=5).json()
    FORGERIES[forgery](answer, other)
    with wire_proxy(platform_server.url) as proxy:
        path = rf"/api/v1/cases/{case['case_code']}"
        proxy.rules.append(Rewrite("GET", path, 200, json.dumps(answer).encode()))
        client = make_client(proxy.url)
        with pytest.raises(SealRefused) as refused:
            client.case_summary(case["case_code"])
        client.close()
    assert refused.value.message == DECISION_NOT_VERIFIED
