"""The drivers every device folder declares, and a :class:`~device_contracts.DeviceSet` built from config.

The registry finds the drivers itself: it scans the subpackages of
:mod:`devices` with :mod:`pkgutil` and reads each one's ``manifest.py``
(:mod:`devices.declaration` says what a folder holds). Adding a vendor is one
new folder with a manifest and one config line naming its driver; no file of
the app changes. A driver's module is imported only when a site uses it, so a
kiosk never loads OpenCV or pymodbus for hardware it does not have, and a
missing optional library only breaks the site that needs it.

The input is plain data (what ``kiosk.site_config`` validated), so this
package needs neither pydantic nor the app.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, cast

import devices
from device_contracts import Compartment, Device, DeviceSet
from devices.declaration import DEMO_PLACEHOLDER, DemoPeer, DemoSite, DemoStart, DriverDeclaration
from devices.driver_spec import DeviceConfigError, DriverSpec
from devices.kinds import OPTIONAL_KINDS, PROTOCOLS, DeviceKind

__all__ = [
    "OPTIONAL_KINDS",
    "DeviceConfigError",
    "DeviceKind",
    "DriverSpec",
    "build_device",
    "build_devices",
    "command_hooks",
    "declaration",
    "declarations",
    "declare",
    "generation",
    "known_drivers",
    "start_demo_peer",
]

log = logging.getLogger(__name__)

DriverFactory = Callable[[DriverSpec], Device]
CommandHook = Callable[["argparse._SubParsersAction[argparse.ArgumentParser]"], None]

#: what the folders' manifests declare, read on first use
_found: dict[tuple[DeviceKind, str], DriverDeclaration] | None = None
#: declared while running (a test's driver), beside the folders' ones
_declared: dict[tuple[DeviceKind, str], DriverDeclaration] = {}
_generation = 0


def _folders() -> Iterator[tuple[str, Path]]:
    """Each subpackage of :mod:`devices`, as (name, its directory)."""
    for info in pkgutil.iter_modules(devices.__path__):
        where = getattr(info.module_finder, "path", None)
        if info.ispkg and where is not None:
            yield info.name, Path(where) / info.name


def _has_module(folder: Path, module: str) -> bool:
    return any(m.name == module for m in pkgutil.iter_modules([str(folder)]))


def _all() -> dict[tuple[DeviceKind, str], DriverDeclaration]:
    global _found
    if _found is None:
        found: dict[tuple[DeviceKind, str], DriverDeclaration] = {}
        for name, folder in _folders():
            if _has_module(folder, "manifest"):
                manifest = importlib.import_module(f"devices.{name}.manifest")
                found.update({(d.kind, d.name): d for d in manifest.DRIVERS})
        _found = found
    return {**_found, **_declared}


def rediscover() -> None:
    """Read the folders' manifests again on next use (a folder was added or taken away)."""
    global _found, _generation
    _found = None
    _generation += 1


def declare(declaration: DriverDeclaration) -> Callable[[], None]:
    """Declare a driver while running (tests); returns the function that takes it back."""
    global _generation
    key = (declaration.kind, declaration.name)
    _declared[key] = declaration
    _generation += 1

    def withdraw() -> None:
        global _generation
        _declared.pop(key, None)
        _generation += 1

    return withdraw


def generation() -> int:
    """A number that changes whenever the declared drivers may have (for caches built on them)."""
    return _generation


def declarations(kind: DeviceKind | str | None = None) -> list[DriverDeclaration]:
    """Every declared driver (of ``kind``), ordered by kind, then by name."""
    wanted = None if kind is None else DeviceKind(kind)
    found = [d for d in _all().values() if wanted is None or d.kind is wanted]
    order = list(DeviceKind)
    return sorted(found, key=lambda d: (order.index(d.kind), d.name))


def declaration(kind: DeviceKind | str, name: str) -> DriverDeclaration | None:
    return _all().get((DeviceKind(kind), name))


def known_drivers(kind: DeviceKind | str) -> list[str]:
    return [d.name for d in declarations(kind)]


def _resolve(reference: str) -> Any:
    """The object a ``"module:attribute"`` reference names (imported now)."""
    module, _, attribute = reference.partition(":")
    return getattr(importlib.import_module(module), attribute)


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
    found = declaration(kind, name)
    if found is None:
        known = ", ".join(known_drivers(kind)) or "none"
        raise DeviceConfigError(
            f"devices.{kind.value}.driver", f"unknown driver {name!r} (known: {known})"
        )
    factory = cast(DriverFactory, _resolve(found.factory))
    options = {k: v for k, v in section.items() if k != "driver"}
    spec = DriverSpec(kind, name, options, tuple(compartments))
    device = factory(spec)
    unread = spec.unread_options()
    if unread:
        raise DeviceConfigError(spec.key(unread[0]), f"unknown option for driver {name!r}")
    if not isinstance(device, PROTOCOLS[kind]):
        raise TypeError(f"driver {name!r} for {kind.value} built a {type(device).__name__}")
    return device


def build_devices(
    config: Mapping[str, Mapping[str, object]], compartments: Sequence[Compartment] = ()
) -> DeviceSet:
    """The site's devices from ``{kind: {"driver": ..., **options}}``; none opened yet.

    ``compartments`` is the locker map, handed to the lockers driver.
    Raises DeviceConfigError naming the key at fault.
    """
    built: dict[str, Any] = {}
    for kind in DeviceKind:
        section = config.get(kind.value)
        if section is None and kind in OPTIONAL_KINDS:
            continue
        if section is None:
            raise DeviceConfigError(
                f"devices.{kind.value}", 'is missing (use driver = "sim" for a simulated one)'
            )
        built[kind.value] = build_device(kind, section, compartments)
    unknown = sorted(set(config) - {k.value for k in DeviceKind})
    if unknown:
        raise DeviceConfigError(f"devices.{unknown[0]}", "unknown device kind")
    # build_device checked each device against its kind's contract; the optional ones in
    # the kinds' order (OPTIONAL_KINDS is a set: its order changes with the hash seed)
    extra: dict[str, Device] = {
        kind.value: built.pop(kind.value)
        for kind in DeviceKind
        if kind in OPTIONAL_KINDS and kind.value in built
    }
    return DeviceSet(**built, extra=extra)


def start_demo_peer(
    kind: DeviceKind | str, section: dict[str, object], site: DemoSite
) -> DemoPeer | None:
    """Start the demo peer of ``section``'s driver when its address is ``"@demo"``.

    The peer's address replaces the placeholder in ``section`` (changed in place),
    with the options the peer adds where the section has none. None: nothing to start.
    """
    found = declaration(kind, str(section.get("driver")))
    if found is None or found.address is None or found.demo is None:
        return None
    if section.get(found.address) != DEMO_PLACEHOLDER:
        return None
    start = cast(DemoStart, _resolve(found.demo))
    peer = start(site)
    section[found.address] = peer.address
    for option, value in peer.options.items():
        section.setdefault(option, value)
    log.info("demo peer started", extra={"kind": found.kind.value, "driver": found.name})
    return peer


def command_hooks() -> list[CommandHook]:
    """Each device folder's ``cli.add_commands``, in the folders' order."""
    return [
        cast(CommandHook, _resolve(f"devices.{name}.cli:add_commands"))
        for name, folder in _folders()
        if _has_module(folder, "cli")
    ]
