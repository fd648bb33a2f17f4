"""A simulated SAM on a pty (the real serial path) and an adapter opened on it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from devices.idcard.adapter import Ga467Reader
from devices.idcard.sam_peer import SamPeer


@pytest.fixture
def peer(tmp_path: Path) -> Iterator[SamPeer]:
    sam = SamPeer(link=tmp_path / "ttyID", slow_s=1.5).start()
    yield sam
    sam.stop()


@pytest.fixture
def reader(peer: SamPeer) -> Iterator[Ga467Reader]:
    device = Ga467Reader(port=peer.path, timeout_s=0.5, poll_interval_s=0.05, reconnect_s=0.1)
    device.open()
    yield device
    device.close()
