"""告知承诺制 as the flows see it: a matter's commitment form (承诺书), the strokes of a
hand signature, the rule that tells a signature from a dot or a stray line, and the
commitment as signed (the terminal's key signs it as the case is stored:
``offline_cache.terminal_key``).

Strokes are points ``(x, y, t_ms)`` in a square box of :data:`BOX` units a side
(integers, as the platform's wire has them), whatever the pad's size on screen.
A signature is personal data: never logged, kept in the session until it is wiped.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from device_contracts import Text

#: the side of the normalised box the strokes are kept in
BOX = 10_000
Point = tuple[int, int, int]
Stroke = tuple[Point, ...]

# What is not a signature (说明 on screen, 重签 offered). The numbers are for a pad of
# about 20 x 8 cm sampled at the screen's touch rate (60-120 points a second):
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

NOT_SIGNED = Text("请先在签名框内签名", "Please sign in the box first")
TOO_FEW_POINTS = Text(
    "签名太短，请用手指写下您的姓名", "That is too short for a signature: write your name"
)
TOO_SMALL = Text("签名太小，请在框内写大一些", "The signature is too small: write it larger")
STRAIGHT_LINE = Text(
    "一条直线不能作为签名，请写下您的姓名", "A straight line is not a signature: write your name"
)
READ_TO_END = Text("请阅读承诺书至末尾后再签署", "Please read the commitment to the end first")


@dataclass(frozen=True)
class CommitmentForm:
    """A matter's commitment form, its hash checked against its text by the client."""

    form_id: str
    version: int
    title: Text
    text: Text
    #: of a false commitment: revoked approval, 失信 record, legal liability
    consequences: tuple[Text, ...]
    #: the matter's material codes the signed commitment stands in for
    replaces: tuple[str, ...]
    sha256: str


@dataclass(frozen=True, repr=False)
class SignedCommitment:
    """The resident's strokes on one form, at one time. ``key_id`` and ``signature``
    are the terminal's, added by the platform port as the case is stored (bound there
    to the case's idempotency key and the terminal's id)."""

    form: CommitmentForm
    strokes: tuple[Stroke, ...]
    signed_at: datetime
    key_id: str = ""
    signature: str = ""

    def __repr__(self) -> str:  # never the strokes
        return f"SignedCommitment({self.form.form_id} v{self.form.version})"


def signature_refusal(strokes: tuple[Stroke, ...]) -> Text | None:
    """Why ``strokes`` are not a signature, or None when they may be one."""
    points = [p for stroke in strokes for p in stroke]
    if not points:
        return NOT_SIGNED
    if len(points) < MIN_POINTS:
        return TOO_FEW_POINTS
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    if max(width, height) < MIN_LONG_SIDE:
        return TOO_SMALL
    if _straight(strokes):
        return STRAIGHT_LINE
    if min(width, height) < MIN_SHORT_SIDE:
        return TOO_SMALL  # a flat scratch of several strokes
    return None


def _straight(strokes: tuple[Stroke, ...]) -> bool:
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


@dataclass
class CommitmentProgress:
    """Where the resident is with the matter's commitment (part of the session)."""

    #: the text was scrolled to its end: 签署 is enabled
    read: bool = False
    #: why the last strokes were refused (the screen says it and offers 重签)
    refusal: Text | None = None
    signed: SignedCommitment | None = None

    def replaced(self, form: CommitmentForm | None) -> tuple[str, ...]:
        """The materials the signed commitment stands in for (none unless it was
        signed on ``form``, the matter's current one)."""
        if form is None or self.signed is None or self.signed.form != form:
            return ()
        return form.replaces
