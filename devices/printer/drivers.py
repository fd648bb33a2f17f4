"""The factory of the "escpos" printer driver.

Options under ``[devices.printer]``::

    driver = "escpos"
    url = "tcp://192.168.1.60:9100"   # serial:///dev/ttyS0?baudrate=9600, usb://0416:5011, file:///dev/usb/lp0
    timeout_s = 3.0                   # connect / status answer
    qr_payload = true                 # wrap the case code in the ZW1 payload (devices.qr.payload)
    qr_module = 6                     # QR module size in dots (1-16)
"""

from __future__ import annotations

from device_contracts import Device
from devices.driver_spec import DeviceConfigError, DriverSpec
from devices.printer.adapter import EscPosPrinter, EscPosSettings
from devices.printer.backends import PrinterUrlError

#: the defaults of the options the site config leaves out
_DEFAULTS = EscPosSettings()


def escpos(spec: DriverSpec) -> Device:
    url = spec.text("url")
    # the site-config schema fills in the sim's delay_s default for every driver: not ours
    spec.optional_number("delay_s")
    module = spec.integer("qr_module", _DEFAULTS.qr_module)
    if not 1 <= module <= 16:
        raise DeviceConfigError(spec.key("qr_module"), "must be 1-16")
    settings = EscPosSettings(
        timeout_s=spec.number("timeout_s", _DEFAULTS.timeout_s),
        qr_payload=spec.flag("qr_payload", _DEFAULTS.qr_payload),
        qr_module=module,
    )
    try:
        return EscPosPrinter(url, settings, name=spec.name)
    except PrinterUrlError as exc:
        raise DeviceConfigError(spec.key("url"), str(exc)) from None
