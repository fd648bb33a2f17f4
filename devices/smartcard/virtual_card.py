"""The project's own virtual staff card, speaking vsmartcard vpcd's socket protocol.

vpcd (the ``vsmartcard-vpcd`` pcscd driver) is a PC/SC reader whose card is
whoever connects to its TCP port; Debian's own ``vicc`` does not run on
Python 3, so this is a small replacement that serves only the staff-card
application. The wire format, both ways, is a 2-byte big-endian length and
that many bytes. A 1-byte message from vpcd is a control: 00 power off,
01 power on, 02 reset, 04 "send your ATR" (the only one answered); anything
longer is a command APDU, answered with the response APDU.

Connecting is inserting the card; closing the socket is taking it away (vpcd
then reports the reader empty). :class:`StaffCardApplet` is the card's logic
(SELECT by AID, READ BINARY of the staff record, ISO 7816-4 status words for
everything else) and is usable without any socket.

Run one by hand against a pcscd with the vpcd driver::

    python -m devices.smartcard.virtual_card --port 35963 --staff-id C0107 --role clerk
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import socket
import struct
import threading
import time
from collections.abc import Callable
from datetime import date

from devices.smartcard.apdu import INS_READ_BINARY, INS_SELECT
from devices.smartcard.record import RECORD_SFI, StaffRecord, encode_record

log = logging.getLogger(__name__)

VPCD_PORT = 35963  # 0x8C7B, vpcd's default
CTRL_OFF, CTRL_ON, CTRL_RESET, CTRL_ATR = 0x00, 0x01, 0x02, 0x04
DEFAULT_AID = bytes.fromhex("F05A5A4B5354414646")

SW_OK = b"\x90\x00"
SW_EOF = b"\x62\x82"
SW_WRONG_LENGTH = b"\x67\x00"
SW_NO_CURRENT_EF = b"\x69\x86"
SW_NOT_FOUND = b"\x6a\x82"
SW_WRONG_P1P2 = b"\x6b\x00"
SW_INS_NOT_SUPPORTED = b"\x6d\x00"
SW_CLA_NOT_SUPPORTED = b"\x6e\x00"

SAMPLE_RECORD = StaffRecord("04A1B2C3D4E5F6", "C0107", "clerk", "王小明", date(2030, 12, 31))


def with_tck(atr: bytes) -> bytes:
    """``atr`` plus its TCK check byte: the XOR of T0 .. the last historical byte (T=1 needs it)."""
    tck = 0
    for b in atr[1:]:
        tck ^= b
    return atr + bytes((tck,))


#: T=0/T=1 ATR (TD1 80, TD2 01) with the historical bytes "ZZKSTAFF"
DEFAULT_ATR = with_tck(bytes.fromhex("3B888001") + b"ZZKSTAFF")


class StaffCardApplet:
    """The card side: one application (``aid``) holding one transparent EF (SFI 1)."""

    def __init__(
        self, record: bytes | StaffRecord = SAMPLE_RECORD, aid: bytes = DEFAULT_AID
    ) -> None:
        self.aid = aid
        self.record = encode_record(record) if isinstance(record, StaffRecord) else record
        self.selected = False
        self.current_ef = False
        #: status words to answer the next commands with instead of handling them (fault injection)
        self.fail_next: list[bytes] = []
        self.commands: list[bytes] = []  # every APDU seen, for tests

    def reset(self) -> None:
        self.selected = False
        self.current_ef = False

    def process(self, apdu: bytes) -> bytes:
        self.commands.append(apdu)
        if self.fail_next:
            return self.fail_next.pop(0)
        if len(apdu) < 4:
            return SW_WRONG_LENGTH
        cla, ins, p1, p2 = apdu[:4]
        if cla != 0x00:
            return SW_CLA_NOT_SUPPORTED
        body = apdu[4:]
        if ins == INS_SELECT:
            return self._select(p1, p2, body)
        if ins == INS_READ_BINARY:
            return self._read_binary(p1, p2, body)
        return SW_INS_NOT_SUPPORTED

    def _select(self, p1: int, p2: int, body: bytes) -> bytes:
        if p1 != 0x04:
            return SW_WRONG_P1P2
        if not body or len(body) < 1 + body[0]:
            return SW_WRONG_LENGTH
        name = body[1 : 1 + body[0]]
        self.current_ef = False
        if name != self.aid:
            self.selected = False
            return SW_NOT_FOUND
        self.selected = True
        if p2 & 0x0C == 0x0C:  # no FCI wanted
            return SW_OK
        fci = b"\x84" + bytes((len(self.aid),)) + self.aid
        return b"\x6f" + bytes((len(fci),)) + fci + SW_OK

    def _read_binary(self, p1: int, p2: int, body: bytes) -> bytes:
        if len(body) > 1:
            return SW_WRONG_LENGTH
        if not self.selected:
            return SW_NOT_FOUND
        if p1 & 0x80:
            if p1 & 0x60 or p1 & 0x1F != RECORD_SFI:
                return SW_NOT_FOUND
            self.current_ef = True
            offset = p2
        else:
            if not self.current_ef:
                return SW_NO_CURRENT_EF
            offset = (p1 << 8) | p2
        le = (body[0] or 256) if body else 256
        if offset > len(self.record):
            return SW_WRONG_P1P2
        data = self.record[offset : offset + le]
        return data + (SW_OK if len(data) == le else SW_EOF)


class VirtualCard:
    """A card in a vpcd reader: :meth:`insert` connects to vpcd, :meth:`remove` disconnects.

    ``connect`` makes the TCP connection (the tests pass one that opens the socket
    inside the private pcscd's network namespace); the default is a plain
    ``socket.create_connection``.
    """

    def __init__(
        self,
        applet: StaffCardApplet | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = VPCD_PORT,
        atr: bytes = DEFAULT_ATR,
        connect: Callable[[str, int, float], socket.socket] | None = None,
    ) -> None:
        self.applet = applet or StaffCardApplet()
        self.host = host
        self.port = port
        self.atr = atr
        self._connect = connect or (lambda h, p, t: socket.create_connection((h, p), timeout=t))
        self._lock = threading.Lock()
        self._sock: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self.powered = False

    @property
    def inserted(self) -> bool:
        with self._lock:
            return self._sock is not None

    def insert(self, timeout: float = 5.0) -> None:
        """Connect to vpcd (retrying until ``timeout``: the driver may still be starting)."""
        if self.inserted:
            return
        deadline = time.monotonic() + timeout
        while True:
            try:
                sock = self._connect(self.host, self.port, 1.0)
                break
            except OSError:
                if time.monotonic() >= deadline:
                    raise
                time.sleep(0.05)
        sock.settimeout(None)
        self.applet.reset()
        with self._lock:
            self._sock = sock
            self._thread = threading.Thread(
                target=self._serve, args=(sock,), name="virtual-card", daemon=True
            )
            self._thread.start()
        log.debug("virtual card inserted", extra={"port": self.port})

    def remove(self) -> None:
        """Take the card away: close the connection (vpcd reports the reader empty)."""
        with self._lock:
            sock, self._sock = self._sock, None
            thread, self._thread = self._thread, None
        if sock is None:
            return
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
        sock.close()
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=2)
        self.powered = False
        log.debug("virtual card removed", extra={"port": self.port})

    close = remove

    def _serve(self, sock: socket.socket) -> None:
        try:
            while True:
                header = _recv_exactly(sock, 2)
                if header is None:
                    break
                (length,) = struct.unpack(">H", header)
                message = _recv_exactly(sock, length) if length else b""
                if message is None:
                    break
                reply = self._handle(message)
                if reply is not None:
                    sock.sendall(struct.pack(">H", len(reply)) + reply)
        except OSError:
            pass  # removed under us
        with self._lock:
            if self._sock is sock:  # vpcd hung up (pcscd stopped): the card is out
                self._sock = None
                self._thread = None
        self.powered = False

    def _handle(self, message: bytes) -> bytes | None:
        if len(message) == 1:
            control = message[0]
            if control == CTRL_ATR:
                return self.atr
            if control == CTRL_OFF:
                self.powered = False
                self.applet.reset()
            elif control in (CTRL_ON, CTRL_RESET):
                self.powered = True
                self.applet.reset()
            return None
        return self.applet.process(message)


def _recv_exactly(sock: socket.socket, n: int) -> bytes | None:
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="a virtual staff card for vpcd")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=VPCD_PORT)
    parser.add_argument("--card-number", default=SAMPLE_RECORD.card_number)
    parser.add_argument("--staff-id", default=SAMPLE_RECORD.staff_id)
    parser.add_argument("--role", choices=["clerk", "technician"], default="clerk")
    parser.add_argument("--name", default="")
    parser.add_argument("--aid", default=DEFAULT_AID.hex())
    args = parser.parse_args(argv)
    record = StaffRecord(args.card_number.upper(), args.staff_id, args.role, args.name)
    card = VirtualCard(
        StaffCardApplet(record, bytes.fromhex(args.aid)), host=args.host, port=args.port
    )
    try:
        card.insert(timeout=10)
    except OSError as exc:
        print(f"Cannot reach vpcd at {args.host}:{args.port}: {exc.strerror or exc}.")
        return 1
    print(f"Virtual staff card inserted at {args.host}:{args.port}; Ctrl-C takes it away.")
    try:
        while card.inserted:
            time.sleep(0.2)
    except KeyboardInterrupt:
        pass
    card.remove()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
