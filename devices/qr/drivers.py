"""Registers the "serial" QR scanner driver.

Options under ``[devices.qr_scanner]``: ``port`` (path or pyserial URL),
``baudrate`` (9600), ``encoding`` ("utf-8"; "gb18030" for older scanners).
"""

from __future__ import annotations

from devices.base import Device
from devices.qr.serial_scanner import SerialQrScanner
from devices.registry import DeviceKind, DriverSpec, driver


@driver(DeviceKind.QR_SCANNER, "serial")
def serial_scanner(spec: DriverSpec) -> Device:
    return SerialQrScanner(
        spec.text("port"),
        name=spec.name,
        baudrate=spec.integer("baudrate", 9600),
        encoding=spec.text("encoding", "utf-8"),
    )
