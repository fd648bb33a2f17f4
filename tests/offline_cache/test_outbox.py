"""Store and forward against the real simulator: offline submissions, forwarding,
ordering of events behind their case, no duplicates after a crash mid-send."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from flows.domain import CaseEvent, CaseEventKind, CaseStatusKind, SubmitState
from offline_cache.errors import PlatformRejected
from offline_cache.forwarder import Forwarder
from offline_cache.outbox import Outbox
from offline_cache.platform_port import KioskPlatform
from platform_sim.seed import DEMO_TERMINAL_ID
from tests.offline_cache.conftest import SwitchablePlatform, make_client
from tests.platform.helpers import draft, session


def _wait_for(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def _cases_with_provisional(url: str, provisional: str) -> list[dict[str, object]]:
    cases = session().get(url + "/api/v1/cases", timeout=5).json()["cases"]
    return [c for c in cases if c["provisional_code"] == provisional]


def test_online_submit_is_accepted_and_resubmit_gives_the_same_case(
    platform_server: SwitchablePlatform, kiosk_platform: KioskPlatform
) -> None:
    platform_server.start()
    d = draft()
    first = kiosk_platform.submit_case(d)
    again = kiosk_platform.submit_case(d)
    assert first.state is SubmitState.ACCEPTED
    assert first.code.startswith("CASE-")
    assert again.code == first.code
    stored = kiosk_platform.outbox.lookup_case(d.idempotency_key)
    assert stored is not None
    assert len(_cases_with_provisional(platform_server.url, stored.provisional_code)) == 1


def test_offline_submit_is_queued_then_forwarded_exactly_once(
    platform_server: SwitchablePlatform, kiosk_platform: KioskPlatform
) -> None:
    assert kiosk_platform.forwarder is not None
    kiosk_platform.forwarder.start()  # platform down: it backs off
    result = kiosk_platform.submit_case(draft())
    assert result.state is SubmitState.QUEUED
    assert re.fullmatch(rf"{DEMO_TERMINAL_ID}-[0-9A-Z]{{4}}-000001", result.code)
    kiosk_platform.report_event(
        CaseEvent(CaseEventKind.MATERIALS_DEPOSITED, result.code, compartment_id="D01")
    )
    # while queued, progress is answered locally
    assert kiosk_platform.case_status(result.code).status is CaseStatusKind.SUBMITTED
    status = kiosk_platform.queue_status()
    # kept, not yet sent: the forwarder may be trying it this very moment ("sending")
    assert status.counts["cases.queued"] + status.counts["cases.sending"] == 1
    assert status.counts["events.queued"] + status.counts["events.sending"] == 1
    assert status.counts["cases.accepted"] == 0
    assert status.oldest_pending_age is not None

    platform_server.start()
    _wait_for(lambda: kiosk_platform.outbox.pending_count() == 0)

    cases = _cases_with_provisional(platform_server.url, result.code)
    assert len(cases) == 1
    real = kiosk_platform.case_status(result.code)
    assert real.case_code == cases[0]["case_code"]
    assert real.case_code.startswith("CASE-")
    # the event went after its case, to the real code
    assert real.status is CaseStatusKind.MATERIALS_DEPOSITED
    assert real.compartment_id == "D01"


def test_events_wait_behind_their_queued_case(
    platform_server: SwitchablePlatform, tmp_path: Path
) -> None:
    client = make_client(platform_server.url)
    outbox = Outbox.open(tmp_path / "o", DEMO_TERMINAL_ID)
    stored = outbox.add_case(draft())
    outbox.add_event(
        CaseEvent(CaseEventKind.MATERIALS_DEPOSITED, stored.provisional_code, "D02", event_id="e1")
    )
    outbox.add_event(
        CaseEvent(CaseEventKind.MATERIALS_RETRIEVED, stored.provisional_code, event_id="e2")
    )
    assert outbox.claim_next_event() is None  # its case has no platform code yet
    platform_server.start()
    assert Forwarder(outbox, client).flush()
    case = client.case_status(stored.provisional_code)
    # both applied, in order: deposited, then received
    assert case.status is CaseStatusKind.MATERIALS_RECEIVED
    assert outbox.status().counts["events.accepted"] == 2
    outbox.close()


def test_crash_mid_send_resends_with_the_same_key_and_makes_no_duplicate(
    platform_server: SwitchablePlatform, tmp_path: Path
) -> None:
    platform_server.start()
    client = make_client(platform_server.url)
    outbox = Outbox.open(tmp_path / "o", DEMO_TERMINAL_ID)
    stored = outbox.add_case(draft())
    item = outbox.claim_case(stored.idempotency_key)
    assert item is not None
    client.submit_case(item.body, item.idempotency_key)  # the platform has it...
    outbox.close()  # ...and the kiosk dies before recording the answer

    reopened = Outbox.open(tmp_path / "o", DEMO_TERMINAL_ID)
    assert reopened.status().counts["cases.queued"] == 1  # 'sending' recovered
    assert Forwarder(reopened, client).flush()
    assert len(_cases_with_provisional(platform_server.url, stored.provisional_code)) == 1
    after = reopened.lookup_case(stored.provisional_code)
    assert after is not None and after.case_code and after.case_code.startswith("CASE-")
    reopened.close()


def test_provisional_sequence_survives_restart(tmp_path: Path) -> None:
    first = Outbox.open(tmp_path / "o", DEMO_TERMINAL_ID)
    a = first.add_case(draft())
    first.close()
    second = Outbox.open(tmp_path / "o", DEMO_TERMINAL_ID)
    b = second.add_case(draft())
    second.close()
    epoch = a.provisional_code.split("-")[2]
    assert (a.provisional_code, b.provisional_code) == (
        f"{DEMO_TERMINAL_ID}-{epoch}-000001",
        f"{DEMO_TERMINAL_ID}-{epoch}-000002",
    )


def test_payload_is_encrypted_at_rest_and_purged_after_acceptance(
    platform_server: SwitchablePlatform, kiosk_platform: KioskPlatform, data_dir: Path
) -> None:
    d = draft(person=1)
    assert kiosk_platform.submit_case(d).state is SubmitState.QUEUED

    on_disk = b"".join(p.read_bytes() for p in data_dir.glob("outbox.sqlite3*"))
    for secret in (d.applicant.name, d.applicant.id_number, d.applicant.address):
        assert secret.encode() not in on_disk
        assert secret.encode("utf-16-le") not in on_disk
    key_file = data_dir / "outbox.key"
    assert key_file.stat().st_mode & 0o777 == 0o600

    platform_server.start()
    assert kiosk_platform.forwarder is not None
    assert kiosk_platform.forwarder.flush()
    row = kiosk_platform.outbox._conn.execute("SELECT payload FROM cases").fetchone()
    assert row["payload"] is None


def test_case_the_platform_refuses_raises_and_is_kept_as_failed(
    platform_server: SwitchablePlatform, kiosk_platform: KioskPlatform
) -> None:
    platform_server.start()
    with pytest.raises(PlatformRejected) as info:
        kiosk_platform.submit_case(draft(matter="NO-SUCH-MATTER"))
    assert info.value.code == "unknown_matter"
    assert info.value.message.zh  # something to show the resident
    assert kiosk_platform.queue_status().counts["cases.failed"] == 1
