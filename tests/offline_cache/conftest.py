"""A platform simulator that tests can take down and bring back on the same port,
and a KioskPlatform wired with quick timeouts and backoff."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from offline_cache.catalog_cache import CatalogCache
from offline_cache.client import PlatformClient
from offline_cache.forwarder import Forwarder
from offline_cache.outbox import Outbox
from offline_cache.platform_port import KioskPlatform
from platform_sim.seed import DEMO_TERMINAL_ID, DEMO_TERMINAL_TOKEN
from platform_sim.server import RunningServer, start_in_thread
from tests.platform.helpers import free_port


class SwitchablePlatform:
    """The simulator on a fixed port and database, started and stopped at will."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._running: RunningServer | None = None

    def start(self) -> None:
        if self._running is None:
            self._running = start_in_thread(self.db_path, port=self.port)

    def stop(self) -> None:
        if self._running is not None:
            self._running.stop()
            self._running = None


@pytest.fixture
def platform_server(tmp_path: Path) -> Iterator[SwitchablePlatform]:
    server = SwitchablePlatform(tmp_path / "platform.sqlite3")
    yield server
    server.stop()


def make_client(url: str, token: str = DEMO_TERMINAL_TOKEN) -> PlatformClient:
    return PlatformClient(url, token, timeout=3.0, connect_timeout=0.5, retries=0)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "kiosk-data"


@pytest.fixture
def kiosk_platform(platform_server: SwitchablePlatform, data_dir: Path) -> Iterator[KioskPlatform]:
    client = make_client(platform_server.url)
    outbox = Outbox.open(data_dir, DEMO_TERMINAL_ID)
    cache = CatalogCache(data_dir / "catalog.sqlite3", client, max_age=0)
    forwarder = Forwarder(outbox, client, base_delay=0.05, max_delay=0.2, idle_poll=0.2)
    kp = KioskPlatform(client, outbox, cache, forwarder, sync_timeout=2.0)
    yield kp
    kp.close()
