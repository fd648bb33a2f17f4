"""告知承诺制 as the flows see it: a matter's commitment form (承诺书), the strokes of a
hand signature, the rule that tells a signature from a dot or a stray line, and the
commitment as signed (the terminal's key signs it as the case is stored:
``offline_cache.terminal_key``).

Strokes are points ``(x, y, t_ms)`` in a square box of :data:`BOX` units a side
(integers, as the platform's wire has them), whatever the pad's size on screen. What is
not a signature is ``device_contracts.hand_signature``'s rule, the platform's too; here
each of its faults has the words the screen says.
A signature is personal data: never logged, kept in the session until it is wiped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from device_contracts import Text
from device_contracts.hand_signature import BOX as BOX  # the pad's units, as the rule's
from device_contracts.hand_signature import Point as Point
from device_contracts.hand_signature import SignatureFault, signature_fault
from device_contracts.hand_signature import Stroke as Stroke

NOT_SIGNED = Text("请先在签名框内签名", "Please sign in the box first")
TOO_FEW_POINTS = Text(
    "签名太短，请用手指写下您的姓名", "That is too short for a signature: write your name"
)
TOO_SMALL = Text("签名太小，请在框内写大一些", "The signature is too small: write it larger")
STRAIGHT_LINE = Text(
    "一条直线不能作为签名，请写下您的姓名", "A straight line is not a signature: write your name"
)
SIGN_AGAIN = Text(
    "签名过长或无法识别，请清除后重签", "That signature is too long or unreadable: sign again"
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


_SAID: dict[SignatureFault, Text] = {
    SignatureFault.EMPTY: NOT_SIGNED,
    SignatureFault.TOO_FEW_POINTS: TOO_FEW_POINTS,
    SignatureFault.TOO_SMALL: TOO_SMALL,
    SignatureFault.STRAIGHT_LINE: STRAIGHT_LINE,
}


def signature_refusal(strokes: tuple[Stroke, ...]) -> Text | None:
    """Why ``strokes`` are not a signature, as the screen says it, or None when they may
    be one (a malformed or over-long signature, which the platform would refuse too, is
    signed again)."""
    fault = signature_fault(strokes)
    if fault is None:
        return None
    return _SAID.get(fault, SIGN_AGAIN)


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
