"""What devices report: events sent while a command runs and unsolicited ones
(a card inserted, a door opened), each naming the adapter that sent it."""

from __future__ import annotations

from dataclasses import dataclass

from device_contracts.status import DeviceStatus
from device_contracts.text import Text


@dataclass(frozen=True)
class DeviceEvent:
    """Base class of everything a device reports. ``device`` is the adapter's name."""

    device: str


@dataclass(frozen=True)
class StatusChanged(DeviceEvent):
    status: DeviceStatus


@dataclass(frozen=True)
class CardInserted(DeviceEvent):
    pass


@dataclass(frozen=True)
class CardRemoved(DeviceEvent):
    pass


@dataclass(frozen=True)
class DoorOpened(DeviceEvent):
    compartment_id: str
    commanded: bool = True  # False: opened with no command behind it (tamper alert)


@dataclass(frozen=True)
class DoorClosed(DeviceEvent):
    compartment_id: str


@dataclass(frozen=True)
class CodeScanned(DeviceEvent):
    text: str


@dataclass(frozen=True)
class PaperLow(DeviceEvent):
    pass


@dataclass(frozen=True)
class Progress(DeviceEvent):
    """Something a running command wants the person to know ("hold still")."""

    message: Text
