"""Simulated boards for the demo: the real rs485 / modbus adapters talk to them over a pty
or loopback TCP. Named in ``manifest.py``; the registry starts one where the site
config says ``"@demo"``. The demo's hands shut (or jam) doors through the :class:`SimDoors`."""

from __future__ import annotations

from devices.declaration import DemoPeer, DemoSite
from devices.lockers.sim_board import Rs485BoardSim
from devices.lockers.sim_doors import SimDoors


def _doors(site: DemoSite) -> SimDoors:
    """Every board of the site's map; in ``auto`` mode a door shuts itself 5 s after opening."""
    boards = {c.board for c in site.compartments}
    return SimDoors(boards, auto_close_after=5.0 if site.auto else None)


def _audit_log(site: DemoSite) -> dict[str, object]:
    # the audit trail of a demo lives with the demo's other data
    return {"audit_log": str(site.data_dir / "locker-audit.jsonl")}


def start_rs485_boards(site: DemoSite) -> DemoPeer:
    """8A/80 boards on a fresh pty: the ``port`` of ``driver = "rs485"``."""
    doors = _doors(site)
    sim = Rs485BoardSim(doors)
    return DemoPeer(sim.path, sim.stop, hands=doors, options=_audit_log(site))


def start_modbus_boards(site: DemoSite) -> DemoPeer:
    """Modbus boards on loopback TCP: the ``url`` of ``driver = "modbus"``."""
    # pymodbus only for a demo of Modbus boards (the rs485 demo must not load it)
    from devices.lockers.sim_modbus_tcp import ModbusTcpSim

    doors = _doors(site)
    sim = ModbusTcpSim(doors)
    return DemoPeer(sim.url, sim.stop, hands=doors, options=_audit_log(site))
