"""Fuzz the printer-side parsers: job reader and status decoding raise their typed errors only."""

from __future__ import annotations

import contextlib
import random

from devices.base import Receipt, ReceiptLine
from devices.printer import encoder, status
from devices.printer.job_parser import JobParseError, parse_job

CASES = 100_000


def test_job_parser_fuzz() -> None:
    rng = random.Random(7)
    seed = encoder.encode_receipt(
        Receipt(lines=(ReceiptLine("回执：A1", bold=True, large=True),), qr="ZW1:R:A1:0000")
    )
    parsed = 0
    for i in range(CASES):
        if i % 2:
            data = bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 24)))
        else:
            buf = bytearray(seed)
            for _ in range(rng.randint(1, 4)):
                pos = rng.randrange(len(buf))
                if rng.random() < 0.5:
                    buf[pos] = rng.getrandbits(8)
                else:
                    del buf[pos:]
                    if not buf:
                        break
            data = bytes(buf)
        try:
            parse_job(data)
            parsed += 1
        except JobParseError:
            pass
    assert parsed > 0


def test_status_decoder_fuzz() -> None:
    rng = random.Random(8)
    for _ in range(CASES):
        replies = {
            rng.choice((0, 1, 2, 3, 4, 5)): bytes(
                rng.getrandbits(8) for _ in range(rng.randint(0, 2))
            )
        }
        with contextlib.suppress(status.StatusFrameError):
            status.decode_status(replies)
