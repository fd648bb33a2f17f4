"""The hand signature's bounds (device_contracts/hand_signature.py), the ones the
platform's parser and the kiosk's pad both hold: counts, the box, the time; and the
rule against a dot, as the platform and the flows apply it."""

from __future__ import annotations

from device_contracts.hand_signature import (
    MAX_POINTS,
    MAX_STROKES,
    SignatureFault,
    signature_fault,
    strokes_fault,
)
from tests.fakes.signatures import WRITTEN_NAME, line


def test_a_written_name_is_well_formed_and_a_signature() -> None:
    assert strokes_fault(WRITTEN_NAME) is None
    assert signature_fault(WRITTEN_NAME) is None


def test_the_counts_are_bounded_before_any_point_is_read() -> None:
    many = tuple(((i, i, i),) for i in range(MAX_STROKES + 1))
    assert strokes_fault(many) is SignatureFault.TOO_MANY_STROKES
    long = (tuple((i % 9000, 100, i) for i in range(MAX_POINTS + 1)),)
    assert strokes_fault(long) is SignatureFault.TOO_MANY_POINTS


def test_each_point_is_three_integers_in_the_box() -> None:
    assert strokes_fault((((5000, 10_001, 0),),)) is SignatureFault.OUTSIDE_BOX
    assert strokes_fault((((5000, -1, 0),),)) is SignatureFault.OUTSIDE_BOX
    assert strokes_fault((((5000, 5000),),)) is SignatureFault.NOT_A_POINT  # type: ignore[arg-type]
    assert strokes_fault((((5000.0, 5000, 0),),)) is SignatureFault.NOT_A_POINT  # type: ignore[arg-type]
    assert strokes_fault((((True, 5000, 0),),)) is SignatureFault.NOT_A_POINT


def test_the_time_never_goes_back() -> None:
    later = line(1000, 1000, 9000, 9000, t0=500)
    earlier = line(1000, 9000, 9000, 1000, t0=0)
    assert strokes_fault((later, earlier)) is SignatureFault.TIME_BACKWARDS
    assert strokes_fault((earlier, later)) is None


def test_a_malformed_signature_is_refused_before_the_rule() -> None:
    dot_outside = (((20_000, 0, 0),),)
    assert signature_fault(dot_outside) is SignatureFault.OUTSIDE_BOX
    assert signature_fault((((5000, 5000, 0),),)) is SignatureFault.TOO_FEW_POINTS
