"""The video link's tests: one running platform simulator per module, and a clerk."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from platform_sim.server import RunningServer, start_in_thread


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    running = start_in_thread(tmp_path_factory.mktemp("platform") / "platform.sqlite3")
    yield running
    running.stop()
