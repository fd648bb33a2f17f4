"""A simulated SAM on a pty (the real serial path) and an adapter opened on it: for the
adapter's own tests, a SAM whose slow fault holds a reply 1.5 s and a 50 ms poll."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from devices.idcard.adapter import Ga467Reader
from devices.idcard.sam_peer import SamPeer
from tests.devices.idcard.sam_on_pty import ga467_on, sam_on_pty


@pytest.fixture
def peer(tmp_path: Path) -> Iterator[SamPeer]:
    with sam_on_pty(tmp_path, slow_s=1.5) as sam:
        yield sam


@pytest.fixture
def reader(peer: SamPeer) -> Iterator[Ga467Reader]:
    with ga467_on(peer, poll_interval_s=0.05) as device:
        yield device
