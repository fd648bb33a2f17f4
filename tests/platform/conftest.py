"""One running platform simulator per test module, on a fresh database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from platform_sim.server import RunningServer, start_in_thread


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    running = start_in_thread(tmp_path_factory.mktemp("platform") / "platform.sqlite3")
    yield running
    running.stop()


@pytest.fixture(scope="module")
def api(server: RunningServer) -> str:
    return server.url + "/api/v1"


@pytest.fixture(scope="module")
def server_url(server: RunningServer) -> str:
    return server.url
