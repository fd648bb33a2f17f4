"""The frame parser fuzzed: random and mutated frames raise only typed protocol errors."""

from __future__ import annotations

import contextlib
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from devices.idcard.base_info import encode_base_info, parse_base_info
from devices.idcard.errors import ProtocolError
from devices.idcard.frames import FrameScanner, decode_reply, encode_reply
from devices.idcard.peer_cards import load_peer_cards
from devices.idcard.text import decode_card_text

FRAMES = 100_000


def parse_everything(raw: bytes) -> None:
    """What the adapter does with bytes from the line, end to end."""
    try:
        reply = decode_reply(raw)
        info = parse_base_info(reply.data)
        decode_card_text(info.text)
    except ProtocolError:
        pass
    scanner = FrameScanner(4)
    scanner.feed(raw)
    for item in scanner.frames():
        if isinstance(item, bytes):
            with contextlib.suppress(ProtocolError):
                decode_card_text(parse_base_info(item[3:]).text)


def seeds() -> list[bytes]:
    cards = load_peer_cards()
    frames = [encode_reply(0x90, encode_base_info(c.text, c.photo_wlt)) for c in cards]
    frames += [encode_reply(sw3) for sw3 in (0x80, 0x81, 0x9F, 0x41, 0x10)]
    return frames


def mutate(rng: random.Random, frame: bytes) -> bytes:
    data = bytearray(frame)
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(5)
        pos = rng.randrange(len(data) + 1)
        if op == 0 and data:
            data[pos % len(data)] = rng.randrange(256)
        elif op == 1:
            del data[pos : pos + rng.randint(1, 64)]
        elif op == 2:
            data[pos:pos] = rng.randbytes(rng.randint(1, 16))
        elif op == 3 and len(data) > 7:  # text bytes rewritten, checksum fixed up
            start = rng.randrange(7, max(8, len(data) - 1))
            data[start : start + 2] = rng.randbytes(2)
            data[-1] = 0
            for b in data[5:-1]:
                data[-1] ^= b
        else:
            data = data[: rng.randrange(len(data) + 1)]
    return bytes(data)


def test_fuzz_100k_frames_only_typed_errors() -> None:
    rng = random.Random(20261111)
    base = seeds()
    count = 0
    for i in range(FRAMES):
        if i % 4 == 0:
            raw = rng.randbytes(rng.randint(0, 64))
            if rng.random() < 0.5:  # random bodies behind a valid header
                raw = encode_reply(rng.randrange(256), raw)
        else:
            raw = mutate(rng, rng.choice(base))
        parse_everything(raw)
        count += 1
    print(f"fuzzed {count} frames")
    assert count >= FRAMES


@settings(max_examples=500, deadline=None)
@given(st.binary(max_size=300), st.integers(0, 255))
def test_any_reply_body_parses_or_raises_a_protocol_error(body: bytes, sw3: int) -> None:
    parse_everything(encode_reply(sw3, body))
    parse_everything(body)
