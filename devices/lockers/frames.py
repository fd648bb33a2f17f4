"""The "8A/80" lock-control board protocol: pure encode and decode, no I/O.

Requests (host -> board), 5 bytes each, ``X`` the XOR of the bytes before it::

    unlock     8A BB CC 11 X      BB board 1-31, CC channel 1-24
    query all  80 BB 00 33 X

Replies (board -> host)::

    unlock     8A BB CC SS X      SS: the lock/door state the board reports
    query all  80 BB s3 s2 s1 33 X
               s3 = channels 24..17, s2 = 16..9, s1 = 8..1, one bit per door sensor

The raw sensor bit is returned as read; which level means "open" is the
site's polarity, applied by the bus adapter.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce

UNLOCK_HEADER = 0x8A
QUERY_HEADER = 0x80
UNLOCK_COMMAND = 0x11
QUERY_COMMAND = 0x33
REQUEST_LENGTH = 5
UNLOCK_REPLY_LENGTH = 5
QUERY_REPLY_LENGTH = 7
MIN_BOARD, MAX_BOARD = 1, 31
MIN_CHANNEL, MAX_CHANNEL = 1, 24


class FrameError(ValueError):
    """Bytes that are not a valid 8A/80 frame."""


class ChecksumError(FrameError):
    """The XOR byte does not match the bytes before it (noise on the bus)."""


class FrameFormatError(FrameError):
    """Wrong header, length, command byte or an address out of range."""


@dataclass(frozen=True)
class UnlockRequest:
    board: int
    channel: int


@dataclass(frozen=True)
class QueryRequest:
    board: int


@dataclass(frozen=True)
class UnlockReply:
    board: int
    channel: int
    state: int  # the board's status byte, as sent


@dataclass(frozen=True)
class QueryReply:
    board: int
    bits: int  # bit (channel - 1) is that channel's raw sensor level

    def level(self, channel: int) -> bool:
        _check_channel(channel)
        return bool(self.bits >> (channel - 1) & 1)


Request = UnlockRequest | QueryRequest
Reply = UnlockReply | QueryReply


def xor(data: bytes) -> int:
    return reduce(lambda a, b: a ^ b, data, 0)


def _check_board(board: int) -> None:
    if not MIN_BOARD <= board <= MAX_BOARD:
        raise FrameFormatError(f"board {board} out of range {MIN_BOARD}-{MAX_BOARD}")


def _check_channel(channel: int) -> None:
    if not MIN_CHANNEL <= channel <= MAX_CHANNEL:
        raise FrameFormatError(f"channel {channel} out of range {MIN_CHANNEL}-{MAX_CHANNEL}")


def _seal(body: bytes) -> bytes:
    return body + bytes([xor(body)])


# --------------------------------------------------------------------------- encode


def encode_unlock(board: int, channel: int) -> bytes:
    _check_board(board)
    _check_channel(channel)
    return _seal(bytes([UNLOCK_HEADER, board, channel, UNLOCK_COMMAND]))


def encode_query(board: int) -> bytes:
    _check_board(board)
    return _seal(bytes([QUERY_HEADER, board, 0x00, QUERY_COMMAND]))


def encode_unlock_reply(board: int, channel: int, state: int) -> bytes:
    _check_board(board)
    _check_channel(channel)
    if not 0 <= state <= 0xFF:
        raise FrameFormatError(f"state byte {state} out of range")
    return _seal(bytes([UNLOCK_HEADER, board, channel, state]))


def encode_query_reply(board: int, bits: int) -> bytes:
    _check_board(board)
    if not 0 <= bits < 1 << MAX_CHANNEL:
        raise FrameFormatError("sensor bits out of range")
    s3, s2, s1 = bits >> 16 & 0xFF, bits >> 8 & 0xFF, bits & 0xFF
    return _seal(bytes([QUERY_HEADER, board, s3, s2, s1, QUERY_COMMAND]))


def encode(frame: Request | Reply) -> bytes:
    if isinstance(frame, UnlockRequest):
        return encode_unlock(frame.board, frame.channel)
    if isinstance(frame, QueryRequest):
        return encode_query(frame.board)
    if isinstance(frame, UnlockReply):
        return encode_unlock_reply(frame.board, frame.channel, frame.state)
    return encode_query_reply(frame.board, frame.bits)


# --------------------------------------------------------------------------- decode


def _checked(data: bytes, length: int) -> bytes:
    if len(data) != length:
        raise FrameFormatError(f"expected {length} bytes, got {len(data)}")
    if xor(data[:-1]) != data[-1]:
        raise ChecksumError(f"checksum {data[-1]:02X} != {xor(data[:-1]):02X}")
    return data


def decode_request(data: bytes) -> Request:
    """A host's request, as a board sees it."""
    frame = _checked(bytes(data), REQUEST_LENGTH)
    header, board, arg, command = frame[0], frame[1], frame[2], frame[3]
    _check_board(board)
    if header == UNLOCK_HEADER and command == UNLOCK_COMMAND:
        _check_channel(arg)
        return UnlockRequest(board, arg)
    if header == QUERY_HEADER and command == QUERY_COMMAND and arg == 0:
        return QueryRequest(board)
    raise FrameFormatError(f"unknown request {header:02X}/{command:02X}")


def decode_reply(data: bytes) -> Reply:
    """A board's reply, as the host sees it."""
    data = bytes(data)
    if not data:
        raise FrameFormatError("empty frame")
    if data[0] == UNLOCK_HEADER:
        frame = _checked(data, UNLOCK_REPLY_LENGTH)
        _check_board(frame[1])
        _check_channel(frame[2])
        return UnlockReply(frame[1], frame[2], frame[3])
    if data[0] == QUERY_HEADER:
        frame = _checked(data, QUERY_REPLY_LENGTH)
        _check_board(frame[1])
        if frame[5] != QUERY_COMMAND:
            raise FrameFormatError(f"query reply command {frame[5]:02X}")
        return QueryReply(frame[1], frame[2] << 16 | frame[3] << 8 | frame[4])
    raise FrameFormatError(f"unknown header {data[0]:02X}")


# --------------------------------------------------------------------------- stream


class FrameReader:
    """Cuts a byte stream into frames, skipping noise and resynchronising on headers.

    ``replies=True`` reads what boards send (8A: 5 bytes, 80: 7 bytes);
    ``False`` reads host requests (5 bytes each). Bad frames are dropped one
    byte at a time so a frame hidden behind noise is still found; the count
    of dropped bytes is kept for the log.
    """

    def __init__(self, *, replies: bool, max_buffer: int = 256) -> None:
        self._replies = replies
        self._buffer = bytearray()
        self._max = max_buffer
        self.dropped = 0

    def _length(self, header: int) -> int:
        if not self._replies:
            return REQUEST_LENGTH
        return UNLOCK_REPLY_LENGTH if header == UNLOCK_HEADER else QUERY_REPLY_LENGTH

    def feed(self, data: bytes) -> list[Request | Reply]:
        self._buffer += data
        frames: list[Request | Reply] = []
        while self._buffer:
            if self._buffer[0] not in (UNLOCK_HEADER, QUERY_HEADER):
                del self._buffer[0]
                self.dropped += 1
                continue
            length = self._length(self._buffer[0])
            if len(self._buffer) < length:
                break
            chunk = bytes(self._buffer[:length])
            try:
                frames.append(decode_reply(chunk) if self._replies else decode_request(chunk))
            except FrameError:
                del self._buffer[0]
                self.dropped += 1
                continue
            del self._buffer[:length]
        if len(self._buffer) > self._max:
            self.dropped += len(self._buffer) - self._max
            del self._buffer[: len(self._buffer) - self._max]
        return frames
