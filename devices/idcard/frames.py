"""GA 467 frames: encode, decode and find them in a stream of bytes.

On the line every frame is ``AA AA AA 96 69``, a 2-byte big-endian length
counting everything after it (checksum included), the body, and a checksum
byte: the XOR of the length bytes and the body (every byte after the
preamble). A command body is ``CMD PARA DATA``; a reply body is
``SW1 SW2 SW3 DATA``. The checksum is always computed here, never copied.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import reduce

from devices.idcard.errors import ChecksumError, FrameError

PREAMBLE = b"\xaa\xaa\xaa\x96\x69"
HEADER_LEN = len(PREAMBLE) + 2
#: the largest body a GA 467 SAM sends: the fingerprint read (2,313 bytes); a
#: little headroom, and anything longer is noise, not a frame to wait for
MAX_LENGTH = 4096
#: a command is at least CMD PARA + checksum; a reply at least SW1 SW2 SW3 + checksum
MIN_COMMAND_LENGTH = 3
MIN_REPLY_LENGTH = 4


def checksum(data: bytes) -> int:
    """XOR of every byte (GA 467 ``CHK_SUM``)."""
    return reduce(lambda a, b: a ^ b, data, 0)


def encode_frame(body: bytes) -> bytes:
    length = len(body) + 1
    if length > 0xFFFF:
        raise ValueError("frame body too long")
    after = length.to_bytes(2, "big") + body
    return PREAMBLE + after + bytes([checksum(after)])


def encode_command(cmd: int, para: int, data: bytes = b"") -> bytes:
    return encode_frame(bytes([cmd, para]) + data)


def encode_reply(sw3: int, data: bytes = b"", sw1: int = 0, sw2: int = 0) -> bytes:
    return encode_frame(bytes([sw1, sw2, sw3]) + data)


@dataclass(frozen=True)
class Command:
    cmd: int
    para: int
    data: bytes = b""

    @property
    def code(self) -> str:
        return f"{self.cmd:02X}{self.para:02X}"


@dataclass(frozen=True, repr=False)
class Reply:
    sw1: int
    sw2: int
    sw3: int
    data: bytes  # may hold personal data: kept out of repr

    def __repr__(self) -> str:
        return f"Reply(sw={self.sw1:02X}{self.sw2:02X}{self.sw3:02X}, {len(self.data)} bytes)"


def decode_frame(raw: bytes, min_length: int = MIN_COMMAND_LENGTH) -> bytes:
    """The body of one complete frame (nothing before or after it). FrameError otherwise."""
    if len(raw) < HEADER_LEN + 1:
        raise FrameError(f"frame too short ({len(raw)} bytes)")
    if raw[: len(PREAMBLE)] != PREAMBLE:
        raise FrameError("no preamble")
    length = int.from_bytes(raw[5:7], "big")
    if not min_length <= length <= MAX_LENGTH:
        raise FrameError(f"length field {length} out of range")
    if len(raw) != HEADER_LEN + length:
        raise FrameError(f"length field {length} but {len(raw) - HEADER_LEN} bytes follow")
    if checksum(raw[5:-1]) != raw[-1]:
        raise ChecksumError("checksum mismatch")
    return raw[HEADER_LEN:-1]


def parse_command(body: bytes) -> Command:
    if len(body) < 2:
        raise FrameError("command body shorter than CMD PARA")
    return Command(body[0], body[1], bytes(body[2:]))


def parse_reply(body: bytes) -> Reply:
    if len(body) < 3:
        raise FrameError("reply body shorter than SW1 SW2 SW3")
    return Reply(body[0], body[1], body[2], bytes(body[3:]))


def decode_reply(raw: bytes) -> Reply:
    return parse_reply(decode_frame(raw, MIN_REPLY_LENGTH))


class FrameScanner:
    """Finds frames in a byte stream, skipping noise; the receive side of both ends.

    ``feed`` bytes as they arrive, then iterate :meth:`frames`: each item is a
    frame body, or a :class:`FrameError` for a frame whose length or checksum
    was wrong (the scanner has already moved past it and resynchronised on the
    next preamble). Bytes before a preamble are dropped and counted.
    """

    def __init__(self, min_length: int = MIN_COMMAND_LENGTH) -> None:
        self._buf = bytearray()
        self._min_length = min_length
        self.noise_bytes = 0

    def feed(self, data: bytes) -> None:
        self._buf += data

    def clear(self) -> None:
        self._buf.clear()

    @property
    def pending(self) -> int:
        return len(self._buf)

    def frames(self) -> Iterator[bytes | FrameError]:
        while True:
            item = self._next()
            if item is None:
                return
            yield item

    def _next(self) -> bytes | FrameError | None:
        buf = self._buf
        while True:
            start = buf.find(PREAMBLE)
            if start < 0:
                # keep a tail that could be the start of a preamble
                keep = _preamble_prefix_len(buf)
                self._drop(len(buf) - keep)
                return None
            if start:
                self._drop(start)
            if len(buf) < HEADER_LEN:
                return None
            length = int.from_bytes(buf[5:7], "big")
            if not self._min_length <= length <= MAX_LENGTH:
                self._drop(1)  # not a real frame start: look for the next preamble
                return FrameError(f"length field {length} out of range")
            if len(buf) < HEADER_LEN + length:
                return None
            frame = bytes(buf[: HEADER_LEN + length])
            if checksum(frame[5:-1]) != frame[-1]:
                self._drop(1)  # the preamble may have been noise: rescan from the next byte
                return ChecksumError("checksum mismatch")
            del buf[: HEADER_LEN + length]
            return frame[HEADER_LEN:-1]

    def _drop(self, count: int) -> None:
        if count > 0:
            del self._buf[:count]
            self.noise_bytes += count


def _preamble_prefix_len(buf: bytearray) -> int:
    for keep in range(min(len(PREAMBLE) - 1, len(buf)), 0, -1):
        if buf[-keep:] == PREAMBLE[:keep]:
            return keep
    return 0
