"""Simulated 8A/80 boards on a pty: they answer the real frames with door physics."""

from __future__ import annotations

import logging

from devices.lockers import frames
from devices.lockers.link import SensorPolarity
from devices.lockers.sim_doors import SimDoors
from devices.lockers.sim_pty import BoardsOnPty

log = logging.getLogger(__name__)

#: the unlock reply's status byte: 0x11 the lock fired and the door reads open, 0x00 shut
STATE_OPEN = 0x11
STATE_CLOSED = 0x00


class Rs485BoardSim(BoardsOnPty):
    """Every board in ``doors.boards`` on one line; open the adapter on :attr:`path`."""

    def __init__(self, doors: SimDoors, *, polarity: SensorPolarity = SensorPolarity.HIGH) -> None:
        self.requests: list[frames.Request] = []
        self._reader = frames.FrameReader(replies=False)
        super().__init__(doors, polarity=polarity, line_name="sim-8a80")

    def _on_bytes(self, chunk: bytes) -> bytes:
        out = b""
        for request in self._reader.feed(chunk):
            self.requests.append(request)  # type: ignore[arg-type]
            if not self.doors.answers(request.board):
                continue
            if isinstance(request, frames.UnlockRequest):
                self.doors.fire(request.board, request.channel)
                state = (
                    STATE_OPEN
                    if self.doors.is_open(request.board, request.channel)
                    else STATE_CLOSED
                )
                out += frames.encode_unlock_reply(request.board, request.channel, state)
            elif isinstance(request, frames.QueryRequest):
                open_now = self.doors.open_channels(request.board)
                bits = 0
                for ch in range(1, min(self.doors.channels, frames.MAX_CHANNEL) + 1):
                    if self.polarity.level(ch in open_now):
                        bits |= 1 << (ch - 1)
                out += frames.encode_query_reply(request.board, bits)
        return out
