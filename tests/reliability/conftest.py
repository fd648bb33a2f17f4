"""A fresh platform simulator per test, with its fault switch."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from platform_sim.server import RunningServer, start_in_thread
from tests.reliability.helpers import FaultSwitch


@dataclass
class Sim:
    server: RunningServer
    db_path: Path
    faults: FaultSwitch

    @property
    def url(self) -> str:
        return self.server.url


@pytest.fixture
def sim(tmp_path: Path) -> Iterator[Sim]:
    db = tmp_path / "platform.sqlite3"
    server = start_in_thread(db, faults=True)  # the fault switch is a test flag
    switch = FaultSwitch(server.url)
    yield Sim(server, db, switch)
    switch.clear()
    server.stop()
