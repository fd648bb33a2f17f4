"""Modbus-RTU lock boards through pymodbus: coils fire locks, discrete inputs are door sensors.

Each board is a Modbus device id; channel ``n`` is coil and discrete input
address ``n - 1``. The link speaks RTU over a serial line or Modbus over TCP
(``tcp://host:port``, for boards behind a serial-to-Ethernet gateway).
"""

from __future__ import annotations

import logging
import threading
from typing import Any
from urllib.parse import parse_qs, urlsplit

from pymodbus.client import ModbusSerialClient, ModbusTcpClient
from pymodbus.exceptions import ModbusException

from devices.lockers.link import BoardNotAnswering, LockerLinkError, SensorPolarity

log = logging.getLogger(__name__)


def make_client(url: str, *, timeout_s: float, retries: int) -> Any:
    """``tcp://host:port``, ``serial:///dev/ttyUSB0?baudrate=9600`` or a bare device path."""
    parts = urlsplit(url)
    if parts.scheme == "tcp":
        if not parts.hostname:
            raise LockerLinkError(f"no host in {url!r}")
        return ModbusTcpClient(
            parts.hostname, port=parts.port or 502, timeout=timeout_s, retries=retries
        )
    if parts.scheme in ("serial", ""):
        path = parts.path or url
        query = parse_qs(parts.query)
        baudrate = int(query.get("baudrate", ["9600"])[0])
        return ModbusSerialClient(path, baudrate=baudrate, timeout=timeout_s, retries=retries)
    raise LockerLinkError(f"unsupported Modbus URL scheme {parts.scheme!r}")


class ModbusLink:
    """``BoardLink`` over a pymodbus client (already constructed, connected lazily)."""

    def __init__(
        self,
        client: Any,
        *,
        channels: int = 24,
        polarity: SensorPolarity = SensorPolarity.HIGH,
    ) -> None:
        self._client = client
        self.channels = channels
        self.polarity = polarity
        self._lock = threading.Lock()

    @classmethod
    def from_url(
        cls,
        url: str,
        *,
        timeout_s: float = 0.5,
        retries: int = 2,
        channels: int = 24,
        polarity: SensorPolarity = SensorPolarity.HIGH,
    ) -> ModbusLink:
        client = make_client(url, timeout_s=timeout_s, retries=retries)
        return cls(client, channels=channels, polarity=polarity)

    def unlock(self, board: int, channel: int) -> None:
        self._call(board, lambda: self._client.write_coil(channel - 1, True, device_id=board))
        log.info("lock fired", extra={"board": board, "channel": channel})

    def open_doors(self, board: int) -> frozenset[int]:
        result = self._call(
            board,
            lambda: self._client.read_discrete_inputs(0, count=self.channels, device_id=board),
        )
        bits = list(result.bits)[: self.channels]
        return frozenset(i + 1 for i, level in enumerate(bits) if self.polarity.is_open(level))

    def close(self) -> None:
        with self._lock:
            self._client.close()

    def _call(self, board: int, request: Any) -> Any:
        with self._lock:
            try:
                if not self._client.connected and not self._client.connect():
                    raise BoardNotAnswering(board, "cannot connect")
                result = request()
            except ModbusException as exc:
                raise BoardNotAnswering(board, type(exc).__name__) from None
            except OSError as exc:
                raise BoardNotAnswering(board, f"port error: {exc}") from None
        if result.isError():
            raise BoardNotAnswering(board, "exception response")
        return result
