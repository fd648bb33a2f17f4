"""The factory of the "serial" QR scanner driver.

Options under ``[devices.qr_scanner]``: ``port`` (path or pyserial URL),
``baudrate`` (9600), ``encoding`` ("utf-8"; "gb18030" for older scanners).
"""

from __future__ import annotations

from device_contracts import Device
from devices.driver_spec import DriverSpec
from devices.qr.serial_scanner import SerialQrScanner


def serial_scanner(spec: DriverSpec) -> Device:
    return SerialQrScanner(
        spec.text("port"),
        name=spec.name,
        baudrate=spec.integer("baudrate", 9600),
        encoding=spec.text("encoding", "utf-8"),
    )
