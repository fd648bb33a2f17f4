"""The factory of the "escpos" printer driver.

Options under ``[devices.printer]``::

    driver = "escpos"
    url = "tcp://192.168.1.60:9100"   # serial:///dev/ttyS0?baudrate=9600, usb://0416:5011, file:///dev/usb/lp0
    timeout_s = 3.0                   # connect / status answer
    qr_payload = true                 # wrap the case code in the ZW1 payload (devices.qr.payload)
    qr_module = 6                     # QR module size in dots (1-16)
"""

from __future__ import annotations

from devices.base import Device
from devices.driver_spec import DeviceConfigError, DriverSpec
from devices.printer.adapter import EscPosPrinter
from devices.printer.backends import PrinterUrlError


def escpos(spec: DriverSpec) -> Device:
    url = spec.text("url")
    # the site-config schema fills in the sim's delay_s default for every driver: not ours
    spec.optional_number("delay_s")
    module = spec.integer("qr_module", 6)
    if not 1 <= module <= 16:
        raise DeviceConfigError(spec.key("qr_module"), "must be 1-16")
    try:
        return EscPosPrinter(
            url,
            name=spec.name,
            timeout_s=spec.number("timeout_s", 3.0),
            qr_payload=spec.flag("qr_payload", True),
            qr_module=module,
        )
    except PrinterUrlError as exc:
        raise DeviceConfigError(spec.key("url"), str(exc)) from None
