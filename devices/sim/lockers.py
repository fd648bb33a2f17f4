"""A simulated locker bank (自助取件柜 / 材料投递柜) with door physics.

Each door is locked and closed until commanded open; the sensor then reads
OPEN until someone shuts it (:meth:`SimLockerBank.close_door`, or by itself
after ``auto_close_after`` seconds in the demo). A door opened with no command
behind it (:meth:`SimLockerBank.force_open`) is a tamper alert. A jammed door
never reports open, so the command ends with HARDWARE_ERROR at its timeout.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping, Sequence
from typing import TypeVar

from device_contracts import (
    Compartment,
    Completion,
    CompletionCode,
    DoorClosed,
    DoorOpened,
    DoorOutcome,
    DoorState,
    Operation,
    Text,
)
from devices.lockers.messages import JAMMED, LEFT_OPEN, NO_COMPARTMENT
from devices.sim._common import SimDevice, Wait

log = logging.getLogger(__name__)

T = TypeVar("T")

MESSAGES: Mapping[CompletionCode, Text] = {
    CompletionCode.TIMEOUT: LEFT_OPEN,
    CompletionCode.HARDWARE_ERROR: JAMMED,
    CompletionCode.INVALID_DATA: NO_COMPARTMENT,
}


class SimLockerBank(SimDevice):
    """``LockerBank`` over the site's compartment map.

    Controls: :meth:`close_door`, :meth:`force_open`, :meth:`jam` / :meth:`clear_jam`,
    :attr:`auto_close_after`, :meth:`fail_next`, :meth:`unplug` / :meth:`replug`.
    """

    def __init__(
        self,
        compartments: Sequence[Compartment],
        *,
        name: str = "lockers",
        open_delay: float = 0.2,
        auto_close_after: float | None = None,
    ) -> None:
        super().__init__(name, MESSAGES)
        ids = [c.id for c in compartments]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"duplicate compartment ids: {', '.join(duplicates)}")
        self._compartments = tuple(compartments)
        self._doors = dict.fromkeys(ids, DoorState.CLOSED)
        self._jammed: set[str] = set()
        self._closers: dict[str, threading.Timer] = {}
        self.open_delay = open_delay
        #: demo: a door closes by itself this many seconds after opening (None: never)
        self.auto_close_after = auto_close_after

    # ------------------------------------------------------------ LockerBank
    def compartments(self) -> list[Compartment]:
        return list(self._compartments)

    def door_state(self, compartment_id: str) -> DoorState:
        with self._lock:
            if not self._connected:
                return DoorState.UNKNOWN  # no sensor reading without the board
            return self._doors.get(compartment_id, DoorState.UNKNOWN)

    def open_door(self, compartment_id: str, timeout: float) -> Operation[DoorOutcome]:
        def work(op: Operation[DoorOutcome], deadline: float) -> Completion[DoorOutcome]:
            return self._open(op, deadline, compartment_id)

        return self._start(
            f"open_door:{compartment_id}",
            timeout,
            work,
            exclusive=False,
            precheck=lambda: self._unknown(compartment_id),
        )

    def wait_closed(self, compartment_id: str, timeout: float) -> Operation[None]:
        def work(op: Operation[None], deadline: float) -> Completion[None]:
            waited = self._wait_until(
                op, lambda: self._doors[compartment_id] is DoorState.CLOSED, deadline
            )
            if waited is not Wait.READY:
                return self._ended(waited)
            op.emit(DoorClosed(self.name, compartment_id))
            return Completion.success(None)

        return self._start(
            f"wait_closed:{compartment_id}",
            timeout,
            work,
            precheck=lambda: self._unknown(compartment_id),
        )

    def close(self) -> None:
        with self._lock:
            closers = list(self._closers.values())
            self._closers.clear()
        for timer in closers:
            timer.cancel()
        super().close()

    # ------------------------------------------------------------ controls
    def close_door(self, compartment_id: str) -> None:
        """Someone shuts the door (the sensor reads closed)."""
        self._check_id(compartment_id)
        with self._changed:
            was_open = self._doors[compartment_id] is DoorState.OPEN
            self._doors[compartment_id] = DoorState.CLOSED
            timer = self._closers.pop(compartment_id, None)
            self._changed.notify_all()
        if timer is not None:
            timer.cancel()
        if was_open:
            self._emit(DoorClosed(self.name, compartment_id))

    def force_open(self, compartment_id: str) -> None:
        """The door is pried open with no command behind it (tamper alert)."""
        self._check_id(compartment_id)
        with self._changed:
            was_closed = self._doors[compartment_id] is not DoorState.OPEN
            self._doors[compartment_id] = DoorState.OPEN
            self._changed.notify_all()
        if was_closed:
            log.warning("door opened without a command", extra={"compartment": compartment_id})
            self._emit(DoorOpened(self.name, compartment_id, commanded=False))

    def jam(self, compartment_id: str) -> None:
        """The lock fires but the door stays shut: open_door ends with HARDWARE_ERROR."""
        self._check_id(compartment_id)
        with self._lock:
            self._jammed.add(compartment_id)

    def clear_jam(self, compartment_id: str) -> None:
        with self._lock:
            self._jammed.discard(compartment_id)

    # ------------------------------------------------------------ internals
    def _capabilities(self) -> Mapping[str, object]:
        return {
            "compartments": len(self._compartments),
            "boards": sorted({c.board for c in self._compartments}),
            "door_sensors": True,
        }

    def _check_id(self, compartment_id: str) -> None:
        if compartment_id not in self._doors:
            raise KeyError(f"no compartment {compartment_id!r}")

    def _unknown(self, compartment_id: str) -> Completion[T] | None:
        if compartment_id in self._doors:
            return None
        return self._failure(CompletionCode.INVALID_DATA, f"no compartment {compartment_id}")

    def _open(
        self, op: Operation[DoorOutcome], deadline: float, compartment_id: str
    ) -> Completion[DoorOutcome]:
        with self._lock:
            if self._doors[compartment_id] is DoorState.OPEN:
                return Completion.success(DoorOutcome.ALREADY_OPEN)
            jammed = compartment_id in self._jammed
        if jammed:
            # the sensor never reports open; the real adapter gives up at its timeout
            waited = self._wait_until(
                op, lambda: self._doors[compartment_id] is DoorState.OPEN, deadline
            )
            if waited is Wait.TIMEOUT:
                return self._failure(
                    CompletionCode.HARDWARE_ERROR, f"door {compartment_id} did not open"
                )
            if waited is not Wait.READY:
                return self._ended(waited)
            return Completion.success(DoorOutcome.OPENED)  # forced open meanwhile
        waited = self._pause(op, self.open_delay, deadline)
        if waited is not Wait.READY:
            return self._ended(waited)
        with self._changed:
            self._doors[compartment_id] = DoorState.OPEN
            self._changed.notify_all()
        event = DoorOpened(self.name, compartment_id, commanded=True)
        self._emit(event)
        op.emit(event)
        self._schedule_auto_close(compartment_id)
        return Completion.success(DoorOutcome.OPENED)

    def _schedule_auto_close(self, compartment_id: str) -> None:
        delay = self.auto_close_after
        if delay is None:
            return
        timer = threading.Timer(delay, self.close_door, args=(compartment_id,))
        timer.daemon = True
        with self._lock:
            previous = self._closers.pop(compartment_id, None)
            self._closers[compartment_id] = timer
        if previous is not None:
            previous.cancel()
        timer.start()
