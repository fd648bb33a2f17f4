"""The serial QR scanner ("serial"); options in ``drivers.py``."""

from __future__ import annotations

from devices.declaration import DriverDeclaration
from devices.kinds import DeviceKind

DRIVERS = (
    DriverDeclaration(
        DeviceKind.QR_SCANNER,
        "serial",
        "devices.qr.drivers:serial_scanner",
        starts_with={"port": "/dev/ttyACM0", "baudrate": 9600, "encoding": "utf-8"},
        address="port",
        demo="devices.qr.demo:start_demo",
    ),
)
