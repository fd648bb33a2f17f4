"""Fuzz the scanner's line reader and the ZW payload decoder (issue 13 item 15).

100k seeded cases each (random and mutated input, with Unicode digits, whitespace
and astral characters mixed in, the checksum re-sealed on half the mutants so the
later checks are reached), run on the pure functions with no I/O per case; then
hypothesis properties: only the documented error types, chunking never changes
what is read, and everything that decodes re-encodes to the same text.
"""

from __future__ import annotations

import contextlib
import random
from collections.abc import Iterator

from hypothesis import given, settings
from hypothesis import strategies as st

from devices.qr.line_reader import (
    EmptyLine,
    LineError,
    LineReader,
    LineTooLong,
    UndecodableLine,
)
from devices.qr.payload import (
    MAX_CODE,
    VERSION,
    PayloadError,
    PayloadKind,
    code_from_scan,
    crc16_ccitt,
    decode_payload,
    encode_payload,
)

CASES = 100_000
MAX_LINE = 48

#: characters a hostile or broken scanner may send: ASCII, digits of other scripts
#: (Arabic-Indic, fullwidth, Devanagari, superscript, mathematical bold), whitespace
#: that str.strip() removes, controls, a lone surrogate's neighbour, an astral emoji
ODD_CHARS = (
    "0123456789ABCDEFZW:-RAPX az\t"
    "\u0661\u0669\uff11\uff19\u0967\u00b2\u2468\U0001d7ce"
    "\u00a0\u2028\u3000\x1c\x85\x00\x7f\u202e\ufeff\U0001f600"
)


def _payloads() -> list[str]:
    return [
        encode_payload(PayloadKind.RECEIPT, "BJTZ-20261101-0001"),
        encode_payload(PayloadKind.APPOINTMENT, "YY-2026-77"),
        encode_payload(PayloadKind.PICKUP, "482913"),
        encode_payload(PayloadKind.RECEIPT, "x" * MAX_CODE),
    ]


def _reseal(text: str) -> str:
    """Give a mutant the checksum its body deserves (UTF-8 for a non-ASCII body)."""
    body = text.rsplit(":", 1)[0]
    return f"{body}:{crc16_ccitt(body.encode('utf-8', 'surrogatepass')):04X}"


def _payload_inputs(seed: int) -> Iterator[str]:
    rng = random.Random(seed)
    seeds = _payloads()
    for i in range(CASES):
        if i % 4 == 0:
            yield "".join(rng.choice(ODD_CHARS) for _ in range(rng.randint(0, 24)))
            continue
        chars = list(rng.choice(seeds))
        for _ in range(rng.randint(1, 3)):
            op = rng.randrange(4)
            pos = rng.randrange(len(chars) + 1)
            if op == 0 and chars:
                chars[pos % len(chars)] = rng.choice(ODD_CHARS)
            elif op == 1:
                chars.insert(pos, rng.choice(ODD_CHARS))
            elif op == 2 and chars:
                del chars[pos % len(chars)]
            else:
                chars = chars[:pos]
        text = "".join(chars)
        yield _reseal(text) if i % 2 else text


def test_payload_decoder_fuzz_100k_only_payload_errors_and_canonical_round_trip() -> None:
    count = decoded = 0
    for text in _payload_inputs(11):
        count += 1
        try:
            payload = decode_payload(text)
        except PayloadError:
            with contextlib.suppress(PayloadError):
                code_from_scan(text)
            continue
        decoded += 1
        assert payload.version == VERSION
        # whatever is accepted is exactly the one text the encoder makes for it
        assert encode_payload(payload.kind, payload.code) == text.strip()
        assert code_from_scan(text) == payload.code
    print(f"fuzzed {count} QR payloads, {decoded} decoded")
    assert count >= CASES and decoded > 0


def test_a_leading_zero_version_with_a_good_checksum_is_not_taken_for_zw1() -> None:
    """Found by the fuzzer: ``ZW01``/``ZW001`` with a checksum over that body decoded as
    version 1, a second spelling of the same code."""
    for prefix in ("ZW01", "ZW001"):
        body = f"{prefix}:R:CASE-1"
        text = f"{body}:{crc16_ccitt(body.encode('ascii')):04X}"
        try:
            decode_payload(text)
        except PayloadError:
            continue
        raise AssertionError(f"{prefix} accepted as ZW1")


# --------------------------------------------------------------------------- line reader


def _reference(stream: bytes, encoding: str, max_length: int) -> list[str | type[LineError]]:
    """What a line-at-a-time reader must make of a whole stream, written independently."""
    out: list[str | type[LineError]] = []
    segments = stream.replace(b"\r", b"\n").split(b"\n")[:-1]  # the tail is unfinished
    for raw in segments:
        if not raw:
            continue
        if len(raw) > max_length:
            out.append(LineTooLong)
            continue
        try:
            text = raw.decode(encoding).strip().strip("\x00")
        except UnicodeDecodeError:
            out.append(UndecodableLine)
            continue
        if not text:
            out.append(EmptyLine)
        elif not text.isprintable():
            out.append(UndecodableLine)
        else:
            out.append(text)
    return out


def _as_comparable(items: list[str | LineError]) -> list[str | type[LineError]]:
    return [item if isinstance(item, str) else type(item) for item in items]


def _streams(seed: int, encoding: str, cases: int) -> Iterator[bytes]:
    rng = random.Random(seed)
    codes = [p.encode(encoding) for p in _payloads()] + ["回执：A1".encode(encoding), b"x" * 60]
    terminators = (b"\r", b"\n", b"\r\n", b"\n\r")
    for i in range(cases):
        if i % 2:
            yield rng.randbytes(rng.randint(0, 40))
            continue
        buf = bytearray()
        for _ in range(rng.randint(1, 3)):
            buf += rng.choice(codes) + rng.choice(terminators)
        for _ in range(rng.randint(0, 3)):
            pos = rng.randrange(len(buf) + 1)
            buf[pos:pos] = bytes([rng.choice((0x0D, 0x0A, 0x00, 0x1B, 0x80, 0xC3, 0xE4, 0xFF))])
        yield bytes(buf)


def _chunks(rng: random.Random, data: bytes) -> Iterator[bytes]:
    pos = 0
    while pos < len(data):
        step = rng.randint(1, 8)
        yield data[pos : pos + step]
        pos += step


def test_line_reader_fuzz_100k_matches_the_reference_in_any_chunking() -> None:
    count = lines = 0
    for encoding, seed in (("utf-8", 12), ("gb18030", 13)):
        rng = random.Random(seed + 100)
        for stream in _streams(seed, encoding, CASES // 2):
            if count % 2 == 0 and stream:  # half the cases: only some of them chunked
                reader = LineReader(encoding=encoding, max_length=MAX_LINE)
                got: list[str | LineError] = []
                for chunk in _chunks(rng, stream):
                    got += reader.feed(chunk)
            else:
                got = LineReader(encoding=encoding, max_length=MAX_LINE).feed(stream)
            assert _as_comparable(got) == _reference(stream, encoding, MAX_LINE)
            lines += len(got)
            count += 1
    print(f"fuzzed {count} scanner streams, {lines} lines")
    assert count >= CASES


_CODE_TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=20
).map(str.strip)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(_CODE_TEXT.filter(lambda t: t != "" and t.isprintable()), max_size=6),
    st.sampled_from((b"\r", b"\n", b"\r\n")),
    st.lists(st.integers(1, 16), min_size=1, max_size=8),
    st.sampled_from(("utf-8", "gb18030")),
)
def test_codes_round_trip_through_the_line_reader_in_any_chunks(
    codes: list[str], end: bytes, steps: list[int], encoding: str
) -> None:
    codes = [c for c in codes if c.strip("\x00") == c]
    stream = b"".join(c.encode(encoding, "strict") + end for c in codes)
    reader = LineReader(encoding=encoding, max_length=4 * 20 + 4)
    got: list[str | LineError] = []
    pos = i = 0
    while pos < len(stream):
        step = steps[i % len(steps)]
        got += reader.feed(stream[pos : pos + step])
        pos, i = pos + step, i + 1
    assert got == codes


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=80))
def test_any_text_decodes_or_is_a_payload_error(text: str) -> None:
    try:
        payload = decode_payload(text)
    except PayloadError:
        return
    assert encode_payload(payload.kind, payload.code) == text.strip()


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(PayloadKind), st.from_regex(r"[A-Za-z0-9-]{1,64}", fullmatch=True))
def test_every_code_round_trips(kind: PayloadKind, code: str) -> None:
    payload = decode_payload(encode_payload(kind, code))
    assert (payload.kind, payload.code, payload.version) == (kind, code, VERSION)
