"""Locker fixtures: simulated boards on a pty (8A/80) and short door timings."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from device_contracts import Compartment, CompartmentRole, CompartmentSize
from devices.lockers.doors import DoorTiming
from devices.lockers.sim_board import Rs485BoardSim
from devices.lockers.sim_doors import SimDoors

#: short timings so a jam is reported quickly; nothing asserts durations
FAST = DoorTiming(jam_timeout_s=0.3, poll_s=0.02, left_open_s=0.2, command_window_s=5.0)


def site() -> list[Compartment]:
    return [
        Compartment("A01", 1, 1, CompartmentSize.S, CompartmentRole.DROP),
        Compartment("A02", 1, 2, CompartmentSize.M, CompartmentRole.DROP),
        Compartment("A03", 1, 24, CompartmentSize.L, CompartmentRole.DROP),
        Compartment("B01", 2, 1, CompartmentSize.M, CompartmentRole.PICKUP),
    ]


@pytest.fixture
def boards() -> Iterator[Rs485BoardSim]:
    sim = Rs485BoardSim(SimDoors({1, 2}))
    yield sim
    sim.stop()
