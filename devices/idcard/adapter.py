"""The GA 467 ID card reader over a serial port: an :class:`~device_contracts.IdCardReader`.

One poller thread owns the connection: it opens the port (and keeps trying
while it is missing), checks the SAM answers, and sends "find card" every
``poll_interval_s`` to emit CardInserted / CardRemoved. ``read_card`` runs on
its own operation thread; commands from both threads are serialised by one I/O
lock, each a single request/reply exchange. A reply that fails its checksum or
length makes the adapter flush the line and ask again (noise on the line is
skipped by the frame scanner); a port that raises is closed and reopened by
the poller, so a reader unplugged and plugged back in comes back by itself.
"""

from __future__ import annotations

import contextlib
import logging
import termios
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import serial

from device_contracts import (
    CardInserted,
    CardRemoved,
    CardType,
    Completion,
    CompletionCode,
    DeviceState,
    DeviceStatus,
    IdentityCard,
    Operation,
    Text,
)
from devices._device_status import ReportingDevice
from devices.idcard import commands
from devices.idcard.base_info import parse_base_info
from devices.idcard.commands import CommandSpec
from devices.idcard.errors import FrameError, PortError, ProtocolError, ReaderTimeoutError
from devices.idcard.frames import MIN_REPLY_LENGTH, FrameScanner, Reply, encode_command, parse_reply
from devices.idcard.status import CARD_FOUND, NO_CARD, SamStatusError, sw3_name
from devices.idcard.text import decode_card_text
from devices.idcard.wlt import WltDecoder

log = logging.getLogger(__name__)

SerialFactory = Callable[..., Any]

NOT_OPEN = Text(
    "身份证阅读器未启动，请联系工作人员",
    "The ID card reader has not been started, please ask staff for help",
)
OFFLINE = Text(
    "身份证阅读器未连接，请联系工作人员",
    "The ID card reader is not connected, please ask staff for help",
)
NO_CARD_TEXT = Text(
    "未检测到身份证，请将身份证放在感应区", "No ID card was found, please place it on the reader"
)
#: a reply with a bad checksum or length is asked for again this many times
RETRIES = 2
#: consecutive unanswered polls after which the port is reopened
MAX_SILENT_POLLS = 3
#: after a damaged frame, this long without a byte means no good frame is coming
QUIET_S = 0.1


@dataclass(frozen=True)
class Ga467Settings:
    """Where the SAM is and how the adapter paces it."""

    #: a device path or a pyserial URL
    port: str
    baud: int = 115200
    #: how long one SAM command may take to answer
    timeout_s: float = 2.0
    #: how often "find card" runs (the card events)
    poll_interval_s: float = 0.25
    #: how often a missing port is tried again
    reconnect_s: float = 1.0


class Ga467Reader(ReportingDevice):
    """``IdCardReader`` on a GA 467 SAM behind ``settings.port``; ``wlt`` decodes the
    card's photo when the site has the vendor's library."""

    driver = "ga467"

    def __init__(
        self,
        settings: Ga467Settings,
        *,
        name: str = "id_reader",
        wlt: WltDecoder | None = None,
        serial_factory: SerialFactory = serial.serial_for_url,
    ) -> None:
        super().__init__(name, DeviceStatus(DeviceState.OFFLINE, "not open", NOT_OPEN))
        self.settings = settings
        self._wlt = wlt
        self._serial_factory = serial_factory
        self._lock = threading.RLock()
        self._io = threading.Lock()
        # presence is asked by the poller and by a read: each change is told before the
        # next one is made, so listeners hear them in the order the reader saw them
        self._presence_order = threading.RLock()
        self._ser: Any = None
        self._opened = False
        self._active = 0
        self._present: bool | None = None
        self._silent_polls = 0
        self._current: Operation[IdentityCard] | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------ Device
    def open(self) -> None:
        with self._lock:
            if self._opened:
                return
            self._opened = True
            self._stop.clear()
            self._thread = threading.Thread(
                target=self._poll_loop, name=f"{self.name}-poll", daemon=True
            )
            self._thread.start()
        self._refresh_status()

    def close(self) -> None:
        with self._lock:
            self._opened = False
            self._stop.set()
            thread, self._thread = self._thread, None
            current = self._current
        if current is not None:
            current.cancel()
        if thread is not None:
            thread.join(timeout=self.settings.timeout_s + 2)
        self._disconnect("closed", emit_removed=False)
        self._refresh_status()

    def status(self) -> DeviceStatus:
        with self._lock:
            return self._compute_status()

    def capabilities(self) -> Mapping[str, object]:
        return {
            "driver": self.driver,
            "card_types": [t.value for t in CardType],
            "photo_decoding": self._wlt is not None,
        }

    # ------------------------------------------------------------ IdCardReader
    def read_card(self, timeout: float) -> Operation[IdentityCard]:
        timeout = max(timeout, 0.0)
        deadline = time.monotonic() + timeout

        def work(op: Operation[IdentityCard]) -> Completion[IdentityCard]:
            with self._lock:
                self._active += 1
            self._refresh_status()
            try:
                return self._read(op, deadline)
            finally:
                with self._lock:
                    self._active -= 1
                self._refresh_status()

        # the work keeps its own deadline (it can say what timed out); this is the backstop
        op = Operation[IdentityCard].spawn(
            f"{self.name}.read_card", work, timeout=timeout + 2 * self.settings.timeout_s + 1
        )
        with self._lock:
            previous, self._current = self._current, op
        if previous is not None and not previous.done():
            previous.cancel()  # a retrying flow must not race its own abandoned read
        return op

    # ------------------------------------------------------------ reading
    def _read(self, op: Operation[IdentityCard], deadline: float) -> Completion[IdentityCard]:
        if not self._await_connection(op, deadline):
            return self._not_ready()
        busy: ReaderTimeoutError | None = None
        while True:
            if op.cancel_requested:
                return Completion.failure(CompletionCode.CANCELLED)
            try:
                if self._find_card():
                    break
                busy = None
            except PortError as exc:
                self._disconnect(exc.detail)
                return self._not_ready()
            except ReaderTimeoutError as exc:
                busy = exc  # a SAM still busy with an abandoned command: keep asking
            except ProtocolError as exc:
                return Completion.failure(exc.code, exc.message, exc.detail)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                if busy is not None:
                    return Completion.failure(busy.code, busy.message, busy.detail)
                return Completion.failure(
                    CompletionCode.TIMEOUT, NO_CARD_TEXT, "no card before deadline"
                )
            if op.wait_cancelled(min(self.settings.poll_interval_s, remaining)):
                return Completion.failure(CompletionCode.CANCELLED)
        try:
            self._expect(commands.SELECT_CARD, self._transact(commands.SELECT_CARD))
            reply = self._expect(commands.READ_BASE, self._transact(commands.READ_BASE))
            info = parse_base_info(reply.data)
            card = decode_card_text(info.text)
        except PortError as exc:
            self._disconnect(exc.detail)
            return self._not_ready()
        except ProtocolError as exc:
            log.info(
                "card read refused",
                extra={"device": self.name, "error": type(exc).__name__, "detail": exc.detail},
            )
            return Completion.failure(exc.code, exc.message, exc.detail)
        photo = self._wlt.decode(info.photo_wlt) if self._wlt is not None else None
        log.info(
            "card read",
            extra={
                "device": self.name,
                "card_type": card.card_type.value,
                "photo": photo is not None,
            },
        )
        return Completion.success(
            IdentityCard(
                card_type=card.card_type,
                name=card.name,
                gender=card.gender,
                nation=card.nation,
                birth_date=card.birth_date,
                address=card.address,
                id_number=card.id_number,
                issuer=card.issuer,
                valid_from=card.valid_from,
                valid_to=card.valid_to,
                photo_wlt=info.photo_wlt,
                photo=photo,
                name_en=card.name_en,
            )
        )

    def _await_connection(self, op: Operation[IdentityCard], deadline: float) -> bool:
        """Give a reader that is (re)connecting a moment: right after ``open`` the port is
        still being opened. A reader that stays away fails the read at once after that."""
        until = min(
            deadline, time.monotonic() + self.settings.reconnect_s + self.settings.timeout_s
        )
        while not self._connected():
            if not self._opened or op.cancel_requested or time.monotonic() >= until:
                return False
            op.wait_cancelled(0.02)
        return True

    def _find_card(self) -> bool:
        reply = self._transact(commands.FIND_CARD)
        if reply.sw3 == CARD_FOUND:
            present = True
        elif reply.sw3 == NO_CARD:
            present = False
        else:
            raise SamStatusError(reply.sw3, commands.FIND_CARD.name)
        self._set_present(present)
        return present

    @staticmethod
    def _expect(spec: CommandSpec, reply: Reply) -> Reply:
        if reply.sw3 != spec.success:
            raise SamStatusError(reply.sw3, spec.name)
        return reply

    # ------------------------------------------------------------ the line
    def _transact(self, spec: CommandSpec, data: bytes = b"") -> Reply:
        """Send one command and return its reply; resend after a damaged reply."""
        frame = encode_command(spec.cmd, spec.para, data)
        last: ProtocolError | None = None
        with self._io:
            for attempt in range(RETRIES + 1):
                ser = self._ser
                if ser is None:
                    raise PortError("port not open")
                try:
                    ser.reset_input_buffer()
                    ser.write(frame)
                    reply = self._receive(ser, spec)
                except (serial.SerialException, OSError, termios.error) as exc:
                    # termios.error (from tcflush on a vanished pty) is not an OSError
                    raise PortError(f"{spec.name}: {type(exc).__name__}") from None
                except FrameError as exc:
                    last = exc
                    log.info(
                        "damaged reply, asking again",
                        extra={
                            "device": self.name,
                            "command": spec.name,
                            "attempt": attempt,
                            "detail": exc.detail,
                        },
                    )
                    continue
                if reply.sw3 in (0x10, 0x11) and attempt < RETRIES:
                    # the SAM got our frame damaged: send it again
                    log.info(
                        "sam saw a damaged command",
                        extra={"device": self.name, "sw3": sw3_name(reply.sw3)},
                    )
                    continue
                return reply
        assert last is not None
        raise last

    def _receive(self, ser: Any, spec: CommandSpec) -> Reply:
        """The next good reply frame. Noise, and false starts that fail their checksum, are
        skipped while more bytes keep coming; a damaged frame followed by silence raises."""
        scanner = FrameScanner(MIN_REPLY_LENGTH)
        timeout_s = self.settings.timeout_s
        deadline = time.monotonic() + timeout_s
        damaged: FrameError | None = None
        last_byte = time.monotonic()
        while True:
            for item in scanner.frames():
                if isinstance(item, FrameError):
                    damaged = item
                    continue
                reply = parse_reply(item)
                if spec.is_stale(reply.sw3, len(reply.data)):
                    log.info(
                        "skipped a late reply", extra={"device": self.name, "command": spec.name}
                    )
                    continue
                if scanner.noise_bytes:
                    log.debug(
                        "skipped noise", extra={"device": self.name, "bytes": scanner.noise_bytes}
                    )
                return reply
            now = time.monotonic()
            if damaged is not None and now - last_byte >= QUIET_S:
                raise damaged
            if now >= deadline:
                raise damaged or ReaderTimeoutError(f"{spec.name}: no reply in {timeout_s}s")
            if self._stop.is_set():
                raise PortError("closing")
            waiting = ser.in_waiting
            chunk = ser.read(waiting if waiting else 1)
            if chunk:
                scanner.feed(chunk)
                last_byte = time.monotonic()

    # ------------------------------------------------------------ connection
    def _poll_loop(self) -> None:
        while not self._stop.is_set():
            if self._ser is None and not self._connect():
                self._stop.wait(self.settings.reconnect_s)
                continue
            with self._lock:
                reading = self._active > 0
            if not reading:  # a read in progress polls for itself
                try:
                    self._find_card()
                    self._silent_polls = 0
                except PortError as exc:
                    self._disconnect(exc.detail)
                    continue
                except ReaderTimeoutError:
                    self._silent_polls += 1
                    if self._silent_polls >= MAX_SILENT_POLLS:
                        self._disconnect("sam not answering")
                        continue
                except ProtocolError as exc:
                    log.info("poll failed", extra={"device": self.name, "detail": exc.detail})
                except Exception as exc:
                    # the poller must outlive any surprise from the port: treat it as unplugged
                    log.exception("poll crashed", extra={"device": self.name})
                    self._disconnect(type(exc).__name__)
                    continue
            self._stop.wait(self.settings.poll_interval_s)

    def _connect(self) -> bool:
        try:
            line = self.settings
            ser = self._serial_factory(
                line.port, baudrate=line.baud, timeout=0.02, write_timeout=line.timeout_s
            )
        except (serial.SerialException, OSError, ValueError) as exc:
            log.debug(
                "port not available", extra={"device": self.name, "error": type(exc).__name__}
            )
            self._refresh_status()
            return False
        with self._io:
            self._ser = ser
        try:
            reply = self._transact(commands.SAM_STATUS)
            if reply.sw3 != commands.SAM_STATUS.success:
                raise SamStatusError(reply.sw3, commands.SAM_STATUS.name)
        except ProtocolError as exc:
            log.warning("sam not ready", extra={"device": self.name, "detail": exc.detail})
            self._disconnect(exc.detail, emit_removed=False)
            return False
        self._silent_polls = 0
        log.info("reader connected", extra={"device": self.name, "baud": self.settings.baud})
        self._refresh_status()
        return True

    def _disconnect(self, reason: str, *, emit_removed: bool = True) -> None:
        with self._io:
            ser, self._ser = self._ser, None
        if ser is None:
            return
        with contextlib.suppress(serial.SerialException, OSError):
            ser.close()
        level = logging.INFO if reason == "closed" else logging.WARNING
        log.log(level, "reader disconnected", extra={"device": self.name, "reason": reason})
        with self._presence_order:
            with self._lock:
                was_present, self._present = self._present, None
            if was_present and emit_removed:
                self._tell(CardRemoved(self.name))
        self._refresh_status()

    def _connected(self) -> bool:
        return self._ser is not None

    # ------------------------------------------------------------ events and status
    def _set_present(self, present: bool) -> None:
        with self._presence_order:
            with self._lock:
                before, self._present = self._present, present
            if before is present or (before is None and not present):
                return
            log.debug("card presence", extra={"device": self.name, "present": present})
            self._tell(CardInserted(self.name) if present else CardRemoved(self.name))

    def _compute_status(self) -> DeviceStatus:
        if not self._opened:
            return DeviceStatus(DeviceState.OFFLINE, "not open", NOT_OPEN)
        if self._ser is None:
            return DeviceStatus(DeviceState.OFFLINE, "port not connected", OFFLINE)
        if self._active:
            return DeviceStatus(DeviceState.BUSY)
        return DeviceStatus(DeviceState.ONLINE)

    def _not_ready(self) -> Completion[IdentityCard]:
        message = NOT_OPEN if not self._opened else OFFLINE
        return Completion.failure(CompletionCode.DEVICE_NOT_READY, message, "reader not connected")
