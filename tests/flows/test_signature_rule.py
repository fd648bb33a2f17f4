"""What is not a signature (issue 21.6): a dot, a scribble too small to read, one
straight stroke across the pad; a name written by hand is one."""

from __future__ import annotations

import math

from flows.commitment import (
    NOT_SIGNED,
    STRAIGHT_LINE,
    TOO_FEW_POINTS,
    TOO_SMALL,
    Stroke,
    signature_refusal,
)


def _line(x0: int, y0: int, x1: int, y1: int, n: int = 40) -> Stroke:
    return tuple((x0 + (x1 - x0) * i // n, y0 + (y1 - y0) * i // n, i * 10) for i in range(n + 1))


def _wave(x0: int, width: int, y: int, amplitude: int, n: int = 80) -> Stroke:
    """A cursive-like stroke: a wave across the pad."""
    return tuple(
        (x0 + width * i // n, y + int(amplitude * math.sin(i / 4)), i * 12) for i in range(n + 1)
    )


def test_nothing_drawn_is_not_signed() -> None:
    assert signature_refusal(()) == NOT_SIGNED


def test_a_dot_is_too_few_points() -> None:
    assert signature_refusal((((5000, 5000, 0), (5003, 5001, 16)),)) == TOO_FEW_POINTS


def test_a_small_scribble_is_too_small() -> None:
    assert signature_refusal((_wave(4000, 800, 5000, 200),)) == TOO_SMALL


def test_one_straight_stroke_is_a_line_not_a_signature() -> None:
    assert signature_refusal((_line(1000, 2000, 8000, 7000),)) == STRAIGHT_LINE
    assert signature_refusal((_line(1000, 5000, 9000, 5000),)) == STRAIGHT_LINE


def test_a_flat_scratch_of_several_strokes_is_too_small() -> None:
    flat = (_line(1000, 5000, 5000, 5050), _line(5200, 5000, 9000, 5100))
    assert signature_refusal(flat) == TOO_SMALL


def test_a_written_name_is_a_signature() -> None:
    name = (
        _wave(1000, 3000, 4000, 1200),
        _line(4500, 2500, 4700, 7000),
        _wave(5500, 3000, 5000, 900),
    )
    assert signature_refusal(name) is None
    assert signature_refusal((_wave(1000, 7000, 5000, 1500),)) is None  # one cursive stroke
