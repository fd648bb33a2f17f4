"""The technician's site setup as data: the site config being edited (TOML-shaped
plain data), the compartment grid, live-test results and the port that loads,
checks, saves and tests it.

The flow edits the draft on the GUI thread, only as data; loading, saving and
device tests run through the :class:`SiteSetup` port as ``Operation``s. What a
valid config is stays with the site config model (``kiosk/site_config.py``):
this module knows keys and values, never the schema.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from device_contracts import Image, Operation, Text

__all__ = [
    "BOARD_LETTERS",
    "ConfigProblem",
    "DeviceTestReport",
    "LoadedConfig",
    "SaveOutcome",
    "SetupDraft",
    "SetupTestResult",
    "SiteSetup",
    "compartment_label",
]

#: compartment ids proposed for a new cell: board 1 -> A01, A02 ..., board 2 -> B01 ...
BOARD_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass(frozen=True)
class ConfigProblem:
    """One reason the config cannot be saved, naming its key (``devices.printer.url``)."""

    key: str
    message: str

    def __str__(self) -> str:
        return f"{self.key}: {self.message}" if self.key else self.message


@dataclass(frozen=True)
class LoadedConfig:
    data: dict[str, Any]
    #: the file it was read from, and the one a save writes (the same on a real site)
    source: str
    target: str


@dataclass(frozen=True)
class SaveOutcome:
    """``problems`` empty: written to ``path``, the previous file kept as ``backup``."""

    problems: tuple[ConfigProblem, ...] = ()
    path: str = ""
    backup: str | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class DeviceTestReport:
    """What a live test showed: a plain sentence and, for the printer and the
    cameras, a picture (the receipt as printed, the camera frame)."""

    text: Text
    image: Image | None = None


@dataclass(frozen=True)
class SetupTestResult:
    running: bool
    ok: bool = False
    text: Text | None = None
    image: Image | None = None


class SiteSetup(Protocol):
    """Loads, checks, saves and live-tests the site config (``kiosk/site_setup.py``)."""

    def load(self) -> LoadedConfig:
        """The site config file as plain data. Blocks (disk)."""
        ...

    def driver_options(self, kind: str, driver: str) -> dict[str, object]:
        """The options a newly chosen driver starts with (its documented defaults)."""
        ...

    def save(self, data: Mapping[str, Any]) -> SaveOutcome:
        """Validate, then back up the current file and write ``data`` atomically.
        Nothing is written when there is a problem. Blocks (disk)."""
        ...

    def test_device(
        self, kind: str, data: Mapping[str, Any], target: str | None
    ) -> Operation[DeviceTestReport]:
        """A live test of device ``kind`` as configured in ``data`` (``target``: which
        compartment a lockers test opens)."""
        ...


def compartment_label(board: int, channel: int) -> str:
    """The id proposed for a new compartment at (board, channel)."""
    if 1 <= board <= len(BOARD_LETTERS):
        return f"{BOARD_LETTERS[board - 1]}{channel:02d}"
    return f"K{board}-{channel}"[:8]


@dataclass(repr=False)
class SetupDraft:
    """The config being edited. ``data`` is TOML-shaped; keys are dotted
    (``devices.lockers.port``, ``ui.lang``)."""

    data: dict[str, Any]
    loaded: dict[str, Any]
    source: str = ""
    target: str = ""
    #: the section the editor shows: "terminal", "ui", "devices.printer", "lockers" ...
    section: str = "terminal"
    #: the selected cell of the compartment grid (board, channel)
    cell: tuple[int, int] | None = None
    extra_boards: set[int] = field(default_factory=set)
    extra_channels: int = 0
    problems: list[ConfigProblem] = field(default_factory=list)
    tests: dict[str, SetupTestResult] = field(default_factory=dict)
    saved: SaveOutcome | None = None
    #: a device's options set aside when its driver was changed, by (kind, driver)
    parked: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def of(cls, loaded: LoadedConfig) -> SetupDraft:
        return cls(
            copy.deepcopy(loaded.data),
            copy.deepcopy(loaded.data),
            loaded.source,
            loaded.target,
        )

    def __repr__(self) -> str:
        return f"SetupDraft(section={self.section}, dirty={self.dirty})"

    @property
    def dirty(self) -> bool:
        return self.data != self.loaded

    # ------------------------------------------------------------ keys
    def get(self, key: str, default: Any = None) -> Any:
        node: Any = self.data
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                return default
            node = node[part]
        return node

    def set(self, key: str, value: Any) -> None:
        """Set ``key`` (creating its tables); ``None`` removes it."""
        *path, last = key.split(".")
        node = self.data
        for part in path:
            child = node.get(part)
            if not isinstance(child, dict):
                child = node[part] = {}
            node = child
        if value is None:
            node.pop(last, None)
        else:
            node[last] = value

    def device_kinds(self) -> list[str]:
        devices = self.data.get("devices")
        return list(devices) if isinstance(devices, dict) else []

    def sections(self) -> list[str]:
        """The editor's sections, the devices in the file's order."""
        return [
            "terminal",
            "platform",
            "ui",
            "data",
            *(f"devices.{k}" for k in self.device_kinds()),
            "lockers",
        ]

    # ------------------------------------------------------------ compartments
    def compartments(self) -> list[dict[str, Any]]:
        lockers = self.data.setdefault("lockers", {})
        found = lockers.setdefault("compartments", [])
        return found if isinstance(found, list) else []

    def compartment_at(self, board: int, channel: int) -> tuple[int, dict[str, Any]] | None:
        for i, c in enumerate(self.compartments()):
            if c.get("board") == board and c.get("channel") == channel:
                return i, c
        return None

    def grid(self) -> tuple[list[int], int]:
        """The boards (rows) and the number of channels (columns) the grid shows."""
        boards = {c.get("board") for c in self.compartments()} | self.extra_boards
        numbers = sorted(b for b in boards if isinstance(b, int))
        channels = [c.get("channel") for c in self.compartments()]
        widest = max([c for c in channels if isinstance(c, int)] or [0])
        return numbers or [1], max(widest + self.extra_channels, 1)

    def add_compartment(self, board: int, channel: int) -> dict[str, Any]:
        """A new compartment at the cell: a proposed id, size S, the board's role."""
        same_board = [c for c in self.compartments() if c.get("board") == board]
        role = same_board[-1].get("role", "drop") if same_board else "drop"
        used = {c.get("id") for c in self.compartments()}
        base = compartment_label(board, channel)
        label, n = base, 1
        while label in used:
            label = f"{base[:6]}-{n}"
            n += 1
        entry: dict[str, Any] = {
            "id": label,
            "board": board,
            "channel": channel,
            "size": "S",
            "role": role,
        }
        self.compartments().append(entry)
        return entry

    def remove_compartment(self, board: int, channel: int) -> None:
        found = self.compartment_at(board, channel)
        if found is not None:
            del self.compartments()[found[0]]

    # ------------------------------------------------------------ drivers
    def switch_driver(self, kind: str, driver: str, template: Mapping[str, object]) -> None:
        """Give device ``kind`` the driver ``driver``: the options it had with that driver
        earlier in this setup, else ``template``; options both share keep their values."""
        key = f"devices.{kind}"
        current = dict(self.get(key) or {})
        old = str(current.get("driver", ""))
        if old == driver:
            return
        if old:
            self.parked[(kind, old)] = current
        section: dict[str, Any] = {"driver": driver}
        earlier = self.parked.get((kind, driver))
        if earlier is not None:
            section.update({k: v for k, v in earlier.items() if k != "driver"})
        else:
            for option, default in template.items():
                section[option] = current.get(option, default)
        self.set(key, section)
