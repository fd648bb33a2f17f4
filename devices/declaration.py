"""What a device folder declares about its drivers, in its ``manifest.py``.

Every ``devices/<folder>/`` that brings drivers has the same files (the way each
Home Assistant integration has its manifest and config flow under fixed names):

- ``manifest.py``: ``DRIVERS``, a tuple of :class:`DriverDeclaration`. Cheap to
  import (no vendor library), so the registry reads every folder's manifest to
  know the drivers, their options and their demo peers without loading them;
- ``drivers.py``: the factories the manifests name, imported when a site uses one;
- ``adapter.py`` (and ``frames.py`` or the like): the adapter and its wire protocol;
- ``sim_*.py``: the simulated peer that speaks the same bytes;
- ``demo.py``: the functions that start that peer for ``kiosk demo``
  (:data:`DemoStart`), named by the manifest;
- ``cli.py``: ``add_commands(subparsers)``, the folder's ``kiosk <tool>`` commands
  (the handlers import the heavy parts, kept in ``tool.py``, when they run).

References to code are ``"module:function"`` strings (as Python entry points
write them), resolved only when used, so reading a manifest never imports
OpenCV, pymodbus or pyscard.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from device_contracts import Compartment
from devices.kinds import DeviceKind

#: what a demo site config names instead of a port or URL: the demo starts a peer there
DEMO_PLACEHOLDER = "@demo"


@dataclass(frozen=True)
class Option:
    """One option the site config checks before any driver runs (type, bounds, default).

    ``default`` None makes the option optional (it may be left out or emptied);
    ``check`` is a further test of the value that raises ValueError with a sentence.
    """

    name: str
    type: type[bool] | type[int] | type[float] | type[str]
    default: object = None
    ge: float | None = None
    gt: float | None = None
    le: float | None = None
    check: Callable[[str], object] | None = None


@dataclass(frozen=True)
class DemoSite:
    """What a demo peer needs to know of the site it plays the hardware for."""

    compartments: tuple[Compartment, ...]
    data_dir: Path
    #: the peer plays the resident too (a card appears, doors shut themselves)
    auto: bool


@dataclass(frozen=True)
class DemoPeer:
    """A started demo peer: the address the adapter is to use and how to stop it."""

    address: str
    stop: Callable[[], None]
    #: what the demo's hands play the resident through (a SAM, the doors, the printer ...)
    hands: object = None
    #: further options the demo gives the driver when the site config leaves them out
    options: Mapping[str, object] = field(default_factory=dict)


DemoStart = Callable[[DemoSite], DemoPeer]


@dataclass(frozen=True)
class DriverDeclaration:
    """One driver of one device kind, as its folder's manifest declares it."""

    kind: DeviceKind
    name: str
    #: ``"module:function"`` building the adapter from a :class:`~devices.driver_spec.DriverSpec`
    factory: str
    #: the options the site config checks up front; every other key is an error for
    #: this driver. None: the factory reads and checks its own (through DriverSpec)
    options: tuple[Option, ...] | None = None
    #: site setup: the options (and values) a newly chosen driver starts with
    starts_with: Mapping[str, object] = field(default_factory=dict)
    #: site setup: options whose values are a fixed set
    choices: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: the option naming the port or URL; ``"@demo"`` there starts the demo peer
    address: str | None = None
    #: ``"module:function"``, a :data:`DemoStart` (needs ``address``)
    demo: str | None = None
