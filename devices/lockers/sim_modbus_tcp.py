"""Simulated Modbus lock boards behind a TCP gateway, served by pymodbus on loopback.

The datastore is our door physics: writing coil ``n - 1`` fires lock ``n``,
discrete input ``n - 1`` reads door ``n``'s sensor. A silent board gets no
response at all (the client times out), like a dead board behind a gateway.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
from collections.abc import Sequence
from typing import Any

from pymodbus.datastore import ModbusServerContext
from pymodbus.exceptions import NoSuchIdException
from pymodbus.server import ModbusTcpServer

from devices.lockers.link import SensorPolarity
from devices.lockers.sim_doors import SimDoors


class _DoorContext(ModbusServerContext):
    """pymodbus calls async_getValues/async_setValues with 0-based addresses."""

    def __init__(self, doors: SimDoors, polarity: SensorPolarity) -> None:
        # the base __init__ wants its deprecated data blocks; this context stands alone
        self.doors = doors
        self.polarity = polarity
        self.old_simulator = True
        self.simdevices = []

    def _check(self, device_id: int) -> None:
        if not self.doors.answers(device_id):
            raise NoSuchIdException(f"device {device_id} silent")

    async def async_getValues(
        self, device_id: int, func_code: int, address: int, count: int = 1
    ) -> Any:
        self._check(device_id)
        if func_code == 2:
            open_now = self.doors.open_channels(device_id)
            channels = range(address + 1, address + 1 + count)
            return [self.polarity.level(ch in open_now) for ch in channels]
        return [False] * count

    async def async_setValues(
        self, device_id: int, func_code: int, address: int, values: Sequence[int] | Sequence[bool]
    ) -> Any:
        self._check(device_id)
        if func_code in (5, 15):
            for offset, value in enumerate(values):
                if value:
                    self.doors.fire(device_id, address + 1 + offset)
        return None

    def device_ids(self) -> list[int]:
        return sorted(self.doors.boards)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class ModbusTcpSim:
    """Serves on ``127.0.0.1:port`` (a free port unless given) from its own event loop thread."""

    def __init__(
        self,
        doors: SimDoors,
        *,
        polarity: SensorPolarity = SensorPolarity.HIGH,
        port: int = 0,
    ) -> None:
        self.doors = doors
        self.port = port or _free_port()
        self.url = f"tcp://127.0.0.1:{self.port}"
        self._context = _DoorContext(doors, polarity)
        self._loop = asyncio.new_event_loop()
        self._server: ModbusTcpServer | None = None
        started = threading.Event()
        self._thread = threading.Thread(
            target=self._run, args=(started,), name="sim-modbus-tcp", daemon=True
        )
        self._thread.start()
        started.wait(5)

    def _run(self, started: threading.Event) -> None:
        asyncio.set_event_loop(self._loop)

        async def main() -> None:
            # built inside the loop: the server creates futures bound to the running loop
            self._server = ModbusTcpServer(
                self._context, address=("127.0.0.1", self.port), ignore_missing_devices=True
            )
            await self._server.listen()
            started.set()
            await self._server.serving

        try:
            self._loop.run_until_complete(main())
        finally:
            started.set()

    def stop(self) -> None:
        if self._loop.is_running() and self._server is not None:
            fut = asyncio.run_coroutine_threadsafe(self._server.shutdown(), self._loop)  # type: ignore[no-untyped-call]
            with contextlib.suppress(Exception):
                fut.result(timeout=5)
        self._thread.join(timeout=5)
        self.doors.stop()
