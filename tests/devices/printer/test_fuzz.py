"""Fuzz the printer-side parsers (issue 13 item 15): the ESC/POS job reader and the
DLE EOT status decoding raise their own typed errors only, and round-trip the encoder.

100k seeded cases each (mutated receipts, command-shaped noise, random bytes; random
status answers), run on the pure functions with no I/O per case, the counts printed;
then hypothesis properties: every receipt the encoder makes reads back as what it
was, and every printer status reads back as itself.
"""

from __future__ import annotations

import contextlib
import random
from collections.abc import Iterator

from hypothesis import given, settings
from hypothesis import strategies as st

from device_contracts import Receipt, ReceiptAlign, ReceiptLine
from devices.printer import encoder, status
from devices.printer.job_parser import (
    Cut,
    JobParseError,
    NewLine,
    Op,
    QrCode,
    SetAlign,
    SetBold,
    SetLarge,
    TextRun,
    parse_job,
)

CASES = 100_000

#: bytes that start or continue commands, so noise often looks like a command
COMMAND_BYTES = (0x1B, 0x1D, 0x1C, 0x10, 0x04, 0x0A, 0x0D, 0x28, 0x6B, 0x31, 0x50, 0x51, 0x56)


def _seeds() -> list[bytes]:
    receipts = [
        Receipt(lines=(ReceiptLine("回执：A1", bold=True, large=True),), qr="ZW1:R:A1:0000"),
        Receipt(
            lines=(
                ReceiptLine("取件回执", align=ReceiptAlign.CENTER),
                ReceiptLine("Case CASE-20261122-000003"),
                ReceiptLine(""),
            ),
            cut=False,
        ),
        Receipt(lines=(ReceiptLine("x" * 40, large=True),), qr="Q" * 300),
    ]
    harmless = b"\x1bt\x00\x1b!\x08\x1bM\x00\x1b2\x10\x04\x01\x1bd\x02\x1dV\x00"
    return [encoder.encode_receipt(r) for r in receipts] + [encoder.INIT + harmless]


def _jobs(seed: int) -> Iterator[bytes]:
    rng = random.Random(seed)
    seeds = _seeds()
    for i in range(CASES):
        kind = i % 4
        if kind == 0:
            yield rng.randbytes(rng.randint(0, 24))
            continue
        if kind == 1:  # command-shaped noise
            yield bytes(
                rng.choice(COMMAND_BYTES) if rng.random() < 0.6 else rng.getrandbits(8)
                for _ in range(rng.randint(1, 24))
            )
            continue
        buf = bytearray(rng.choice(seeds))
        for _ in range(rng.randint(1, 4)):
            op = rng.randrange(5)
            pos = rng.randrange(len(buf) + 1)
            if op == 0 and buf:
                buf[pos % len(buf)] = rng.getrandbits(8)
            elif op == 1:
                buf[pos:pos] = bytes([rng.choice(COMMAND_BYTES)])
            elif op == 2:
                del buf[pos : pos + rng.randint(1, 8)]
            elif op == 3:  # a splice of another job's tail
                other = rng.choice(seeds)
                buf[pos:] = other[rng.randrange(len(other)) :]
            else:
                del buf[pos:]
        yield bytes(buf)


def test_job_parser_fuzz_100k_only_job_parse_errors() -> None:
    count = parsed = 0
    for data in _jobs(7):
        count += 1
        try:
            ops = parse_job(data)
        except JobParseError:
            continue
        parsed += 1
        assert all(isinstance(op, Op) for op in ops)
    print(f"fuzzed {count} ESC/POS jobs, {parsed} parsed")
    assert count >= CASES and parsed > 0


def _replies(rng: random.Random) -> dict[int, bytes]:
    replies: dict[int, bytes] = {}
    for _ in range(rng.randint(0, 5)):
        n = rng.choice((-1, 0, 1, 2, 3, 4, 5, 256))
        if rng.random() < 0.7:  # mostly well-shaped status bytes, some bits flipped
            byte = 0x12 | rng.choice((0, 0x04, 0x08, 0x0C, 0x20, 0x40, 0x60, 0x68))
            if rng.random() < 0.3:
                byte ^= 1 << rng.randrange(8)
            replies[n] = bytes([byte])
        else:
            replies[n] = rng.randbytes(rng.choice((0, 1, 1, 2, 3)))
    return replies


def test_status_decoder_fuzz_100k_only_status_frame_errors() -> None:
    rng = random.Random(8)
    count = decoded = 0
    for _ in range(CASES):
        replies = _replies(rng)
        count += 1
        try:
            got = status.decode_status(replies)
        except status.StatusFrameError:
            assert any(
                n not in status.QUERIES or len(b) != 1 or b[0] & 0x93 != 0x12
                for n, b in replies.items()
            )
            continue
        decoded += 1
        assert isinstance(got, status.PrinterStatus)
    for value in range(-300, 300):  # the single-byte check, every int near a byte's range
        count += 1
        with contextlib.suppress(status.StatusFrameError):
            assert status.check_byte(value) == value and 0 <= value <= 0xFF
    print(f"fuzzed {count} status answers, {decoded} decoded")
    assert count >= CASES and decoded > 0


# --------------------------------------------------------------------------- round trips

_LINE = st.builds(
    ReceiptLine,
    text=st.text(st.characters(codec="utf-8"), max_size=30),
    bold=st.booleans(),
    large=st.booleans(),
    align=st.sampled_from(ReceiptAlign),
)
_RECEIPT = st.builds(
    Receipt,
    lines=st.lists(_LINE, max_size=5).map(tuple),
    qr=st.none() | st.text(min_size=1, max_size=60),
    cut=st.booleans(),
)


def _printed_text(text: str) -> str:
    """What a line reads back as: controls are never sent as text (they are commands)."""
    return "".join("?" if ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 else c for c in text)


@settings(max_examples=500, deadline=None)
@given(_RECEIPT)
def test_every_receipt_reads_back_as_it_was(receipt: Receipt) -> None:
    ops = parse_job(encoder.encode_receipt(receipt))
    texts = [op.text for op in ops if isinstance(op, TextRun)]
    assert texts == [_printed_text(line.text) for line in receipt.lines if line.text]
    assert sum(isinstance(op, NewLine) for op in ops) == len(receipt.lines) + bool(receipt.qr)
    bolds = [op.on for op in ops if isinstance(op, SetBold)][1:]  # after ESC @
    assert bolds == [on for line in receipt.lines if line.bold for on in (True, False)]
    larges = [op.on for op in ops if isinstance(op, SetLarge)][1:]
    assert larges == [on for line in receipt.lines if line.large for on in (True, False)]
    aligns = [op.center for op in ops if isinstance(op, SetAlign)][1:]
    expected = [line.align is ReceiptAlign.CENTER for line in receipt.lines]
    assert aligns == expected + ([True, False] if receipt.qr else [])
    qrs = [op.data for op in ops if isinstance(op, QrCode)]
    assert qrs == ([receipt.qr.encode("utf-8")] if receipt.qr else [])
    assert [op for op in ops if isinstance(op, Cut)] == ([Cut()] if receipt.cut else [])


@settings(max_examples=500, deadline=None)
@given(st.binary(max_size=64))
def test_any_bytes_parse_or_are_a_job_parse_error(data: bytes) -> None:
    with contextlib.suppress(JobParseError):
        parse_job(data)


@settings(max_examples=300, deadline=None)
@given(st.booleans(), st.booleans(), st.booleans(), st.booleans(), st.booleans())
def test_every_printer_status_reads_back_as_itself(
    offline: bool, cover_open: bool, near_end: bool, paper_out: bool, error: bool
) -> None:
    sent = status.PrinterStatus(offline, cover_open, near_end, paper_out, error)
    got = status.decode_status(status.encode_status(sent))
    # a printer that cannot print says so in DLE EOT 1 as well: offline follows can_print
    assert got == status.PrinterStatus(
        offline or not sent.can_print, cover_open, near_end, paper_out, error
    )


def test_a_control_character_in_a_line_is_printed_as_text_never_sent_as_a_command() -> None:
    """Found by the round trip: a matter title or name carrying ``GS V`` cut the paper
    mid-receipt (``ESC @`` reset it, ``0x1F`` made the job unreadable)."""
    receipt = Receipt(lines=(ReceiptLine("户口\x1dV\x00迁入\x1b@"), ReceiptLine("\x1f")), cut=False)
    ops = parse_job(encoder.encode_receipt(receipt))
    assert [op.text for op in ops if isinstance(op, TextRun)] == ["户口?V?迁入?@", "?"]
    assert not any(isinstance(op, Cut) for op in ops)
