"""Frames byte for byte: the checksum is computed, the commands match GA 467's bytes."""

from __future__ import annotations

import pytest

from devices.idcard import commands
from devices.idcard.base_info import encode_base_info, parse_base_info
from devices.idcard.errors import CardDataError, ChecksumError, FrameError
from devices.idcard.frames import (
    FrameScanner,
    checksum,
    decode_frame,
    decode_reply,
    encode_command,
    encode_reply,
)


@pytest.mark.parametrize(
    ("spec", "golden"),
    [
        (commands.SAM_STATUS, "AAAAAA9669000311FFED"),
        (commands.SAM_ID, "AAAAAA9669000312FFEE"),
        (commands.FIND_CARD, "AAAAAA96690003200122"),
        (commands.SELECT_CARD, "AAAAAA96690003200221"),
        (commands.READ_BASE, "AAAAAA96690003300132"),
        (commands.READ_BASE_FP, "AAAAAA96690003301023"),
    ],
)
def test_command_frames_are_byte_exact(spec: commands.CommandSpec, golden: str) -> None:
    assert encode_command(spec.cmd, spec.para) == bytes.fromhex(golden)


def test_reply_frames_are_byte_exact() -> None:
    assert encode_reply(0x9F, b"\x00" * 4) == bytes.fromhex("AAAAAA96690008 00009F 00000000 97")
    assert encode_reply(0x80) == bytes.fromhex("AAAAAA96690004 000080 84")


def test_read_base_reply_is_1295_bytes() -> None:
    frame = encode_reply(0x90, encode_base_info(b"\x20\x00" * 128, b"\x01" * 1024))
    assert len(frame) == 1295
    assert frame[5:7] == (1288).to_bytes(2, "big")
    assert frame[-1] == checksum(frame[5:-1])
    info = parse_base_info(decode_reply(frame).data)
    assert len(info.text) == 256 and info.photo_wlt == b"\x01" * 1024


def test_fingerprint_variant_is_accepted() -> None:
    data = encode_base_info(b"\x20\x00" * 128, b"\x01" * 1024, b"\x02" * 1024)
    info = parse_base_info(data, with_fingerprint=True)
    assert info.fingerprint == b"\x02" * 1024


def test_bad_checksum_and_length_are_typed() -> None:
    frame = bytearray(encode_reply(0x90))
    frame[-1] ^= 1
    with pytest.raises(ChecksumError):
        decode_frame(bytes(frame))
    with pytest.raises(FrameError):
        decode_frame(encode_reply(0x90)[:-2])
    with pytest.raises(CardDataError):
        parse_base_info(b"\x01\x00\x04\x00" + b"\x00" * 10)


def test_scanner_skips_noise_and_resyncs_after_a_false_start() -> None:
    good = encode_reply(0x9F, b"\x00" * 4)
    false_start = b"\xaa\xaa\xaa\x96\x69\x00\x06\x00\x00"  # plausible length, wrong bytes
    scanner = FrameScanner(4)
    scanner.feed(b"\x13\x37\xaa" + false_start + good)
    items = list(scanner.frames())
    assert isinstance(items[0], ChecksumError)
    assert items[-1] == good[7:-1]
    assert scanner.noise_bytes > 0


def test_scanner_waits_for_a_frame_split_across_reads() -> None:
    good = encode_reply(0x90, b"abc")
    scanner = FrameScanner(4)
    scanner.feed(good[:3])
    assert list(scanner.frames()) == []
    scanner.feed(good[3:])
    assert list(scanner.frames()) == [good[7:-1]]
