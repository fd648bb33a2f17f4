"""A simulated serial scanner for the demo: the real "serial" adapter reads it over a pty.
Named in ``manifest.py``; the demo's hands show it a code (``.show(text)``)."""

from __future__ import annotations

from devices.declaration import DemoPeer, DemoSite
from devices.qr.sim_scanner import SimSerialScanner


def start_demo(_site: DemoSite) -> DemoPeer:
    sim = SimSerialScanner()
    return DemoPeer(sim.path, sim.stop, hands=sim)
