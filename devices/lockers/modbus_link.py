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

from devices.lockers.link import BoardNotAnswering, LinkSettings, LockerLinkError

log = logging.getLogger(__name__)

#: the link's settings when the site config names none (a gateway may take 0.5 s)
DEFAULT_SETTINGS = LinkSettings(timeout_s=0.5)


def make_client(url: str, settings: LinkSettings) -> Any:
    """``tcp://host:port``, ``serial:///dev/ttyUSB0?baudrate=9600`` or a bare device path."""
    parts = urlsplit(url)
    if parts.scheme == "tcp":
        if not parts.hostname:
            raise LockerLinkError(f"no host in {url!r}")
        return ModbusTcpClient(
            parts.hostname,
            port=parts.port or 502,
            timeout=settings.timeout_s,
            retries=settings.retries,
        )
    if parts.scheme in ("serial", ""):
        path = parts.path or url
        query = parse_qs(parts.query)
        baudrate = int(query.get("baudrate", ["9600"])[0])
        return ModbusSerialClient(
            path, baudrate=baudrate, timeout=settings.timeout_s, retries=settings.retries
        )
    raise LockerLinkError(f"unsupported Modbus URL scheme {parts.scheme!r}")


class ModbusLink:
    """``BoardLink`` over a pymodbus client (already constructed, connected lazily); the
    client was made with the ``settings``' timeout and retries."""

    def __init__(self, client: Any, settings: LinkSettings = DEFAULT_SETTINGS) -> None:
        self._client = client
        self.settings = settings
        self._lock = threading.Lock()

    @classmethod
    def from_url(cls, url: str, settings: LinkSettings = DEFAULT_SETTINGS) -> ModbusLink:
        return cls(make_client(url, settings), settings)

    def unlock(self, board: int, channel: int) -> None:
        self._call(board, lambda: self._client.write_coil(channel - 1, True, device_id=board))
        log.info("lock fired", extra={"board": board, "channel": channel})

    def open_doors(self, board: int) -> frozenset[int]:
        channels, polarity = self.settings.channels, self.settings.polarity
        result = self._call(
            board, lambda: self._client.read_discrete_inputs(0, count=channels, device_id=board)
        )
        bits = list(result.bits)[:channels]
        return frozenset(i + 1 for i, level in enumerate(bits) if polarity.is_open(level))

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
