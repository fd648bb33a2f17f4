"""ISO 7816-4 command and response APDUs, as far as the staff card needs them.

Short APDUs only (Lc and Le one byte each). :func:`exchange` sends a command
through any ``transmit`` function and deals with the two "ask again" status
words so callers see one answer: ``61xx`` (more bytes: GET RESPONSE) and
``6Cxx`` (wrong Le: send again with Le = xx).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from devices.smartcard.errors import status_error

SW_OK = 0x9000
#: end of file reached before Le bytes: data is there, only shorter
SW_END_OF_FILE = 0x6282

INS_SELECT = 0xA4
INS_READ_BINARY = 0xB0
INS_GET_RESPONSE = 0xC0


@dataclass(frozen=True)
class Command:
    cla: int
    ins: int
    p1: int
    p2: int
    data: bytes = b""
    le: int | None = None  # None: no Le; 0: up to 256 bytes
    name: str = ""

    def __post_init__(self) -> None:
        for field, value in (
            ("cla", self.cla),
            ("ins", self.ins),
            ("p1", self.p1),
            ("p2", self.p2),
        ):
            if not 0 <= value <= 0xFF:
                raise ValueError(f"{field} must be one byte")
        if len(self.data) > 255:
            raise ValueError("short APDUs carry at most 255 data bytes")
        if self.le is not None and not 0 <= self.le <= 256:
            raise ValueError("Le must be 0..256")

    def to_bytes(self) -> bytes:
        out = bytes((self.cla, self.ins, self.p1, self.p2))
        if self.data:
            out += bytes((len(self.data),)) + self.data
        if self.le is not None:
            out += bytes((self.le & 0xFF,))
        return out

    def with_le(self, le: int) -> Command:
        return Command(self.cla, self.ins, self.p1, self.p2, self.data, le, self.name)


@dataclass(frozen=True)
class Response:
    data: bytes
    sw: int

    @property
    def ok(self) -> bool:
        return self.sw in (SW_OK, SW_END_OF_FILE)

    @classmethod
    def from_bytes(cls, raw: bytes) -> Response:
        if len(raw) < 2:
            raise ValueError("a response APDU has at least SW1 SW2")
        return cls(raw[:-2], (raw[-2] << 8) | raw[-1])


def select_aid(aid: bytes) -> Command:
    """SELECT by DF name (P1 04), first occurrence, no FCI wanted (P2 0C)."""
    if not 5 <= len(aid) <= 16:
        raise ValueError("an AID has 5 to 16 bytes")
    return Command(0x00, INS_SELECT, 0x04, 0x0C, aid, None, "SELECT")


def read_binary(offset: int, length: int, *, sfi: int | None = None) -> Command:
    """READ BINARY ``length`` bytes at ``offset``; with ``sfi`` the EF is chosen by its
    short file identifier (P1 = 100xxxxx, offset 0..255), else the current EF (offset 15 bits)."""
    if not 1 <= length <= 256:
        raise ValueError("read 1 to 256 bytes at a time")
    le = length & 0xFF
    if sfi is not None:
        if not 1 <= sfi <= 30 or not 0 <= offset <= 0xFF:
            raise ValueError("SFI 1..30 with an offset 0..255")
        return Command(0x00, INS_READ_BINARY, 0x80 | sfi, offset, b"", le, "READ BINARY")
    if not 0 <= offset <= 0x7FFF:
        raise ValueError("offset 0..32767")
    return Command(0x00, INS_READ_BINARY, offset >> 8, offset & 0xFF, b"", le, "READ BINARY")


def get_response(length: int) -> Command:
    return Command(0x00, INS_GET_RESPONSE, 0x00, 0x00, b"", length & 0xFF, "GET RESPONSE")


Transmit = Callable[[bytes], bytes]

#: a card that keeps answering 61xx/6Cxx this many times is treated as failing
MAX_CHAINED = 16


def exchange(transmit: Transmit, command: Command) -> Response:
    """Send ``command``; follow 61xx and 6Cxx; raise the typed error for an error status word."""
    response = Response.from_bytes(transmit(command.to_bytes()))
    if response.sw >> 8 == 0x6C and command.le is not None:
        response = Response.from_bytes(transmit(command.with_le(response.sw & 0xFF).to_bytes()))
    data = response.data
    for _ in range(MAX_CHAINED):
        if response.sw >> 8 != 0x61:
            break
        response = Response.from_bytes(transmit(get_response(response.sw & 0xFF).to_bytes()))
        data += response.data
    if not response.ok:
        raise status_error(response.sw, command.name or f"INS {command.ins:02X}")
    return Response(data, response.sw)


def parse_aid(text: str) -> bytes:
    """An AID written as hex (spaces and colons allowed); ValueError in plain words."""
    cleaned = text.replace(" ", "").replace(":", "")
    try:
        aid = bytes.fromhex(cleaned)
    except ValueError:
        raise ValueError("must be hexadecimal, e.g. F05A5A4B5354414646") from None
    if not 5 <= len(aid) <= 16:
        raise ValueError("must be 5 to 16 bytes (10 to 32 hex digits)")
    return aid
