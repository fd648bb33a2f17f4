"""What is not a signature (issue 21.6): a dot, a scribble too small to read, one
straight stroke across the pad; a name written by hand is one."""

from __future__ import annotations

from flows.commitment import (
    NOT_SIGNED,
    SIGN_AGAIN,
    STRAIGHT_LINE,
    TOO_FEW_POINTS,
    TOO_SMALL,
    signature_refusal,
)
from tests.fakes.signatures import WRITTEN_NAME
from tests.fakes.signatures import line as _line
from tests.fakes.signatures import wave as _wave


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
    flat = (_line(1000, 5000, 5000, 5050), _line(5200, 5000, 9000, 5100, t0=600))
    assert signature_refusal(flat) == TOO_SMALL


def test_a_written_name_is_a_signature() -> None:
    assert signature_refusal(WRITTEN_NAME) is None
    assert signature_refusal((_wave(1000, 7000, 5000, 1500),)) is None  # one cursive stroke


def test_a_signature_beyond_the_platforms_bounds_is_signed_again() -> None:
    # the platform would refuse these: the pad's resident is asked to sign again
    held = (_wave(1000, 7000, 5000, 1500, n=5_000),)  # a finger moving for a minute
    assert signature_refusal(held) == SIGN_AGAIN
    assert signature_refusal(WRITTEN_NAME * 30) == SIGN_AGAIN  # 90 strokes
