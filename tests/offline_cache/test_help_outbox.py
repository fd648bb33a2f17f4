"""A help call goes through the outbox (issue 19 item 1): made while the platform is
away it is kept, the kiosk says so (queued), and it reaches the clerks' list when the
platform is back; a callback's phone number is not kept once the platform has it."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import UTC, datetime
from pathlib import Path

from flows.help import HelpKind, HelpRequest, HelpState
from offline_cache.outbox import DB_FILE
from offline_cache.platform_port import KioskPlatform
from tests.offline_cache.conftest import SwitchablePlatform
from tests.platform.helpers import backoffice


def _request(kind: HelpKind = HelpKind.ATTEND, phone: str = "") -> HelpRequest:
    return HelpRequest(uuid.uuid4().hex, kind, "face_check", datetime.now(UTC), phone)


def _desk(server: SwitchablePlatform) -> list[dict[str, object]]:
    r = backoffice().get(f"{server.url}/api/v1/backoffice/help-calls")
    calls: list[dict[str, object]] = r.json()["calls"]
    return calls


def test_a_call_made_in_an_outage_reaches_the_desk_when_the_platform_is_back(
    platform_server: SwitchablePlatform, kiosk_platform: KioskPlatform
) -> None:
    platform_server.stop()
    call = _request()
    assert kiosk_platform.request_help(call).state is HelpState.QUEUED
    assert kiosk_platform.help_answer(call.call_id).state is HelpState.QUEUED
    assert kiosk_platform.outbox.status().pending == 1

    platform_server.start()
    assert kiosk_platform.forwarder is not None
    assert kiosk_platform.forwarder.flush()
    assert [c["call_id"] for c in _desk(platform_server)] == [call.call_id]
    assert kiosk_platform.help_answer(call.call_id).state is HelpState.OPEN

    ack = f"{platform_server.url}/api/v1/backoffice/help-calls/{call.call_id}/acknowledge"
    backoffice().post(ack, json={"wait_minutes": 7}).raise_for_status()
    answer = kiosk_platform.help_answer(call.call_id)
    assert (answer.state, answer.wait_minutes) == (HelpState.ACKNOWLEDGED, 7)


def test_a_callbacks_number_is_purged_once_the_platform_has_it(
    platform_server: SwitchablePlatform, kiosk_platform: KioskPlatform, data_dir: Path
) -> None:
    platform_server.start()
    call = _request(HelpKind.CALLBACK, "13800138001")
    assert kiosk_platform.request_help(call).state is HelpState.OPEN
    conn = sqlite3.connect(data_dir / DB_FILE)
    try:
        row = conn.execute(
            "SELECT state, payload FROM help_calls WHERE call_id = ?", (call.call_id,)
        ).fetchone()
    finally:
        conn.close()
    assert row == ("accepted", None)
    phones = [c["phone"] for c in _desk(platform_server) if c["call_id"] == call.call_id]
    assert phones == ["13800138001"]


def test_the_stored_call_is_sealed(
    platform_server: SwitchablePlatform, kiosk_platform: KioskPlatform, data_dir: Path
) -> None:
    platform_server.stop()
    kiosk_platform.request_help(_request(HelpKind.CALLBACK, "13800138001"))
    assert b"13800138001" not in (data_dir / DB_FILE).read_bytes()
