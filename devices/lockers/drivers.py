"""The factories of the real locker drivers: "rs485" (8A/80 boards) and "modbus" (Modbus-RTU).

Options under ``[devices.lockers]`` (seconds end in ``_s``)::

    driver = "rs485"                     driver = "modbus"
    port = "/dev/ttyUSB0"                url = "serial:///dev/ttyUSB0?baudrate=9600"
    baudrate = 9600                            # or "tcp://192.168.1.50:502"
                                         channels = 24
    common: timeout_s = 0.3, retries = 2, polarity = "high" | "low",
            jam_timeout_s = 10, poll_s = 0.5, left_open_s = 120,
            audit_log = "/var/lib/zizhu-kiosk/locker-audit.jsonl"
"""

from __future__ import annotations

import logging
from dataclasses import replace

from device_contracts import Device
from devices.driver_spec import DeviceConfigError, DriverSpec
from devices.lockers.adapter import LockerBankAdapter
from devices.lockers.audit import AuditLog
from devices.lockers.doors import DoorTiming
from devices.lockers.link import BoardLink, LinkSettings, LockerLinkError, SensorPolarity
from devices.lockers.rs485_bus import DEFAULT_SETTINGS as RS485_DEFAULTS
from devices.lockers.rs485_bus import Rs485Bus

log = logging.getLogger(__name__)


def _polarity(spec: DriverSpec) -> SensorPolarity:
    value = spec.text("polarity", "high")
    try:
        return SensorPolarity(value)
    except ValueError:
        raise DeviceConfigError(spec.key("polarity"), 'must be "high" or "low"') from None


def _link_settings(spec: DriverSpec, defaults: LinkSettings) -> LinkSettings:
    """The options both protocols share, over the link's own defaults."""
    polarity = _polarity(spec)
    return replace(
        defaults,
        timeout_s=spec.number("timeout_s", defaults.timeout_s),
        retries=spec.integer("retries", defaults.retries),
        polarity=polarity,
    )


def _adapter(spec: DriverSpec, link: BoardLink) -> LockerBankAdapter:
    # the site-config schema fills in the sim's delay_s default for every driver: not ours
    spec.optional_number("delay_s")
    if not spec.compartments:
        raise DeviceConfigError("lockers.compartments", "no compartments configured")
    timing = DoorTiming(
        jam_timeout_s=spec.number("jam_timeout_s", 10.0),
        poll_s=spec.number("poll_s", 0.5),
        left_open_s=spec.number("left_open_s", 120.0),
    )
    path = spec.optional_path("audit_log")
    if path is None:
        log.warning("no audit_log configured: the locker audit trail is kept in memory only")
    return LockerBankAdapter(
        link,
        spec.compartments,
        name=spec.name,
        driver=spec.driver,
        timing=timing,
        audit=AuditLog(path),
    )


def rs485(spec: DriverSpec) -> Device:
    port = spec.text("port")
    settings = _link_settings(spec, RS485_DEFAULTS)
    try:
        link = Rs485Bus(
            port,
            settings,
            baudrate=spec.integer("baudrate", 9600),
            missing_port_ok=True,  # the kiosk starts with the lockers offline, not at all
        )
    except LockerLinkError as exc:
        raise DeviceConfigError(spec.key("port"), str(exc)) from None
    return _adapter(spec, link)


def modbus(spec: DriverSpec) -> Device:
    # pymodbus is imported only by a site with Modbus boards (not on every kiosk's start)
    from devices.lockers.modbus_link import DEFAULT_SETTINGS as MODBUS_DEFAULTS
    from devices.lockers.modbus_link import ModbusLink

    url = spec.text("url")
    settings = _link_settings(spec, MODBUS_DEFAULTS)
    settings = replace(settings, channels=spec.integer("channels", settings.channels))
    try:
        link = ModbusLink.from_url(url, settings)
    except (LockerLinkError, ValueError) as exc:
        raise DeviceConfigError(spec.key("url"), str(exc)) from None
    return _adapter(spec, link)
