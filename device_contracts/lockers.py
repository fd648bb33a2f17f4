"""The locker bank's compartments and doors, as the flows see them."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class CompartmentSize(enum.StrEnum):
    S = "S"
    M = "M"
    L = "L"


class CompartmentRole(enum.StrEnum):
    DROP = "drop"  # residents put paper originals in; clerks empty it
    PICKUP = "pickup"  # clerks load certificates; residents collect


@dataclass(frozen=True)
class Compartment:
    id: str  # site-wide label printed on the door, e.g. "A03"
    board: int
    channel: int
    size: CompartmentSize
    role: CompartmentRole


class DoorState(enum.StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    UNKNOWN = "unknown"


class DoorOutcome(enum.StrEnum):
    OPENED = "opened"
    ALREADY_OPEN = "already_open"
