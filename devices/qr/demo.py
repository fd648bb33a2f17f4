"""A simulated serial scanner for the demo: the real "serial" adapter reads it over a pty."""

from __future__ import annotations

from devices.qr.sim_scanner import SimSerialScanner


def start_demo_scanner() -> tuple[str, SimSerialScanner]:
    """Returns the ``port`` for ``[devices.qr_scanner]`` and the sim (``.show(text)``, ``.stop()``)."""
    sim = SimSerialScanner()
    return sim.path, sim
