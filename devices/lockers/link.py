"""What the door logic needs from a bus of lock boards, whatever the protocol."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Protocol


class LockerLinkError(Exception):
    """The boards could not be reached or answered nonsense."""


class BoardNotAnswering(LockerLinkError):
    """A board sent no valid reply within the timeout, after every retry."""

    def __init__(self, board: int, detail: str = "") -> None:
        self.board = board
        self.detail = detail  # log-safe: a port name, a timeout
        super().__init__(f"board {board} did not answer" + (f" ({detail})" if detail else ""))


class SensorPolarity(enum.StrEnum):
    """Which sensor level means "door open" (wiring differs between cabinet makers)."""

    HIGH = "high"  # bit/input 1 = open
    LOW = "low"  # bit/input 0 = open

    def is_open(self, level: bool) -> bool:
        return level if self is SensorPolarity.HIGH else not level

    def level(self, is_open: bool) -> bool:
        """The level a sensor wired this way reads for a door that is (not) open."""
        return is_open if self is SensorPolarity.HIGH else not is_open


@dataclass(frozen=True)
class LinkSettings:
    """How a link talks to its boards, whatever the protocol: how long one reply may take,
    how often a silent board is asked again, how many channels a board has and how its
    door sensors are wired."""

    timeout_s: float
    retries: int = 2
    channels: int = 24
    polarity: SensorPolarity = SensorPolarity.HIGH


class BoardLink(Protocol):
    """A bus of lock boards. Implementations serialise access and are thread-safe."""

    def unlock(self, board: int, channel: int) -> None:
        """Fire the lock of one channel. Raises BoardNotAnswering."""
        ...

    def open_doors(self, board: int) -> frozenset[int]:
        """The channels whose door sensor reads open. Raises BoardNotAnswering."""
        ...

    def close(self) -> None: ...
