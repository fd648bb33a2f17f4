"""Several "8A/80" boards on one RS-485 line, driven through pyserial.

Each transaction flushes stale input, writes one request and reads replies
until one matches (right kind, right board, right channel) or the timeout
passes; then it retries. Only one transaction is on the wire at a time.

With ``missing_port_ok`` (the kiosk's driver), a port that is missing (the
USB-RS485 adapter unplugged, or not yet enumerated at boot) is not a configuration
error: the bus reports every board as not answering, with the reason, and tries
the port again on the next transaction, so the kiosk starts with the lockers
offline and recovers by itself when the adapter returns. A port that vanishes
later is reopened the same way in either mode.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import serial

from devices.lockers import frames
from devices.lockers.link import BoardNotAnswering, LinkSettings, LockerLinkError

log = logging.getLogger(__name__)

#: read slice: how long one serial read blocks while waiting for a reply
READ_SLICE_S = 0.02
#: the link's settings when the site config names none (a board answers within 0.3 s)
DEFAULT_SETTINGS = LinkSettings(timeout_s=0.3, channels=frames.MAX_CHANNEL)


class Rs485Bus:
    """``BoardLink`` for 8A/80 boards. ``port`` is a device path or a pyserial URL."""

    def __init__(
        self,
        port: str,
        settings: LinkSettings = DEFAULT_SETTINGS,
        *,
        baudrate: int = 9600,
        missing_port_ok: bool = False,
    ) -> None:
        self.port_name = port
        self.settings = settings
        self.baudrate = baudrate
        self._lock = threading.Lock()
        self._port: Any = None
        try:
            self._port = self._open()
        except ValueError as exc:  # a malformed URL or setting: will never work
            raise LockerLinkError(f"cannot open {port}: {exc}") from None
        except (serial.SerialException, OSError) as exc:
            if not missing_port_ok:
                raise LockerLinkError(f"cannot open {port}: {exc}") from None
            log.warning("lock board port not there yet", extra={"port": port, "error": str(exc)})

    def _open(self) -> Any:
        return serial.serial_for_url(
            self.port_name, baudrate=self.baudrate, timeout=READ_SLICE_S, write_timeout=1.0
        )

    def unlock(self, board: int, channel: int) -> None:
        request = frames.encode_unlock(board, channel)

        def accept(reply: frames.Reply) -> bool:
            return (
                isinstance(reply, frames.UnlockReply)
                and reply.board == board
                and reply.channel == channel
            )

        reply = self._transact(board, request, accept)
        log.info(
            "lock fired",
            extra={"board": board, "channel": channel, "state": getattr(reply, "state", None)},
        )

    def open_doors(self, board: int) -> frozenset[int]:
        request = frames.encode_query(board)

        def accept(reply: frames.Reply) -> bool:
            return isinstance(reply, frames.QueryReply) and reply.board == board

        reply = self._transact(board, request, accept)
        assert isinstance(reply, frames.QueryReply)
        polarity = self.settings.polarity
        return frozenset(
            ch for ch in range(1, self.settings.channels + 1) if polarity.is_open(reply.level(ch))
        )

    def close(self) -> None:
        with self._lock:
            self._drop_port()

    def _drop_port(self) -> None:
        if self._port is not None:
            with contextlib.suppress(serial.SerialException, OSError):
                self._port.close()
        self._port = None

    def _transact(
        self, board: int, request: bytes, accept: Callable[[frames.Reply], bool]
    ) -> frames.Reply:
        with self._lock:
            if self._port is None:
                try:
                    self._port = self._open()
                except (serial.SerialException, OSError, ValueError):
                    raise BoardNotAnswering(board, f"port {self.port_name} missing") from None
                log.info("lock board port opened", extra={"port": self.port_name})
            for attempt in range(1 + self.settings.retries):
                try:
                    reply = self._exchange(request, accept)
                except (serial.SerialException, OSError) as exc:
                    # the adapter went away: reopen on the next transaction
                    self._drop_port()
                    raise BoardNotAnswering(board, f"port error: {exc}") from None
                if reply is not None:
                    return reply
                log.debug("board silent, retrying", extra={"board": board, "attempt": attempt + 1})
        tries, timeout_s = 1 + self.settings.retries, self.settings.timeout_s
        raise BoardNotAnswering(board, f"{tries} tries of {timeout_s}s")

    def _exchange(
        self, request: bytes, accept: Callable[[frames.Reply], bool]
    ) -> frames.Reply | None:
        self._port.reset_input_buffer()  # a late reply to an earlier request is not ours
        self._port.write(request)
        self._port.flush()
        reader = frames.FrameReader(replies=True)
        deadline = time.monotonic() + self.settings.timeout_s
        while time.monotonic() < deadline:
            chunk: bytes = self._port.read(max(1, self._port.in_waiting))
            for frame in reader.feed(chunk):
                if isinstance(frame, frames.UnlockReply | frames.QueryReply) and accept(frame):
                    return frame
        if reader.dropped:
            log.info("noise on the bus", extra={"dropped_bytes": reader.dropped})
        return None
