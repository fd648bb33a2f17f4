"""Builds a :class:`~devices.base.DeviceSet` from plain configuration data.

Each device kind names a ``driver``; a driver is a factory registered under
(kind, driver name). Drivers live in their own modules and are imported only
when a site uses them, so a kiosk never loads OpenCV or pymodbus for hardware
it does not have, and a missing optional library only breaks the site that
needs it. A later adapter adds one line to ``_DRIVER_MODULES`` and decorates
its factory with :func:`driver`::

    @driver(DeviceKind.PRINTER, "escpos")
    def escpos_printer(spec: DriverSpec) -> ReceiptPrinter:
        return EscPosPrinter(url=spec.text("url"), ...)

The input is plain data (what ``kiosk.site_config`` validated), so this
package needs neither pydantic nor the app.
"""

from __future__ import annotations

import enum
import importlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from devices.base import (
    Compartment,
    Device,
    DeviceSet,
    DocumentCamera,
    FaceVerifier,
    IdCardReader,
    LockerBank,
    QrScanner,
    ReceiptPrinter,
    StaffCardReader,
)


class DeviceKind(enum.StrEnum):
    """The device kinds of a site; the values are the ``DeviceSet`` fields and config keys."""

    ID_READER = "id_reader"
    DOCUMENT_CAMERA = "document_camera"
    FACE = "face"
    PRINTER = "printer"
    LOCKERS = "lockers"
    QR_SCANNER = "qr_scanner"
    STAFF_CARD = "staff_card"  # optional: built into DeviceSet.extra["staff_card"]


#: Kinds a site may leave out; when configured they go to ``DeviceSet.extra`` under their value.
OPTIONAL_KINDS = frozenset({DeviceKind.STAFF_CARD})


_PROTOCOLS: Mapping[DeviceKind, type] = {
    DeviceKind.ID_READER: IdCardReader,
    DeviceKind.DOCUMENT_CAMERA: DocumentCamera,
    DeviceKind.FACE: FaceVerifier,
    DeviceKind.PRINTER: ReceiptPrinter,
    DeviceKind.LOCKERS: LockerBank,
    DeviceKind.QR_SCANNER: QrScanner,
    DeviceKind.STAFF_CARD: StaffCardReader,
}


class DeviceConfigError(ValueError):
    """A device configuration problem; ``key`` is the dotted config key at fault."""

    def __init__(self, key: str, message: str) -> None:
        self.key = key
        self.problem = message
        super().__init__(f"{key}: {message}")


@dataclass(frozen=True)
class DriverSpec:
    """What a driver factory gets: its options and typed accessors that name the key on error.

    Every option a factory reads is remembered; options nobody read are
    reported as unknown, so a typo in the site config does not pass silently.
    """

    kind: DeviceKind
    driver: str
    options: Mapping[str, object]
    compartments: tuple[Compartment, ...] = ()
    _read: set[str] = field(default_factory=set, repr=False, compare=False)

    @property
    def name(self) -> str:
        return self.kind.value

    def key(self, option: str) -> str:
        return f"devices.{self.kind.value}.{option}"

    def number(self, option: str, default: float) -> float:
        value = self.optional_number(option)
        return default if value is None else value

    def optional_number(self, option: str) -> float | None:
        value = self._get(option)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise DeviceConfigError(self.key(option), "must be a number")
        if value < 0:
            raise DeviceConfigError(self.key(option), "must not be negative")
        return float(value)

    def integer(self, option: str, default: int) -> int:
        value = self._get(option)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            raise DeviceConfigError(self.key(option), "must be a whole number")
        return value

    def flag(self, option: str, default: bool) -> bool:
        value = self._get(option)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise DeviceConfigError(self.key(option), "must be true or false")
        return value

    def text(self, option: str, default: str | None = None) -> str:
        value = self._get(option)
        if value is None:
            if default is None:
                raise DeviceConfigError(self.key(option), "is required")
            return default
        if not isinstance(value, str):
            raise DeviceConfigError(self.key(option), "must be text")
        return value

    def optional_path(self, option: str) -> Path | None:
        value = self._get(option)
        if value is None:
            return None
        if not isinstance(value, str | Path):
            raise DeviceConfigError(self.key(option), "must be a path")
        return Path(value).expanduser()

    def unread_options(self) -> list[str]:
        return sorted(set(self.options) - self._read)

    def _get(self, option: str) -> object:
        self._read.add(option)
        return self.options.get(option)


DriverFactory = Callable[[DriverSpec], Device]
F = TypeVar("F", bound=DriverFactory)

_factories: dict[tuple[DeviceKind, str], DriverFactory] = {}

#: (kind, driver) -> the module whose import registers that factory.
_DRIVER_MODULES: dict[tuple[DeviceKind, str], str] = {
    (kind, "sim"): "devices.sim.drivers" for kind in DeviceKind
}
_DRIVER_MODULES[(DeviceKind.DOCUMENT_CAMERA, "opencv")] = "devices.camera.drivers"
_DRIVER_MODULES[(DeviceKind.FACE, "dlib")] = "devices.camera.drivers"
_DRIVER_MODULES.update(
    {
        (DeviceKind.PRINTER, "escpos"): "devices.printer.drivers",
        (DeviceKind.LOCKERS, "rs485"): "devices.lockers.drivers",
        (DeviceKind.LOCKERS, "modbus"): "devices.lockers.drivers",
        (DeviceKind.QR_SCANNER, "serial"): "devices.qr.drivers",
    }
)
_DRIVER_MODULES[(DeviceKind.ID_READER, "ga467")] = "devices.idcard.drivers"
_DRIVER_MODULES[(DeviceKind.STAFF_CARD, "pcsc")] = "devices.smartcard.drivers"


def driver(kind: DeviceKind, name: str) -> Callable[[F], F]:
    """Register the decorated function as the factory of ``name`` for ``kind``."""

    def register(factory: F) -> F:
        _factories[(kind, name)] = factory
        return factory

    return register


def register_driver_module(kind: DeviceKind, name: str, module: str) -> None:
    """Declare that importing ``module`` registers driver ``name`` for ``kind``."""
    _DRIVER_MODULES[(kind, name)] = module


def known_drivers(kind: DeviceKind | str) -> list[str]:
    kind = DeviceKind(kind)
    names = {n for k, n in _factories if k is kind} | {n for k, n in _DRIVER_MODULES if k is kind}
    return sorted(names)


def build_device(
    kind: DeviceKind | str,
    section: Mapping[str, object],
    compartments: Sequence[Compartment] = (),
) -> Device:
    """One adapter from its config section (``driver`` plus the driver's options). Not opened."""
    kind = DeviceKind(kind)
    name = section.get("driver")
    if not isinstance(name, str) or not name:
        raise DeviceConfigError(f"devices.{kind.value}.driver", 'is required (e.g. driver = "sim")')
    factory = _factory(kind, name)
    options = {k: v for k, v in section.items() if k != "driver"}
    spec = DriverSpec(kind, name, options, tuple(compartments))
    device = factory(spec)
    unread = spec.unread_options()
    if unread:
        raise DeviceConfigError(spec.key(unread[0]), f"unknown option for driver {name!r}")
    if not isinstance(device, _PROTOCOLS[kind]):
        raise TypeError(f"driver {name!r} for {kind.value} built a {type(device).__name__}")
    return device


def build_devices(
    config: Mapping[str, Mapping[str, object]], compartments: Sequence[Compartment] = ()
) -> DeviceSet:
    """The site's devices from ``{kind: {"driver": ..., **options}}``; none opened yet.

    ``compartments`` is the locker map, handed to the lockers driver.
    Raises DeviceConfigError naming the key at fault.
    """
    built: dict[DeviceKind, Device] = {}
    for kind in DeviceKind:
        section = config.get(kind.value)
        if section is None and kind in OPTIONAL_KINDS:
            continue
        if section is None:
            raise DeviceConfigError(
                f"devices.{kind.value}", 'is missing (use driver = "sim" for a simulated one)'
            )
        built[kind] = build_device(kind, section, compartments)
    unknown = sorted(set(config) - {k.value for k in DeviceKind})
    if unknown:
        raise DeviceConfigError(f"devices.{unknown[0]}", "unknown device kind")
    return _device_set(built)


def _device_set(built: Mapping[DeviceKind, Device]) -> DeviceSet:
    # the isinstance checks in build_device make these narrowings safe
    id_reader = built[DeviceKind.ID_READER]
    camera = built[DeviceKind.DOCUMENT_CAMERA]
    face = built[DeviceKind.FACE]
    printer = built[DeviceKind.PRINTER]
    lockers = built[DeviceKind.LOCKERS]
    qr = built[DeviceKind.QR_SCANNER]
    assert isinstance(id_reader, IdCardReader)
    assert isinstance(camera, DocumentCamera)
    assert isinstance(face, FaceVerifier)
    assert isinstance(printer, ReceiptPrinter)
    assert isinstance(lockers, LockerBank)
    assert isinstance(qr, QrScanner)
    extra = {
        kind.value: built[kind] for kind in DeviceKind if kind in OPTIONAL_KINDS and kind in built
    }
    return DeviceSet(id_reader, camera, face, printer, lockers, qr, extra)


def _factory(kind: DeviceKind, name: str) -> DriverFactory:
    factory = _factories.get((kind, name))
    if factory is None and (kind, name) in _DRIVER_MODULES:
        importlib.import_module(_DRIVER_MODULES[(kind, name)])
        factory = _factories.get((kind, name))
    if factory is None:
        known = ", ".join(known_drivers(kind)) or "none"
        raise DeviceConfigError(
            f"devices.{kind.value}.driver", f"unknown driver {name!r} (known: {known})"
        )
    return factory
