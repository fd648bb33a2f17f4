"""The ESC/POS receipt printer ("escpos"); options in ``drivers.py``."""

from __future__ import annotations

from devices.declaration import DriverDeclaration
from devices.kinds import DeviceKind

DRIVERS = (
    DriverDeclaration(
        DeviceKind.PRINTER,
        "escpos",
        "devices.printer.drivers:escpos",
        starts_with={
            "url": "tcp://192.168.1.60:9100",
            "timeout_s": 3.0,
            "qr_payload": True,
            "qr_module": 6,
        },
        address="url",
        demo="devices.printer.demo:start_demo",
    ),
)
