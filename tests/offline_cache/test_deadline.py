"""Issue 17.2: every platform call has a total deadline (connect, send, headers and
the whole body), not a per-read timeout that a platform answering one byte a second
never trips. Through a real proxy on loopback that trickles the simulator's answer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flows.ports import PlatformUnavailable
from offline_cache.outbox import Outbox, OutboxState
from platform_sim.seed import DEMO_TERMINAL_ID
from tests.fakes.site_template import site_template_text
from tests.offline_cache.conftest import SwitchablePlatform, make_client
from tests.offline_cache.wire_proxy import Trickle, wire_proxy
from tests.platform.helpers import draft
from tests.reliability.helpers import platform_holds, run_kiosk

CASES = r"/api/v1/cases"


@pytest.mark.timeout(90)  # a per-read timeout would hold the flush for ~7 min (400 bytes)
def test_flush_against_a_one_byte_a_second_platform_returns_with_the_case_queued(
    platform_server: SwitchablePlatform, tmp_path: Path
) -> None:
    platform_server.start()
    data = tmp_path / "data"
    box = Outbox.open(data / "outbox", DEMO_TERMINAL_ID)
    key = box.add_case(draft()).idempotency_key
    box.close()
    with wire_proxy(platform_server.url) as proxy:
        site = tmp_path / "site.toml"
        site.write_text(
            site_template_text(proxy.url, data).replace("timeout_s = 15", "timeout_s = 5"),
            encoding="utf-8",
        )
        proxy.rules = [Trickle("POST", CASES, interval_s=1.0)]
        done = run_kiosk("outbox", "flush", "--json", "--config", str(site))
        print("flush through the trickle:", done.returncode, done.stdout.strip())
        assert "Traceback" not in done.stderr, done.stderr
        doc = json.loads(done.stdout)
        assert done.returncode == 1 and doc["platform_unavailable"]
        assert doc["after"]["cases"]["queued"] == 1

        proxy.rules = []  # the link recovers
        done = run_kiosk("outbox", "flush", "--json", "--config", str(site))
        print("flush after:", done.returncode, done.stdout.strip())
        assert done.returncode == 0 and json.loads(done.stdout)["delivered"] == 1
    box = Outbox.open(data / "outbox", DEMO_TERMINAL_ID, recover=False)
    try:
        stored = box.lookup_case(key)
    finally:
        box.close()
    assert stored is not None and stored.state is OutboxState.ACCEPTED
    assert platform_holds(platform_server.db_path).case_keys == [key]


@pytest.mark.timeout(60)
def test_a_trickled_status_line_and_headers_are_cut_at_the_deadline_too(
    platform_server: SwitchablePlatform, tmp_path: Path
) -> None:
    platform_server.start()
    box = Outbox.open(tmp_path / "kiosk", DEMO_TERMINAL_ID)
    box.add_case(draft())
    item = box.claim_next_case()
    assert item is not None
    with wire_proxy(platform_server.url) as proxy:
        proxy.rules = [Trickle("POST", CASES, interval_s=0.5, headers_too=True)]
        client = make_client(proxy.url)
        try:
            with pytest.raises(PlatformUnavailable) as raised:
                client.submit_case(item.body, item.idempotency_key, timeout=(1.0, 2.0))
        finally:
            client.close()
            box.close()
    print("detail:", raised.value.detail)
    assert "deadline" in raised.value.detail
