"""A thin, typed layer over pyscard's raw PC/SC calls (``smartcard.scard``).

pyscard's high-level monitors share one context and hide its errors; the
adapter needs to see exactly when ``pcscd`` went away (to drop the context
and make a new one) and when only the reader did, so it uses the raw calls
through this module. Every PC/SC return code other than success becomes one
of the typed errors in :mod:`devices.smartcard.errors`.

pcsc-lite contexts are not meant to be shared between threads that block in
them, so the monitor and each card read use a context of their own.
Where ``pcscd`` listens is the client library's business: the socket is
``$PCSCLITE_CSOCK_NAME`` (read once per process) or ``/run/pcscd/pcscd.comm``.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass
from typing import Any

from smartcard import scard

from devices.smartcard.errors import (
    CardRemovedError,
    CardUnresponsive,
    NoCard,
    ReaderBusy,
    ReaderUnavailable,
    ServiceUnavailable,
    SmartCardError,
)

log = logging.getLogger(__name__)

_MASK = 0xFFFFFFFF


def _code(name: str) -> int:
    value: int = getattr(scard, name)
    return value & _MASK


SUCCESS = _code("SCARD_S_SUCCESS")
E_TIMEOUT = _code("SCARD_E_TIMEOUT")
E_CANCELLED = _code("SCARD_E_CANCELLED")
E_NO_READERS = _code("SCARD_E_NO_READERS_AVAILABLE")

#: the typed error a failed call's code becomes (any other code: SmartCardError)
_ERROR_BY_CODE: dict[int, type[SmartCardError]] = {
    _code(name): error
    for error, names in (
        # pcscd is gone (or restarted: our handles mean nothing to the new one)
        (
            ServiceUnavailable,
            (
                "SCARD_E_NO_SERVICE",
                "SCARD_E_SERVICE_STOPPED",
                "SCARD_E_INVALID_HANDLE",
                "SCARD_F_COMM_ERROR",
                "SCARD_E_NO_MEMORY",
            ),
        ),
        (
            ReaderUnavailable,
            (
                "SCARD_E_UNKNOWN_READER",
                "SCARD_E_READER_UNAVAILABLE",
                "SCARD_E_NO_READERS_AVAILABLE",
            ),
        ),
        (NoCard, ("SCARD_E_NO_SMARTCARD",)),
        # the card went away or was reset mid-exchange (NOT_TRANSACTED: the reader lost it)
        (
            CardRemovedError,
            ("SCARD_W_REMOVED_CARD", "SCARD_W_RESET_CARD", "SCARD_E_NOT_TRANSACTED"),
        ),
        (
            CardUnresponsive,
            ("SCARD_W_UNRESPONSIVE_CARD", "SCARD_W_UNPOWERED_CARD", "SCARD_E_PROTO_MISMATCH"),
        ),
        (ReaderBusy, ("SCARD_E_SHARING_VIOLATION",)),
    )
    for name in names
}

STATE_UNAWARE = _code("SCARD_STATE_UNAWARE")
STATE_CHANGED = _code("SCARD_STATE_CHANGED")
STATE_UNKNOWN = _code("SCARD_STATE_UNKNOWN")
STATE_UNAVAILABLE = _code("SCARD_STATE_UNAVAILABLE")
STATE_PRESENT = _code("SCARD_STATE_PRESENT")
STATE_MUTE = _code("SCARD_STATE_MUTE")
STATE_IGNORE = _code("SCARD_STATE_IGNORE")


def message(hresult: int) -> str:
    try:
        return str(scard.SCardGetErrorMessage(hresult)).strip().rstrip(".")
    except Exception:  # pyscard may not know a code
        return "unknown PC/SC error"


def error_for(hresult: int, what: str) -> SmartCardError:
    """The typed error for a failed PC/SC call (``what`` names the call, for the log)."""
    code = hresult & _MASK
    detail = f"{what}: {message(code)} (0x{code:08X})"
    return _ERROR_BY_CODE.get(code, SmartCardError)(detail)


def _check(hresult: int, what: str) -> None:
    if hresult & _MASK != SUCCESS:
        raise error_for(hresult, what)


@dataclass(frozen=True)
class ReaderState:
    reader: str
    state: int  # SCARD_STATE_* bits as pcscd reported them
    atr: bytes

    @property
    def gone(self) -> bool:
        return bool(self.state & (STATE_UNKNOWN | STATE_IGNORE))

    @property
    def present(self) -> bool:
        return bool(self.state & STATE_PRESENT) and not self.state & STATE_MUTE

    @property
    def mute(self) -> bool:
        return bool(self.state & STATE_MUTE)

    @property
    def known(self) -> int:
        """What to pass back as the current state to wait for the next change."""
        return self.state & ~STATE_CHANGED


class Context:
    """One PC/SC context (``SCardEstablishContext``). Raises ServiceUnavailable when pcscd is not there."""

    def __init__(self) -> None:
        hresult, handle = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        _check(hresult, "SCardEstablishContext")
        self._handle: Any = handle
        self._released = False

    def readers(self) -> list[str]:
        """Every reader pcscd has now ([] when none)."""
        hresult, readers = scard.SCardListReaders(self._handle, [])
        if hresult & _MASK == E_NO_READERS:
            return []
        _check(hresult, "SCardListReaders")
        return [str(r) for r in readers]

    def wait_change(
        self, states: list[tuple[str, int]], timeout_s: float
    ) -> list[ReaderState] | None:
        """Block until a reader's state differs from the one given (None: timed out / cancelled)."""
        ms = max(0, int(timeout_s * 1000))
        hresult, new = scard.SCardGetStatusChange(self._handle, ms, states)
        code = hresult & _MASK
        if code in (E_TIMEOUT, E_CANCELLED):
            return None
        _check(hresult, "SCardGetStatusChange")
        return [ReaderState(str(r), int(s) & _MASK, bytes(atr)) for r, s, atr in new]

    def connect(self, reader: str) -> Card:
        hresult, card, protocol = scard.SCardConnect(
            self._handle,
            reader,
            scard.SCARD_SHARE_SHARED,
            scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1,
        )
        _check(hresult, "SCardConnect")
        return Card(card, int(protocol))

    def cancel(self) -> None:
        """Wake a ``wait_change`` blocked in another thread (safe to call at any time)."""
        if not self._released:
            with contextlib.suppress(Exception):
                scard.SCardCancel(self._handle)

    def release(self) -> None:
        if self._released:
            return
        self._released = True
        try:
            scard.SCardReleaseContext(self._handle)
        except Exception:  # the daemon may be gone already; nothing to give back then
            log.debug("release context failed", exc_info=True)

    def __enter__(self) -> Context:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release()


class Card:
    """A connection to the card in one reader (``SCardConnect``, shared mode)."""

    def __init__(self, handle: Any, protocol: int) -> None:
        self._handle = handle
        self._pci = (
            scard.SCARD_PCI_T1 if protocol == scard.SCARD_PROTOCOL_T1 else scard.SCARD_PCI_T0
        )
        self._in_transaction = False

    def atr(self) -> bytes:
        hresult, _reader, _state, _protocol, atr = scard.SCardStatus(self._handle)
        _check(hresult, "SCardStatus")
        return bytes(atr)

    def begin(self) -> None:
        """Hold the card for a sequence of APDUs (no other program interleaves)."""
        _check(scard.SCardBeginTransaction(self._handle), "SCardBeginTransaction")
        self._in_transaction = True

    def transmit(self, apdu: bytes) -> bytes:
        hresult, response = scard.SCardTransmit(self._handle, self._pci, list(apdu))
        _check(hresult, "SCardTransmit")
        return bytes(response)

    def close(self) -> None:
        """End the transaction and disconnect, leaving the card powered; never raises."""
        if self._in_transaction:
            self._in_transaction = False
            with contextlib.suppress(Exception):
                scard.SCardEndTransaction(self._handle, scard.SCARD_LEAVE_CARD)
        with contextlib.suppress(Exception):
            scard.SCardDisconnect(self._handle, scard.SCARD_LEAVE_CARD)

    def __enter__(self) -> Card:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
