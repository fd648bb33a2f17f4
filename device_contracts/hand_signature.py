"""A hand signature's strokes (告知承诺制, 电子签名) and the rule that tells a signature
from a dot, a small scribble or one straight line, written once for both sides: the
kiosk's flows refuse such strokes on the pad (``flows.commitment`` says why on screen),
and the platform refuses them again whatever a terminal sends, since a kiosk with a bug,
or a forged request signed with a stolen terminal key, could carry a dot. Here, on the
floor, because both may import it (the flows may not import the wire's package).

Strokes are points ``(x, y, t_ms)`` in a square box of :data:`BOX` units a side
(integers: the signed bytes never depend on how a float is printed) with the time in
milliseconds since the first touch. Pure numbers: no I/O, nothing logged (a signature
is personal data).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from enum import Enum

#: the side of the normalised box the strokes are kept in
BOX = 10_000
Point = tuple[int, int, int]
Stroke = tuple[Point, ...]

# Bounds of well-formed strokes, far above any real signature (a Chinese name of three
# characters is about 30 strokes and a few hundred points), so that a body cannot be made
# huge with them; the pad refuses what exceeds them, so the platform never sees it.
#: strokes in one signature
MAX_STROKES = 64
#: points of all the strokes together: half a minute of drawing at 120 points a second
MAX_POINTS = 4_000
#: milliseconds from the first touch to the last point
MAX_MS = 3_600_000

# What is not a signature. The numbers are for a pad of about 20 x 8 cm sampled at the
# screen's touch rate (60-120 points a second):
#: fewer points than this, all strokes together: a dot or a tap (a short name written
#: by hand gives several hundred)
MIN_POINTS = 20
#: the signature's extent, in box units: its longer side at least 15% of the pad and
#: its shorter side at least 4% (a horizontal or vertical scratch has no height/width)
MIN_LONG_SIDE = 1_500
MIN_SHORT_SIDE = 400
#: one stroke whose every point lies this close to the line between its ends (as a
#: share of that line's length) is a straight line drawn across the pad, not a name
STRAIGHT_TOLERANCE = 0.04


class SignatureFault(Enum):
    """Why strokes are not taken as a signature."""

    # malformed: beyond the bounds (a pad never makes these)
    TOO_MANY_STROKES = "too_many_strokes"
    TOO_MANY_POINTS = "too_many_points"
    NOT_A_POINT = "not_a_point"
    OUTSIDE_BOX = "outside_box"
    TIME_BACKWARDS = "time_backwards"
    # well formed, yet not a signature
    EMPTY = "empty"
    TOO_FEW_POINTS = "too_few_points"
    TOO_SMALL = "too_small"
    STRAIGHT_LINE = "straight_line"


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def strokes_fault(strokes: Sequence[Sequence[Sequence[int]]]) -> SignatureFault | None:
    """Why ``strokes`` are malformed, or None: the counts first (before any point is
    looked at), then each point an ``(x, y, t)`` of integers inside the box, the time
    never going back (within a stroke or from one stroke to the next)."""
    if len(strokes) > MAX_STROKES:
        return SignatureFault.TOO_MANY_STROKES
    if sum(len(stroke) for stroke in strokes) > MAX_POINTS:
        return SignatureFault.TOO_MANY_POINTS
    last_t = 0
    for stroke in strokes:
        for point in stroke:
            if len(point) != 3 or not all(_is_int(v) for v in point):
                return SignatureFault.NOT_A_POINT
            x, y, t = point
            if not (0 <= x <= BOX and 0 <= y <= BOX and 0 <= t <= MAX_MS):
                return SignatureFault.OUTSIDE_BOX
            if t < last_t:
                return SignatureFault.TIME_BACKWARDS
            last_t = t
    return None


def signature_fault(strokes: Sequence[Sequence[Point]]) -> SignatureFault | None:
    """Why ``strokes`` are not a signature (malformed, a dot, a small scribble, one
    straight line), or None when they may be one."""
    malformed = strokes_fault(strokes)
    if malformed is not None:
        return malformed
    points = [p for stroke in strokes for p in stroke]
    if not points:
        return SignatureFault.EMPTY
    if len(points) < MIN_POINTS:
        return SignatureFault.TOO_FEW_POINTS
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    if max(width, height) < MIN_LONG_SIDE:
        return SignatureFault.TOO_SMALL
    if _straight(strokes):
        return SignatureFault.STRAIGHT_LINE
    if min(width, height) < MIN_SHORT_SIDE:
        return SignatureFault.TOO_SMALL  # a flat scratch of several strokes
    return None


def _straight(strokes: Sequence[Sequence[Point]]) -> bool:
    """One stroke, every point near the chord between its ends."""
    if len(strokes) != 1:
        return False
    (x0, y0, _), (x1, y1, _) = strokes[0][0], strokes[0][-1]
    length = math.hypot(x1 - x0, y1 - y0)
    if length == 0:
        return False
    # the distance of each point from the chord's line (cross product over length)
    worst = max(abs((x1 - x0) * (y0 - y) - (x0 - x) * (y1 - y0)) / length for x, y, _ in strokes[0])
    return worst <= STRAIGHT_TOLERANCE * length
