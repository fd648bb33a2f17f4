"""Real-time status (``DLE EOT n``): one byte back per query, decoded into what it means.

Every status byte has bit 1 and bit 4 set and bits 0 and 7 clear; anything
else is not a status byte (a late byte of something else, noise).

    n=1 printer:  bit 3 offline
    n=2 offline:  bit 2 cover open, bit 5 stopped for paper end, bit 6 error
    n=3 error:    bit 3 cutter error, bit 5 unrecoverable, bit 6 auto-recoverable
    n=4 paper:    bits 2+3 near end, bits 5+6 paper end
"""

from __future__ import annotations

from dataclasses import dataclass

DLE_EOT = b"\x10\x04"
QUERIES = (1, 2, 3, 4)


class StatusFrameError(ValueError):
    """The printer's answer is not a status byte."""


def query(n: int) -> bytes:
    if n not in QUERIES:
        raise ValueError(f"DLE EOT {n} is not a status query")
    return DLE_EOT + bytes([n])


def check_byte(value: int) -> int:
    if not 0 <= value <= 0xFF or value & 0x93 != 0x12:
        raise StatusFrameError(f"not a status byte: {value:#04x}")
    return value


@dataclass(frozen=True)
class PrinterStatus:
    offline: bool = False
    cover_open: bool = False
    paper_near_end: bool = False
    paper_out: bool = False
    error: bool = False

    @property
    def can_print(self) -> bool:
        return not (self.offline or self.cover_open or self.paper_out or self.error)


def decode_status(replies: dict[int, bytes]) -> PrinterStatus:
    """Combine the answers to DLE EOT 1..4 (each exactly one byte)."""
    values: dict[int, int] = {}
    for n, data in replies.items():
        if n not in QUERIES:
            raise StatusFrameError(f"no such status query {n}")
        if len(data) != 1:
            raise StatusFrameError(f"status {n}: expected 1 byte, got {len(data)}")
        values[n] = check_byte(data[0])
    printer, offline, error, paper = (values.get(n, 0x12) for n in QUERIES)
    return PrinterStatus(
        offline=bool(printer & 0x08),
        cover_open=bool(offline & 0x04),
        paper_near_end=paper & 0x0C == 0x0C,
        paper_out=paper & 0x60 == 0x60 or bool(offline & 0x20),
        error=bool(offline & 0x40) or bool(error & 0x68),
    )


def encode_status(status: PrinterStatus) -> dict[int, bytes]:
    """The bytes a printer in ``status`` answers (used by the fake printer)."""
    return {
        1: bytes([0x12 | (0x08 if status.offline or not status.can_print else 0)]),
        2: bytes(
            [
                0x12
                | (0x04 if status.cover_open else 0)
                | (0x20 if status.paper_out else 0)
                | (0x40 if status.error else 0)
            ]
        ),
        3: bytes([0x12 | (0x20 if status.error else 0)]),
        4: bytes(
            [0x12 | (0x0C if status.paper_near_end else 0) | (0x60 if status.paper_out else 0)]
        ),
    }
