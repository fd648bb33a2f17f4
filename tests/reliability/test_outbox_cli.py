"""``kiosk outbox status --json`` and ``kiosk outbox flush`` tell the truth before
and after a flush (run as subprocesses, as a technician would)."""

from __future__ import annotations

import json
from pathlib import Path

from offline_cache.outbox import Outbox
from platform_sim.seed import DEMO_TERMINAL_ID
from tests.platform.helpers import draft
from tests.reliability.conftest import Sim
from tests.reliability.helpers import platform_holds, run_kiosk


def status(data: Path) -> dict:  # type: ignore[type-arg]
    done = run_kiosk("outbox", "status", "--json", "--data-dir", str(data))
    assert done.returncode == 0, done.stderr
    doc: dict = json.loads(done.stdout)  # type: ignore[type-arg]
    return doc


def test_status_and_flush_are_truthful(sim: Sim, tmp_path: Path) -> None:
    data = tmp_path / "data"
    box = Outbox.open(data / "outbox", DEMO_TERMINAL_ID)  # the platform was down: 3 queued
    keys = [box.add_case(draft(person=i)).idempotency_key for i in range(3)]
    box.close()

    before = status(data)
    print("before flush:", json.dumps(before, sort_keys=True))
    assert before["cases"]["queued"] == 3 and before["pending"] == 3
    assert before["oldest_pending_age_s"] is not None and before["oldest_pending_age_s"] >= 0

    sim.faults.set("error", status=503)
    failed = run_kiosk("outbox", "flush", "--json", "--data-dir", str(data), "--url", sim.url)
    print("flush while the platform answers 503: exit", failed.returncode, failed.stdout.strip())
    assert failed.returncode == 1 and json.loads(failed.stdout)["platform_unavailable"]
    assert status(data)["cases"]["queued"] == 3

    sim.faults.clear()
    flushed = run_kiosk("outbox", "flush", "--json", "--data-dir", str(data), "--url", sim.url)
    print("flush:", flushed.stdout.strip())
    assert flushed.returncode == 0 and json.loads(flushed.stdout)["delivered"] == 3

    after = status(data)
    print("after flush:", json.dumps(after, sort_keys=True))
    assert after["cases"] == {
        "queued": 0,
        "sending": 0,
        "accepted": 3,
        "failed": 0,
        "damaged": 0,
        "held": 0,
    }
    assert after["damaged"] == 0
    assert after["pending"] == 0 and after["oldest_pending_age_s"] is None
    assert sorted(platform_holds(sim.db_path).case_keys) == sorted(keys)
