"""The 8A/80 codec, byte for byte."""

from __future__ import annotations

import pytest

from devices.lockers import frames


def test_unlock_request_is_byte_exact() -> None:
    assert frames.encode_unlock(1, 1) == bytes.fromhex("8A 01 01 11 9B")
    assert frames.encode_unlock(31, 24) == bytes.fromhex("8A 1F 18 11 9C")


def test_query_request_is_byte_exact() -> None:
    assert frames.encode_query(1) == bytes.fromhex("80 01 00 33 B2")
    assert frames.encode_query(2) == bytes.fromhex("80 02 00 33 B1")


def test_query_reply_puts_the_highest_channel_group_first() -> None:
    # doors 1, 9 and 24 open: s3=0x80 (ch 24), s2=0x01 (ch 9), s1=0x01 (ch 1)
    bits = 1 << 0 | 1 << 8 | 1 << 23
    frame = frames.encode_query_reply(3, bits)
    assert frame == bytes.fromhex("80 03 80 01 01 33 30")
    reply = frames.decode_reply(frame)
    assert isinstance(reply, frames.QueryReply)
    assert [ch for ch in range(1, 25) if reply.level(ch)] == [1, 9, 24]


def test_unlock_reply_decodes() -> None:
    assert frames.decode_reply(bytes.fromhex("8A 01 01 11 9B")) == frames.UnlockReply(1, 1, 0x11)


def test_requests_decode_as_boards_see_them() -> None:
    assert frames.decode_request(frames.encode_unlock(5, 7)) == frames.UnlockRequest(5, 7)
    assert frames.decode_request(frames.encode_query(5)) == frames.QueryRequest(5)


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (bytes.fromhex("8A 01 01 11 9C"), frames.ChecksumError),
        (bytes.fromhex("8A 01 01 11"), frames.FrameFormatError),
        (bytes.fromhex("8A 00 01 11 9A"), frames.FrameFormatError),  # board 0
        (bytes.fromhex("8A 01 19 11 83"), frames.FrameFormatError),  # channel 25
        (bytes.fromhex("55 01 01 11 44"), frames.FrameFormatError),
        (b"", frames.FrameFormatError),
    ],
)
def test_bad_replies_raise_typed_errors(data: bytes, error: type[Exception]) -> None:
    with pytest.raises(error):
        frames.decode_reply(data)


@pytest.mark.parametrize(("board", "channel"), [(0, 1), (32, 1), (1, 0), (1, 25)])
def test_out_of_range_addresses_are_refused(board: int, channel: int) -> None:
    with pytest.raises(frames.FrameFormatError):
        frames.encode_unlock(board, channel)


def test_reader_finds_frames_behind_noise_and_across_chunks() -> None:
    reader = frames.FrameReader(replies=True)
    stream = (
        b"\x00\xff\x8a"
        + frames.encode_query_reply(2, 0b101)
        + frames.encode_unlock_reply(2, 3, 0x11)
    )
    found = reader.feed(stream[:6]) + reader.feed(stream[6:])
    assert found == [frames.QueryReply(2, 0b101), frames.UnlockReply(2, 3, 0x11)]
    assert reader.dropped == 3


def test_reader_skips_the_echo_of_our_own_query() -> None:
    reader = frames.FrameReader(replies=True)
    found = reader.feed(frames.encode_query(1) + frames.encode_query_reply(1, 4))
    assert found == [frames.QueryReply(1, 4)]
