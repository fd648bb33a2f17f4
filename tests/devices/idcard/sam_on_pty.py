"""The simulated SAM on a pty (the real serial path) and the GA 467 adapter opened on
it: the ID-card reader a test places and takes off cards at, on the SAM's side.

The context managers serve the adapter's own tests (``conftest.py`` here, with a
quicker SAM and a slower poll); the fixtures ``peer`` and ``reader`` serve the flows'
and the screens' tests, registered by ``tests/flows/conftest.py`` and
``tests/ui/conftest.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from devices.idcard.adapter import Ga467Reader, Ga467Settings
from devices.idcard.sam_peer import SamPeer


@contextmanager
def sam_on_pty(tmp_path: Path, *, slow_s: float = 3.0) -> Iterator[SamPeer]:
    """A SAM answering on a pty linked at ``tmp_path/ttyID``; ``slow_s``: how long
    its slow fault holds a reply."""
    sam = SamPeer(link=tmp_path / "ttyID", slow_s=slow_s).start()
    try:
        yield sam
    finally:
        sam.stop()


@contextmanager
def ga467_on(peer: SamPeer, *, poll_interval_s: float = 0.02) -> Iterator[Ga467Reader]:
    """The GA 467 adapter open on ``peer``'s pty, polling for a card every
    ``poll_interval_s``."""
    device = Ga467Reader(
        Ga467Settings(
            port=peer.path, timeout_s=0.5, poll_interval_s=poll_interval_s, reconnect_s=0.1
        )
    )
    device.open()
    try:
        yield device
    finally:
        device.close()


@pytest.fixture
def peer(tmp_path: Path) -> Iterator[SamPeer]:
    with sam_on_pty(tmp_path) as sam:
        yield sam


@pytest.fixture
def reader(peer: SamPeer) -> Iterator[Ga467Reader]:
    with ga467_on(peer) as device:
        yield device
