"""The GA 467 serial ID card reader ("ga467"); options in ``drivers.py``."""

from __future__ import annotations

from devices.declaration import DriverDeclaration
from devices.kinds import DeviceKind

DRIVERS = (
    DriverDeclaration(
        DeviceKind.ID_READER,
        "ga467",
        "devices.idcard.drivers:ga467_reader",
        starts_with={"port": "/dev/ttyUSB0", "baud": 115200, "timeout_s": 2.0},
        address="port",
        demo="devices.idcard.demo:start_demo",
    ),
)
