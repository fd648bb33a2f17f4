"""Unlocking is not opening: what a door really did, decided from its sensor.

:func:`unlock_and_confirm` reads the sensor before the command (a door
already open is not unlocked again), fires the lock, then polls until the
sensor reads open or the jam timeout passes. :class:`DoorTracker` turns
sensor readings over time into door events: opened after a command, opened
with no command (tamper), closed, and left open too long.
"""

from __future__ import annotations

import enum
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from devices.lockers.link import BoardLink


class DoorResult(enum.StrEnum):
    OPENED = "opened"
    ALREADY_OPEN = "already_open"
    JAMMED = "jammed"  # the lock fired but the sensor never read open


@dataclass(frozen=True)
class DoorTiming:
    jam_timeout_s: float = 10.0  # how long a fired lock may take to show an open door
    poll_s: float = 0.5  # sensor polling interval
    left_open_s: float = 120.0  # an open door older than this is reported once as left open
    command_window_s: float = 15.0  # an opening this soon after a command is not tamper


class Cancelled(Exception):
    """The caller cancelled while waiting for the door."""


def unlock_and_confirm(
    link: BoardLink,
    board: int,
    channel: int,
    timing: DoorTiming,
    *,
    wait: Callable[[float], bool],
    clock: Callable[[], float] = time.monotonic,
    on_unlock: Callable[[], None] = lambda: None,
) -> DoorResult:
    """Open one door and say what happened. ``wait(s)`` sleeps and returns True on cancel.

    Raises BoardNotAnswering (from the link) and Cancelled.
    """
    if channel in link.open_doors(board):
        return DoorResult.ALREADY_OPEN
    on_unlock()
    link.unlock(board, channel)
    deadline = clock() + timing.jam_timeout_s
    while True:
        if channel in link.open_doors(board):
            return DoorResult.OPENED
        remaining = deadline - clock()
        if remaining <= 0:
            return DoorResult.JAMMED
        if wait(min(timing.poll_s, remaining)):
            raise Cancelled


class ChangeKind(enum.StrEnum):
    FOUND_OPEN = "found_open"  # first reading after start: open (no event, audited)
    OPENED = "opened"  # opened after a command
    TAMPER = "tamper"  # opened with no command behind it
    CLOSED = "closed"
    LEFT_OPEN = "left_open"  # still open after left_open_s (reported once per opening)


@dataclass(frozen=True)
class DoorChange:
    kind: ChangeKind
    compartment_id: str


@dataclass
class _Door:
    open: bool | None = None  # None: never read
    opened_at: float = 0.0
    commanded_at: float | None = None
    left_open_reported: bool = False


class DoorTracker:
    """Door states per compartment id, fed with sensor readings; thread-safe."""

    def __init__(self, timing: DoorTiming, clock: Callable[[], float] = time.monotonic) -> None:
        self._timing = timing
        self._clock = clock
        self._lock = threading.Lock()
        self._doors: dict[str, _Door] = {}

    def expect_open(self, compartment_id: str) -> None:
        """A command to open this door is being sent."""
        with self._lock:
            self._doors.setdefault(compartment_id, _Door()).commanded_at = self._clock()

    def is_open(self, compartment_id: str) -> bool | None:
        with self._lock:
            door = self._doors.get(compartment_id)
            return None if door is None else door.open

    def forget(self, compartment_id: str) -> None:
        """The reading is no longer trustworthy (board offline)."""
        with self._lock:
            door = self._doors.get(compartment_id)
            if door is not None:
                door.open = None

    def update(self, compartment_id: str, is_open: bool) -> DoorChange | None:
        now = self._clock()
        with self._lock:
            door = self._doors.setdefault(compartment_id, _Door())
            was = door.open
            door.open = is_open
            if is_open and was is not True:
                door.opened_at = now
                door.left_open_reported = False
                commanded = (
                    door.commanded_at is not None
                    and now - door.commanded_at <= self._timing.command_window_s
                )
                door.commanded_at = None
                if commanded:
                    return DoorChange(ChangeKind.OPENED, compartment_id)
                if was is None:
                    return DoorChange(ChangeKind.FOUND_OPEN, compartment_id)
                return DoorChange(ChangeKind.TAMPER, compartment_id)
            if not is_open and was is True:
                return DoorChange(ChangeKind.CLOSED, compartment_id)
            if (
                is_open
                and not door.left_open_reported
                and now - door.opened_at >= self._timing.left_open_s
            ):
                door.left_open_reported = True
                return DoorChange(ChangeKind.LEFT_OPEN, compartment_id)
            return None
