"""Strokes for the hand-signature tests (告知承诺制): a straight line, a cursive-like
wave, and a short name written across the pad (which is a signature), in the box's
units with the time rising as a finger's would."""

from __future__ import annotations

import math

from device_contracts.hand_signature import Stroke


def line(x0: int, y0: int, x1: int, y1: int, n: int = 40, t0: int = 0) -> Stroke:
    return tuple(
        (x0 + (x1 - x0) * i // n, y0 + (y1 - y0) * i // n, t0 + i * 10) for i in range(n + 1)
    )


def wave(x0: int, width: int, y: int, amplitude: int, n: int = 80, t0: int = 0) -> Stroke:
    """A cursive-like stroke: a wave across the pad."""
    return tuple(
        (x0 + width * i // n, y + int(amplitude * math.sin(i / 4)), t0 + i * 12)
        for i in range(n + 1)
    )


#: a name written by hand: two waves and a down stroke, one after another
WRITTEN_NAME: tuple[Stroke, ...] = (
    wave(1000, 3000, 4000, 1200),
    line(4500, 2500, 4700, 7000, t0=1_200),
    wave(5500, 3000, 5000, 900, t0=1_800),
)
