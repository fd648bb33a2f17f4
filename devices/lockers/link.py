"""What the door logic needs from a bus of lock boards, whatever the protocol."""

from __future__ import annotations

import enum
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


class BoardLink(Protocol):
    """A bus of lock boards. Implementations serialise access and are thread-safe."""

    def unlock(self, board: int, channel: int) -> None:
        """Fire the lock of one channel. Raises BoardNotAnswering."""
        ...

    def open_doors(self, board: int) -> frozenset[int]:
        """The channels whose door sensor reads open. Raises BoardNotAnswering."""
        ...

    def close(self) -> None: ...
