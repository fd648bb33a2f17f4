"""A device's status: its state and why, as a query answers it and listeners hear it."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from device_contracts.text import Text


class DeviceState(enum.StrEnum):
    ONLINE = "online"
    BUSY = "busy"
    OFFLINE = "offline"  # configured but not answering
    HARDWARE_ERROR = "hardware_error"
    NO_DEVICE = "no_device"  # not configured at this site


#: States in which commands may be sent.
OPERATIONAL_STATES = frozenset({DeviceState.ONLINE, DeviceState.BUSY})


@dataclass(frozen=True)
class DeviceStatus:
    state: DeviceState
    detail: str = ""  # log-safe
    message: Text | None = None  # for the technician's status screen

    @property
    def operational(self) -> bool:
        return self.state in OPERATIONAL_STATES
