"""The lock boards: 8A/80 boards on RS-485 ("rs485") and Modbus-RTU boards ("modbus");
options in ``drivers.py``, demo boards in ``demo.py``."""

from __future__ import annotations

from devices.declaration import DriverDeclaration
from devices.kinds import DeviceKind


def _boards(
    name: str, address: str, start: str, own: dict[str, object], timeout_s: float
) -> DriverDeclaration:
    return DriverDeclaration(
        DeviceKind.LOCKERS,
        name,
        f"devices.lockers.drivers:{name}",
        starts_with={
            address: start,
            **own,
            "polarity": "high",
            "timeout_s": timeout_s,
            "retries": 2,
        },
        choices={"polarity": ("high", "low")},
        address=address,
        demo=f"devices.lockers.demo:start_{name}_boards",
    )


DRIVERS = (
    _boards("rs485", "port", "/dev/ttyUSB1", {"baudrate": 9600}, timeout_s=0.3),
    _boards(
        "modbus", "url", "serial:///dev/ttyUSB1?baudrate=9600", {"channels": 24}, timeout_s=0.5
    ),
)
