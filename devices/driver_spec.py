"""What a driver factory gets: its section's options, read through typed accessors
that name the config key at fault (:class:`DeviceConfigError`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from device_contracts import Compartment
from devices.kinds import DeviceKind


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
