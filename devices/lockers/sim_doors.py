"""Door physics shared by the simulated boards (8A/80 and Modbus).

A door pops open when its lock fires and stays open until someone closes it
(:meth:`SimDoors.close_door`, or by itself after ``auto_close_after`` seconds
in the demo). Faults: a jammed door stays shut when its lock fires; a door
forced open opens with no command; a silent board never answers.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable


class SimDoors:
    def __init__(
        self,
        boards: Iterable[int],
        *,
        channels: int = 24,
        auto_close_after: float | None = None,
    ) -> None:
        self.boards = frozenset(boards)
        self.channels = channels
        self.auto_close_after = auto_close_after
        self._lock = threading.Lock()
        self._open: set[tuple[int, int]] = set()
        self._jammed: set[tuple[int, int]] = set()
        self._silent: set[int] = set()
        self._timers: list[threading.Timer] = []
        self.unlocks: list[tuple[int, int]] = []  # every lock fired, in order

    def answers(self, board: int) -> bool:
        with self._lock:
            return board in self.boards and board not in self._silent

    def fire(self, board: int, channel: int) -> None:
        """The lock of (board, channel) fires."""
        with self._lock:
            self.unlocks.append((board, channel))
            if (board, channel) in self._jammed or not 1 <= channel <= self.channels:
                return
            newly = (board, channel) not in self._open
            self._open.add((board, channel))
        if newly and self.auto_close_after is not None:
            timer = threading.Timer(self.auto_close_after, self.close_door, (board, channel))
            timer.daemon = True
            with self._lock:
                self._timers.append(timer)
            timer.start()

    def open_channels(self, board: int) -> frozenset[int]:
        with self._lock:
            return frozenset(ch for b, ch in self._open if b == board)

    def is_open(self, board: int, channel: int) -> bool:
        with self._lock:
            return (board, channel) in self._open

    # ------------------------------------------------------------ the person / faults
    def close_door(self, board: int, channel: int) -> None:
        with self._lock:
            self._open.discard((board, channel))

    def force_open(self, board: int, channel: int) -> None:
        with self._lock:
            self._open.add((board, channel))

    def jam(self, board: int, channel: int) -> None:
        with self._lock:
            self._jammed.add((board, channel))

    def clear_jam(self, board: int, channel: int) -> None:
        with self._lock:
            self._jammed.discard((board, channel))

    def silence(self, board: int) -> None:
        with self._lock:
            self._silent.add(board)

    def revive(self, board: int) -> None:
        with self._lock:
            self._silent.discard(board)

    def stop(self) -> None:
        with self._lock:
            timers, self._timers = self._timers, []
        for t in timers:
            t.cancel()
