"""The PC/SC staff-card reader: a :class:`~device_contracts.StaffCardReader` on pyscard.

One monitor thread owns a PC/SC context and watches the chosen reader with
``SCardGetStatusChange`` (``poll_s`` at a time, so ``close`` is prompt):

- a card arriving or leaving becomes CardInserted / CardRemoved;
- the reader reported unknown, or missing from the reader list, makes the
  device OFFLINE ("reader not connected") until a matching reader is listed
  again (a USB reader unplugged and plugged back in);
- ``pcscd`` gone (no service, stopped, our handle invalid after a restart)
  drops the context and makes a new one every ``reconnect_s`` until the
  daemon answers again; OFFLINE ("smart card service not running") meanwhile.

A read (``read_staff_card`` / ``read_staff_record``) waits for a card on the
reader, then on a context of its own: connect, begin a transaction, SELECT the
staff application by AID, READ BINARY the staff record (SFI 1, in chunks),
disconnect leaving the card powered. Status words and PC/SC codes become the
typed errors of :mod:`devices.smartcard.errors`, whose completion code and
bilingual message end the operation. Nothing the card holds is logged.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, TypeVar

from device_contracts import (
    CardInserted,
    CardRemoved,
    Completion,
    CompletionCode,
    DeviceState,
    DeviceStatus,
    Operation,
    StaffCard,
    Text,
)
from devices._device_status import ReportingDevice
from devices.smartcard.apdu import exchange, read_binary, select_aid
from devices.smartcard.errors import (
    CardExpired,
    CardRemovedError,
    NoCard,
    ReaderUnavailable,
    RecordError,
    ServiceUnavailable,
    SmartCardError,
)
from devices.smartcard.pcsc import STATE_UNAWARE, Context
from devices.smartcard.record import (
    MAX_RECORD,
    RECORD_SFI,
    StaffRecord,
    decode_record,
    header_length,
)

log = logging.getLogger(__name__)

T = TypeVar("T")

#: the staff-card application: F0 (proprietary, unregistered) + "ZZKSTAFF"
DEFAULT_AID = bytes.fromhex("F05A5A4B5354414646")
#: READ BINARY chunk (fits every reader's short-APDU buffer)
CHUNK = 0xE0
#: a read interrupted by the card leaving is tried again (on the card laid again) this often
READ_ATTEMPTS = 3
#: readers with this in their name are vsmartcard's vpcd (a TCP socket, not hardware)
VIRTUAL_READER_MARK = "virtual pcd"

NOT_OPEN = Text(
    "工作证读卡器未启动，请联系技术人员",
    "The staff card reader has not been started, please call a technician",
)
STARTING = Text("工作证读卡器正在连接", "The staff card reader is connecting")
ONLINE = Text("工作证读卡器就绪", "The staff card reader is ready")


@dataclass(frozen=True)
class PcscSettings:
    """Which reader, which application on the card, and how the adapter paces PC/SC."""

    #: part of the PC/SC reader name; "" takes the first reader
    reader: str = ""
    aid: bytes = DEFAULT_AID
    #: longest wait in SCardGetStatusChange (how soon a card event or ``close`` is seen)
    poll_s: float = 0.25
    #: how often a missing pcscd or reader is looked for again
    reconnect_s: float = 1.0
    #: how long SELECT + READ BINARY may take once a card is there
    read_timeout_s: float = 3.0
    #: vsmartcard's "Virtual PCD" readers: tests only, never on site
    allow_virtual_reader: bool = False

    def __post_init__(self) -> None:
        if not 5 <= len(self.aid) <= 16:
            raise ValueError("an AID has 5 to 16 bytes")


class PcscStaffCardReader(ReportingDevice):
    """``StaffCardReader`` on the first PC/SC reader whose name contains ``settings.reader``."""

    driver = "pcsc"

    def __init__(
        self,
        settings: PcscSettings,
        *,
        name: str = "staff_card",
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(name)
        self.settings = settings
        self._today = today
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._io = threading.Lock()
        self._opened = False
        self._reader: str | None = None
        self._offline: SmartCardError | None = None
        self._present = False
        self._seq = 0
        self._ctx: Context | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._ops: set[Operation[Any]] = set()
        self._warned_virtual = False

    # ------------------------------------------------------------ Device
    def open(self) -> None:
        with self._lock:
            if self._opened:
                return
            self._opened = True
            self._offline = None
            self._stop.clear()
            self._thread = threading.Thread(
                target=self._monitor, name=f"{self.name}-pcsc", daemon=True
            )
            self._thread.start()
        self._set_status(DeviceStatus(DeviceState.OFFLINE, "connecting", STARTING))

    def close(self) -> None:
        with self._changed:
            if not self._opened:
                return
            self._opened = False
            self._stop.set()
            thread, self._thread = self._thread, None
            ctx = self._ctx
            ops = list(self._ops)
            self._changed.notify_all()
        for op in ops:
            op.cancel()
        if ctx is not None:
            ctx.cancel()  # wake the monitor out of SCardGetStatusChange
        if thread is not None:
            thread.join(timeout=self.settings.poll_s + self.settings.reconnect_s + 2)
        with self._lock:
            self._reader = None
            self._present = False
        self._set_status(DeviceStatus(DeviceState.OFFLINE, "not open", NOT_OPEN))

    def capabilities(self) -> Mapping[str, object]:
        return {
            "driver": self.driver,
            "protocol": "pcsc",
            "iso7816": True,
            "aid": self.settings.aid.hex().upper(),
            "reader": self.settings.reader,
        }

    @property
    def reader_name(self) -> str | None:
        """The PC/SC name of the reader in use (None while there is none)."""
        with self._lock:
            return self._reader

    @property
    def card_present(self) -> bool:
        with self._lock:
            return self._present

    # ------------------------------------------------------------ StaffCardReader
    def read_staff_card(self, timeout: float) -> Operation[StaffCard]:
        """Wait for a staff card (a card already on the reader counts) and read its record;
        the card number is the UID the staff directory knows."""
        return self._spawn_read(
            "read_staff_card", timeout, lambda r: StaffCard(r.card_number, r.atr)
        )

    def read_staff_record(self, timeout: float) -> Operation[StaffRecord]:
        """Wait up to ``timeout`` for a card, then read the whole staff record (the CLI's call)."""
        return self._spawn_read("read_staff_record", timeout, lambda r: r)

    # ------------------------------------------------------------ reading
    def _spawn_read(
        self, what: str, timeout: float, convert: Callable[[StaffRecord], T]
    ) -> Operation[T]:
        timeout = max(timeout, 0.0)
        deadline = time.monotonic() + timeout
        with self._lock:
            seen = self._seq - 1 if self._present else self._seq

        def work(op: Operation[T]) -> Completion[T]:
            nonlocal seen
            try:
                for attempt in range(1, READ_ATTEMPTS + 1):
                    reader = self._await_card(op, seen, deadline)
                    if reader is None:
                        return Completion.failure(
                            CompletionCode.CANCELLED
                            if op.cancel_requested
                            else CompletionCode.TIMEOUT,
                            NoCard.text_default,
                            "no staff card within the timeout",
                        )
                    try:
                        return Completion.success(convert(self._read_record(reader)))
                    except CardRemovedError as exc:
                        # pulled too soon (or a stale "present"): read the card when it is back
                        if attempt == READ_ATTEMPTS or time.monotonic() >= deadline:
                            raise
                        log.info(
                            "staff card read interrupted; waiting for the card again",
                            extra={"device": self.name, "detail": exc.detail},
                        )
                        op.wait_cancelled(min(0.3, 2 * self.settings.poll_s))
                        with self._lock:
                            seen = self._seq - 1 if self._present else self._seq
                raise AssertionError("unreachable")
            finally:
                with self._lock:
                    self._ops.discard(op)

        op = Operation[T].spawn(
            f"{self.name}.{what}", work, timeout=timeout + self.settings.read_timeout_s + 1
        )
        with self._lock:
            if not op.done():
                self._ops.add(op)
        return op

    def _await_card(self, op: Operation[Any], seen: int, deadline: float) -> str | None:
        """The reader holding a new card, None on timeout/cancel; raises when the reader is down."""
        with self._changed:
            while True:
                if op.cancel_requested:
                    return None
                if not self._opened:
                    raise _NotOpen("not open", NOT_OPEN)
                if self._offline is not None:
                    raise self._offline
                if self._seq > seen and self._present and self._reader is not None:
                    return self._reader
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return None
                self._changed.wait(min(remaining, 0.1))

    def _read_record(self, reader: str) -> StaffRecord:
        with self._io, Context() as ctx, ctx.connect(reader) as card:
            atr = card.atr()
            card.begin()
            exchange(card.transmit, select_aid(self.settings.aid))
            data = exchange(card.transmit, read_binary(0, 4, sfi=RECORD_SFI)).data
            head, length = header_length(data)
            total = head + length
            if total > MAX_RECORD:
                raise RecordError(f"record of {total} bytes is longer than {MAX_RECORD}")
            while len(data) < total:
                chunk = min(total - len(data), CHUNK)
                more = exchange(card.transmit, read_binary(len(data), chunk)).data
                if not more:
                    raise RecordError("the record file ends before the record does")
                data += more
        record = decode_record(data[:total])
        if record.expired(self._today()):
            raise CardExpired("card past its valid-until date")
        log.info("staff card read", extra={"device": self.name, "role": record.role})
        return replace(record, atr=atr.hex().upper())

    # ------------------------------------------------------------ monitoring
    def _monitor(self) -> None:
        ctx: Context | None = None
        reader: str | None = None
        known = STATE_UNAWARE
        while not self._stop.is_set():
            try:
                if ctx is None:
                    ctx = Context()
                    with self._lock:
                        self._ctx = ctx
                if reader is None:
                    reader = self._choose(ctx.readers())
                    known = STATE_UNAWARE
                    self._went_online(reader)
                states = ctx.wait_change([(reader, known)], self.settings.poll_s)
                if states is None:
                    continue
                state = states[0]
                if state.gone:
                    raise ReaderUnavailable(f"reader {reader!r} was removed")
                known = state.known
                self._card_state(state.present)
            except ServiceUnavailable as exc:
                if ctx is not None:
                    ctx.release()
                    ctx = None
                    with self._lock:
                        self._ctx = None
                reader = None
                self._went_offline(exc)
                self._stop.wait(self.settings.reconnect_s)
            except ReaderUnavailable as exc:
                reader = None
                self._went_offline(exc)
                self._stop.wait(self.settings.reconnect_s)
            except SmartCardError as exc:
                log.warning("pcsc monitor error", extra={"device": self.name, "detail": exc.detail})
                self._stop.wait(self.settings.reconnect_s)
            except Exception:
                log.exception("pcsc monitor crashed; retrying", extra={"device": self.name})
                self._stop.wait(self.settings.reconnect_s)
        if ctx is not None:
            ctx.release()
        with self._lock:
            self._ctx = None

    def _choose(self, readers: list[str]) -> str:
        wanted = self.settings.reader.lower()
        matching = [r for r in readers if wanted in r.lower()]
        usable = [r for r in matching if self.settings.allow_virtual_reader or not _virtual(r)]
        if len(usable) < len(matching) and not self._warned_virtual:
            self._warned_virtual = True
            log.warning(
                "virtual PC/SC reader ignored (vpcd accepts cards over TCP)",
                extra={"device": self.name},
            )
        if not usable:
            raise ReaderUnavailable(
                f"no reader matching {self.settings.reader!r} among {len(readers)} reader(s)"
            )
        return sorted(usable)[0]

    def _went_online(self, reader: str) -> None:
        with self._changed:
            self._reader = reader
            self._offline = None
            self._changed.notify_all()
        self._set_status(DeviceStatus(DeviceState.ONLINE, f"reader {reader}", ONLINE))

    def _went_offline(self, exc: SmartCardError) -> None:
        with self._changed:
            had_card = self._present
            self._reader = None
            self._present = False
            self._offline = exc
            self._changed.notify_all()
        if had_card:
            self._tell(CardRemoved(self.name))
        self._set_status(DeviceStatus(DeviceState.OFFLINE, exc.detail, exc.message))

    def _card_state(self, present: bool) -> None:
        with self._changed:
            if present == self._present:
                return
            self._present = present
            if present:
                self._seq += 1
            self._changed.notify_all()
        log.info(
            "staff card " + ("inserted" if present else "removed"), extra={"device": self.name}
        )
        self._tell(CardInserted(self.name) if present else CardRemoved(self.name))


class _NotOpen(SmartCardError):
    code_default = CompletionCode.DEVICE_NOT_READY


def _virtual(reader: str) -> bool:
    return VIRTUAL_READER_MARK in reader.lower()
