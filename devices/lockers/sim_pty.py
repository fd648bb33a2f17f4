"""Simulated lock boards on a pty, whatever their protocol: the door physics they share
(:class:`~devices.lockers.sim_doors.SimDoors`), how their sensors are wired, and the line
the adapter opens at :attr:`BoardsOnPty.path` as it would open ``/dev/ttyUSB0``."""

from __future__ import annotations

from abc import ABC, abstractmethod

from devices._pty_peer import PtyPeer
from devices.lockers.link import SensorPolarity
from devices.lockers.sim_doors import SimDoors


class BoardsOnPty(ABC):
    """Every board in ``doors.boards`` on one line. A protocol's simulator answers what
    the adapter writes in :meth:`_on_bytes`; it sets up its own state before calling
    ``__init__`` here, as the line is served from then on."""

    def __init__(self, doors: SimDoors, *, polarity: SensorPolarity, line_name: str) -> None:
        self.doors = doors
        self.polarity = polarity
        self._peer = PtyPeer(self._on_bytes, name=line_name)
        self.path = self._peer.path

    def stop(self) -> None:
        self._peer.stop()
        self.doors.stop()

    @abstractmethod
    def _on_bytes(self, chunk: bytes) -> bytes:
        """The reply to ``chunk`` (empty while a request is incomplete or not for us):
        each protocol's simulator answers in its own frames."""
