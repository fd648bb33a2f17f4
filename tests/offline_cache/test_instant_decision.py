"""秒批 (issue 21.2): the kiosk's submit answer carries the platform's decision for a
matter decided by rule, believed only once its seal verifies. Against the running
simulator, through the kiosk's own platform port; a forged decision comes through a
real proxy on loopback that rewrites the create answer after the platform sealed it."""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from flows.domain import CaseDraft, SubmitState
from offline_cache.platform_port import KioskPlatform
from platform_sim.seed import DEMO_TERMINAL_ID, DEMO_TERMINAL_TOKEN
from tests.offline_cache.conftest import SwitchablePlatform
from tests.offline_cache.wire_proxy import Rewrite, wire_proxy
from tests.platform.helpers import case_body, draft, new_provisional, session

INSTANT = "BDC001"  # 不动产登记资料查询, marked instant_approval in the seed catalogue
ADDRESS = {"property_address": "北京市东城区示例路 1 号"}


def _instant_draft() -> CaseDraft:
    d = draft(matter=INSTANT)
    return replace(d, form={**d.form, **ADDRESS})


def _kiosk(url: str, data_dir: Path) -> KioskPlatform:
    """The kiosk's platform port as the app opens it (seal key pinned in ``data_dir``)."""
    return KioskPlatform.open(
        url,
        DEMO_TERMINAL_TOKEN,
        DEMO_TERMINAL_ID,
        data_dir,
        timeout=3.0,
        sync_timeout=2.0,
        start_forwarder=False,
    )


def test_an_instant_matter_submit_returns_the_verified_decision(
    platform_server: SwitchablePlatform, data_dir: Path
) -> None:
    platform_server.start()
    kiosk = _kiosk(platform_server.url, data_dir)
    try:
        result = kiosk.submit_case(_instant_draft())
        ordinary = kiosk.submit_case(draft())
    finally:
        kiosk.close()
    assert result.state is SubmitState.ACCEPTED and result.decision is not None
    assert result.decision.approved
    sealed = session().get(f"{platform_server.url}/api/v1/cases/{result.code}", timeout=5)
    assert result.decision.decided_at == datetime.fromisoformat(
        sealed.json()["decision"]["decided_at"]
    )
    assert ordinary.state is SubmitState.ACCEPTED and ordinary.decision is None


def _sealed_instant_answer(api: str) -> dict[str, Any]:
    body = case_body(new_provisional(), matter=INSTANT, form_extra=ADDRESS)
    headers = {"Idempotency-Key": uuid.uuid4().hex}
    resp = session().post(api + "/cases", json=body, headers=headers, timeout=10)
    assert resp.status_code == 201
    answer: dict[str, Any] = resp.json()
    return answer


def test_a_forged_decision_on_submit_is_dropped_and_the_case_kept(
    platform_server: SwitchablePlatform, data_dir: Path
) -> None:
    platform_server.start()
    forged = _sealed_instant_answer(platform_server.url + "/api/v1")
    later = datetime.fromisoformat(forged["decision"]["decided_at"]) + timedelta(days=1)
    forged["decision"]["decided_at"] = later.isoformat()  # the bytes changed after signing
    d = _instant_draft()
    with wire_proxy(platform_server.url) as proxy:
        kiosk = _kiosk(proxy.url, data_dir)
        try:
            # the answer must name this declaration's provisional code to be its answer
            forged["provisional_code"] = kiosk.outbox.add_case(d).provisional_code
            body = json.dumps(forged).encode()
            proxy.rules.append(Rewrite("POST", r"/api/v1/cases", 201, body))
            result = kiosk.submit_case(d)
        finally:
            kiosk.close()
    assert result.state is SubmitState.ACCEPTED and result.code == forged["case_code"]
    assert result.decision is None  # the done screen says no 秒批
