"""Simulated boards for the demo: the real rs485 / modbus adapters talk to them over a pty or TCP."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from devices.base import Compartment
from devices.lockers.sim_board import Rs485BoardSim
from devices.lockers.sim_doors import SimDoors
from devices.lockers.sim_modbus_tcp import ModbusTcpSim


def demo_board_sim(
    compartments: Sequence[Compartment], *, auto_close_after: float | None = 5.0
) -> Rs485BoardSim:
    """8A/80 boards for every board in the map, on a fresh pty (``.path``, ``.doors``, ``.stop()``)."""
    doors = SimDoors({c.board for c in compartments}, auto_close_after=auto_close_after)
    return Rs485BoardSim(doors)


def start_demo_bus(
    compartments: Sequence[Compartment], *, auto_close_after: float | None = 5.0
) -> tuple[str, Callable[[], None]]:
    """Start simulated 8A/80 boards; returns the pty path for ``port`` and a stop function."""
    sim = demo_board_sim(compartments, auto_close_after=auto_close_after)
    return sim.path, sim.stop


def start_demo_modbus(
    compartments: Sequence[Compartment], *, auto_close_after: float | None = 5.0
) -> tuple[str, Callable[[], None]]:
    """Start simulated Modbus boards on loopback TCP; returns the ``url`` and a stop function."""
    doors = SimDoors({c.board for c in compartments}, auto_close_after=auto_close_after)
    sim = ModbusTcpSim(doors)
    return sim.url, sim.stop
