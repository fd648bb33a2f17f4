"""The factory of the PC/SC staff-card reader, driver "pcsc" of ``[devices.staff_card]``.

Site config keys (seconds end in ``_s``)::

    [devices.staff_card]
    driver = "pcsc"
    reader = "ACS ACR39U"          # part of the PC/SC reader name; "" = the first reader
    aid = "F05A5A4B5354414646"      # the staff-card application (hex, 5..16 bytes)
    poll_s = 0.25                   # longest wait in SCardGetStatusChange (card events, close)
    reconnect_s = 1.0               # how often a missing pcscd or reader is looked for again
    read_timeout_s = 3.0            # how long SELECT + READ BINARY may take once a card is there
    allow_virtual_reader = false    # vsmartcard's "Virtual PCD" readers: tests only, never on site
"""

from __future__ import annotations

from device_contracts import Device
from devices.driver_spec import DeviceConfigError, DriverSpec
from devices.smartcard.adapter import PcscSettings, PcscStaffCardReader
from devices.smartcard.apdu import parse_aid

#: the defaults of the options the site config leaves out
_DEFAULTS = PcscSettings()


def pcsc_staff_card(spec: DriverSpec) -> Device:
    try:
        aid = parse_aid(spec.text("aid", _DEFAULTS.aid.hex().upper()))
    except ValueError as exc:
        raise DeviceConfigError(spec.key("aid"), str(exc)) from None
    poll_s = spec.number("poll_s", _DEFAULTS.poll_s)
    if not 0.05 <= poll_s <= 5:
        raise DeviceConfigError(spec.key("poll_s"), "must be between 0.05 and 5 seconds")
    reconnect_s = spec.number("reconnect_s", _DEFAULTS.reconnect_s)
    if not 0.1 <= reconnect_s <= 60:
        raise DeviceConfigError(spec.key("reconnect_s"), "must be between 0.1 and 60 seconds")
    read_timeout_s = spec.number("read_timeout_s", _DEFAULTS.read_timeout_s)
    if not 0.5 <= read_timeout_s <= 30:
        raise DeviceConfigError(spec.key("read_timeout_s"), "must be between 0.5 and 30 seconds")
    settings = PcscSettings(
        reader=spec.text("reader", _DEFAULTS.reader),
        aid=aid,
        poll_s=poll_s,
        reconnect_s=reconnect_s,
        read_timeout_s=read_timeout_s,
        allow_virtual_reader=spec.flag("allow_virtual_reader", _DEFAULTS.allow_virtual_reader),
    )
    return PcscStaffCardReader(settings, name=spec.name)
