"""Issue 13.4: after an outage the backlog goes as soon as the platform answers its
health check, not at the end of a backoff of up to a minute (or more) nor only after
some live send succeeds. The simulator is really taken down and brought back."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from flows.domain import SubmitState
from offline_cache.catalog_cache import CatalogCache
from offline_cache.forwarder import Forwarder
from offline_cache.outbox import Outbox
from offline_cache.platform_port import KioskPlatform
from platform_sim.seed import DEMO_TERMINAL_ID
from tests.offline_cache.conftest import SwitchablePlatform, make_client
from tests.platform.helpers import draft
from tests.reliability.helpers import platform_holds

#: far longer than any wait below: only a wake-up can deliver in time
LONG_BACKOFF = 600.0


def _eventually(condition: Callable[[], bool], within: float = 30.0) -> bool:
    """A functional bound, 20x shorter than the backoff the forwarder is in."""
    end = time.monotonic() + within
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def _kiosk(url: str, data: Path, health_poll: float | None) -> KioskPlatform:
    client = make_client(url)
    outbox = Outbox.open(data, DEMO_TERMINAL_ID)
    forwarder = Forwarder(
        outbox,
        client,
        base_delay=LONG_BACKOFF,
        max_delay=LONG_BACKOFF,
        idle_poll=LONG_BACKOFF,
        health_poll=health_poll,
    )
    return KioskPlatform(
        client, outbox, CatalogCache(data / "catalog.sqlite3", client), forwarder, sync_timeout=1.0
    )


def _backing_off_with_a_backlog(server: SwitchablePlatform, kp: KioskPlatform) -> str:
    assert kp.forwarder is not None
    result = kp.submit_case(draft())  # the platform is down: queued
    assert result.state is SubmitState.QUEUED
    kp.forwarder.start()  # its first pass fails: it backs off for minutes
    assert _eventually(lambda: kp.forwarder is not None and kp.forwarder.backing_off)
    return result.idempotency_key


def test_the_forwarders_own_health_check_wakes_the_backlog(
    platform_server: SwitchablePlatform, tmp_path: Path
) -> None:
    kp = _kiosk(platform_server.url, tmp_path / "kiosk", health_poll=0.2)
    try:
        key = _backing_off_with_a_backlog(platform_server, kp)
        platform_server.start()  # back: nobody sends anything live
        assert _eventually(lambda: kp.outbox.pending_count() == 0)
    finally:
        kp.close()
    assert platform_holds(platform_server.db_path).case_keys == [key]


def test_a_health_check_elsewhere_wakes_the_backlog(
    platform_server: SwitchablePlatform, tmp_path: Path
) -> None:
    """The technician's screen, kiosk doctor or a metrics scrape finding the platform back."""
    kp = _kiosk(platform_server.url, tmp_path / "kiosk", health_poll=None)
    try:
        key = _backing_off_with_a_backlog(platform_server, kp)
        platform_server.start()
        assert kp.reachable()
        assert _eventually(lambda: kp.outbox.pending_count() == 0)
    finally:
        kp.close()
    assert platform_holds(platform_server.db_path).case_keys == [key]
