"""物流服务 (issue 21.5) through the kiosk's platform port and the running simulator: a
case by post made in an outage is kept sealed in the outbox (the address never on disk
in the clear) and reaches the platform with its address; the clerk's loading reads it as
by post, and the progress lookup reads the tracking number once the back office posted it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from flows.domain import CaseStatusKind, SubmitState
from flows.post_delivery import PostDelivery
from offline_cache.outbox import DB_FILE
from offline_cache.platform_port import KioskPlatform
from tests.offline_cache.conftest import SwitchablePlatform
from tests.platform.helpers import backoffice, draft

STREET = "玉带河东街2号院3号楼401"
POST = PostDelivery("张伟", "13800138001", "北京市", "北京市", "通州区", STREET)


def test_a_post_case_queued_offline_is_sealed_then_posted_and_tracked(
    platform_server: SwitchablePlatform, kiosk_platform: KioskPlatform, data_dir: Path
) -> None:
    platform_server.stop()
    queued = kiosk_platform.submit_case(replace(draft(), post=POST))
    assert queued.state is SubmitState.QUEUED
    assert STREET.encode() not in (data_dir / DB_FILE).read_bytes(), "sealed on disk"

    platform_server.start()
    assert kiosk_platform.forwarder is not None and kiosk_platform.forwarder.flush()
    api = f"{platform_server.url}/api/v1"
    office = backoffice()
    listed = office.get(f"{api}/backoffice/posts", params={"status": "submitted"}).json()
    (case,) = listed["cases"]
    assert case["address"] == "北京市通州区" + STREET and case["recipient"] == "张伟"
    code = case["case_code"]

    status = kiosk_platform.case_status(code)
    assert status.by_post, "the clerk's loading skips the locker for it"
    office.post(f"{api}/backoffice/cases/{code}/approve").raise_for_status()
    office.post(
        f"{api}/backoffice/cases/{code}/dispatch", json={"tracking_number": "EA123456789CN"}
    ).raise_for_status()
    summary = kiosk_platform.case_summary(code)
    assert (summary.status, summary.tracking_number) == (CaseStatusKind.POSTED, "EA123456789CN")


def test_a_locker_case_says_nothing_of_the_post(
    platform_server: SwitchablePlatform, kiosk_platform: KioskPlatform
) -> None:
    platform_server.start()
    result = kiosk_platform.submit_case(draft())
    assert result.state is SubmitState.ACCEPTED
    assert not kiosk_platform.case_status(result.code).by_post
    assert kiosk_platform.case_summary(result.code).tracking_number == ""
