"""``LockerBank`` over any ``BoardLink``: the compartment map, the door logic, events, audit.

A monitor thread polls every board's sensors (``poll_s``) and turns changes
into DoorOpened / DoorClosed events; a door that opens with no command
behind it is a tamper alert (``DoorOpened(commanded=False)``), audited and
logged. Commands run as Operations; a board that does not answer makes the
status OFFLINE and the command DEVICE_NOT_READY with a plain message.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Mapping, Sequence

from device_contracts import (
    Compartment,
    Completion,
    CompletionCode,
    DeviceState,
    DeviceStatus,
    DoorClosed,
    DoorOpened,
    DoorOutcome,
    DoorState,
    Operation,
)
from devices._device_status import NOT_OPEN, NOT_OPEN_STATUS, ReportingDevice
from devices.lockers.audit import AuditLog
from devices.lockers.compartments import CompartmentMap
from devices.lockers.doors import (
    Cancelled,
    ChangeKind,
    DoorChange,
    DoorResult,
    DoorTiming,
    DoorTracker,
    unlock_and_confirm,
)
from devices.lockers.link import BoardLink, BoardNotAnswering
from devices.lockers.messages import JAMMED, LEFT_OPEN, NO_BOARD, NO_COMPARTMENT

log = logging.getLogger(__name__)

#: the operation's own timer allows this beyond the command's timeout (backstop only)
BACKSTOP_S = 1.0


class LockerBankAdapter(ReportingDevice):
    """The site's lockers on real boards. ``driver`` is "rs485" or "modbus"."""

    def __init__(
        self,
        link: BoardLink,
        compartments: Sequence[Compartment],
        *,
        name: str = "lockers",
        driver: str = "rs485",
        timing: DoorTiming | None = None,
        audit: AuditLog | None = None,
    ) -> None:
        super().__init__(name)
        self.driver = driver
        self.map = CompartmentMap(compartments)
        self.timing = timing if timing is not None else DoorTiming()
        self.audit = audit if audit is not None else AuditLog(None)
        self._link = link
        self._tracker = DoorTracker(self.timing)
        self._stop = threading.Event()
        self._monitor: threading.Thread | None = None
        self._opened = False
        self._offline_boards: set[int] = set()
        self._lock = threading.Lock()

    # ------------------------------------------------------------ Device
    def open(self) -> None:
        with self._lock:
            if self._opened:
                return
            self._opened = True
            self._stop.clear()
        self._set_status(DeviceStatus(DeviceState.ONLINE))
        self.audit.append("adapter_open", driver=self.driver)
        self._monitor = threading.Thread(target=self._watch, name=f"{self.name}-doors", daemon=True)
        self._monitor.start()

    def close(self) -> None:
        with self._lock:
            was_open, self._opened = self._opened, False
        self._stop.set()
        if self._monitor is not None and self._monitor is not threading.current_thread():
            self._monitor.join(timeout=5)
        self._link.close()
        if was_open:
            self.audit.append("adapter_close")
        self._set_status(NOT_OPEN_STATUS)

    def capabilities(self) -> Mapping[str, object]:
        return {
            "driver": self.driver,
            "compartments": len(self.map),
            "boards": self.map.boards(),
            "door_sensors": True,
        }

    # ------------------------------------------------------------ LockerBank
    def compartments(self) -> list[Compartment]:
        return self.map.all()

    def door_state(self, compartment_id: str) -> DoorState:
        state = self._tracker.is_open(compartment_id)
        if state is None or not self._opened:
            return DoorState.UNKNOWN
        return DoorState.OPEN if state else DoorState.CLOSED

    def open_door(self, compartment_id: str, timeout: float) -> Operation[DoorOutcome]:
        def work(op: Operation[DoorOutcome]) -> Completion[DoorOutcome]:
            return self._open_door(op, compartment_id)

        return Operation[DoorOutcome].spawn(
            f"{self.name}.open_door:{compartment_id}", work, timeout=timeout + BACKSTOP_S
        )

    def wait_closed(self, compartment_id: str, timeout: float) -> Operation[None]:
        def work(op: Operation[None]) -> Completion[None]:
            return self._wait_closed(op, compartment_id, timeout)

        return Operation[None].spawn(
            f"{self.name}.wait_closed:{compartment_id}", work, timeout=timeout + BACKSTOP_S
        )

    # ------------------------------------------------------------ commands
    def _precheck(self, compartment_id: str) -> tuple[Compartment | None, Completion[None] | None]:
        if not self._opened:
            return None, Completion.failure(CompletionCode.DEVICE_NOT_READY, NOT_OPEN, "not open")
        compartment = self.map.get(compartment_id)
        if compartment is None:
            return None, Completion.failure(
                CompletionCode.INVALID_DATA, NO_COMPARTMENT, "unknown compartment"
            )
        return compartment, None

    def _open_door(
        self, op: Operation[DoorOutcome], compartment_id: str
    ) -> Completion[DoorOutcome]:
        compartment, refusal = self._precheck(compartment_id)
        if refusal is not None or compartment is None:
            assert refusal is not None
            return Completion.failure(refusal.code, refusal.message, refusal.detail)
        where: dict[str, str | int | bool | None] = {
            "compartment": compartment.id,
            "board": compartment.board,
        }

        def on_unlock() -> None:
            self._tracker.expect_open(compartment.id)
            self.audit.append("unlock", **where, channel=compartment.channel)

        try:
            result = unlock_and_confirm(
                self._link,
                compartment.board,
                compartment.channel,
                self.timing,
                wait=op.wait_cancelled,
                on_unlock=on_unlock,
            )
        except BoardNotAnswering as exc:
            self._board_offline(compartment.board)
            self.audit.append("no_answer", **where)
            return Completion.failure(CompletionCode.DEVICE_NOT_READY, NO_BOARD, str(exc))
        except Cancelled:
            self.audit.append("cancelled", **where)
            return Completion.failure(CompletionCode.CANCELLED, detail="cancelled")
        self._board_online(compartment.board)
        self.audit.append(result.value, **where)
        if result is DoorResult.JAMMED:
            log.warning("door did not open", extra=where)
            return Completion.failure(
                CompletionCode.HARDWARE_ERROR, JAMMED, f"door {compartment.id} jammed"
            )
        if result is DoorResult.ALREADY_OPEN:
            self._tracker.update(compartment.id, True)
            return Completion.success(DoorOutcome.ALREADY_OPEN)
        change = self._tracker.update(compartment.id, True)
        event = DoorOpened(self.name, compartment.id, commanded=True)
        if change is not None:  # else the monitor saw it first and already told everyone
            self._tell(event)
        op.emit(event)
        return Completion.success(DoorOutcome.OPENED)

    def _wait_closed(
        self, op: Operation[None], compartment_id: str, timeout: float
    ) -> Completion[None]:
        compartment, refusal = self._precheck(compartment_id)
        if refusal is not None or compartment is None:
            assert refusal is not None
            return refusal
        deadline = time.monotonic() + timeout
        while True:
            try:
                open_now = compartment.channel in self._link.open_doors(compartment.board)
            except BoardNotAnswering as exc:
                self._board_offline(compartment.board)
                return Completion.failure(CompletionCode.DEVICE_NOT_READY, NO_BOARD, str(exc))
            self._board_online(compartment.board)
            if not open_now:
                change = self._tracker.update(compartment.id, False)
                if change is not None:  # else the monitor saw it first and told everyone
                    self._handle_change(change)
                op.emit(DoorClosed(self.name, compartment.id))
                return Completion.success(None)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self.audit.append("left_open", compartment=compartment.id)
                return Completion.failure(
                    CompletionCode.TIMEOUT, LEFT_OPEN, f"door {compartment.id} left open"
                )
            if op.wait_cancelled(min(self.timing.poll_s, remaining)):
                return Completion.failure(CompletionCode.CANCELLED, detail="cancelled")

    # ------------------------------------------------------------ monitor
    def _watch(self) -> None:
        while not self._stop.is_set():
            self.poll_once()
            self._stop.wait(self.timing.poll_s)

    def poll_once(self) -> None:
        """Read every board's sensors once and report changes (the monitor's step)."""
        for board in self.map.boards():
            if self._stop.is_set():
                return
            try:
                open_channels = self._link.open_doors(board)
            except BoardNotAnswering as exc:
                self._board_offline(board, exc.detail)
                for c in self.map.on_board(board):
                    self._tracker.forget(c.id)
                continue
            self._board_online(board)
            for c in self.map.on_board(board):
                change = self._tracker.update(c.id, c.channel in open_channels)
                if change is not None:
                    self._handle_change(change)

    def _handle_change(self, change: DoorChange) -> None:
        cid = change.compartment_id
        self.audit.append(f"door_{change.kind.value}", compartment=cid)
        if change.kind is ChangeKind.OPENED:
            self._tell(DoorOpened(self.name, cid, commanded=True))
        elif change.kind is ChangeKind.TAMPER:
            log.warning("door opened without a command", extra={"compartment": cid})
            self._tell(DoorOpened(self.name, cid, commanded=False))
        elif change.kind is ChangeKind.CLOSED:
            self._tell(DoorClosed(self.name, cid))
        elif change.kind is ChangeKind.LEFT_OPEN:
            log.warning("door left open", extra={"compartment": cid})

    def _board_offline(self, board: int, reason: str = "") -> None:
        with self._lock:
            new = board not in self._offline_boards
            self._offline_boards.add(board)
            boards = sorted(self._offline_boards)
        if new:
            self.audit.append("board_offline", board=board)
        self._set_status(
            DeviceStatus(
                DeviceState.OFFLINE,
                f"boards not answering: {', '.join(map(str, boards))}"
                + (f" ({reason})" if reason else ""),
                NO_BOARD,
            )
        )

    def _board_online(self, board: int) -> None:
        with self._lock:
            if board not in self._offline_boards:
                return
            self._offline_boards.discard(board)
            empty = not self._offline_boards
        self.audit.append("board_online", board=board)
        if empty and self._opened:
            self._set_status(DeviceStatus(DeviceState.ONLINE))
