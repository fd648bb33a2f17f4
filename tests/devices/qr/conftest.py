"""The serial QR scanner's tests: the adapter open on a simulated scanner's pty.

These override ``tests/devices/conftest.py``'s ``scanner`` (the in-process simulation)
for the serial adapter's own tests here."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from devices.qr.serial_scanner import SerialQrScanner
from devices.qr.sim_scanner import SimSerialScanner


@pytest.fixture
def sim() -> Iterator[SimSerialScanner]:
    s = SimSerialScanner()
    yield s
    s.stop()


@pytest.fixture
def scanner(sim: SimSerialScanner) -> Iterator[SerialQrScanner]:
    s = SerialQrScanner(sim.path)
    s.open()
    yield s
    s.close()
