"""A fresh platform simulator per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from platform_sim.server import RunningServer, start_in_thread


@pytest.fixture
def platform_sim(tmp_path: Path) -> Iterator[RunningServer]:
    server = start_in_thread(tmp_path / "platform.sqlite3")
    yield server
    server.stop()
