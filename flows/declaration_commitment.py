"""The declaration's commitment step (告知承诺制): for a matter that offers a commitment
form, after the form and before the materials, the resident reads the commitment with
its legal consequences to the end (``commitment``), then signs it by hand
(``signing``); the signed commitment stands in for the materials it names, which the
materials step then does not ask for. :class:`CommitmentStep` is one part of
:class:`~flows.declaration.DeclarationFlow`.
"""

from __future__ import annotations

import logging
from datetime import datetime

from flows.assisted import AssistedFlow
from flows.commitment import READ_TO_END, SignedCommitment, Stroke, signature_refusal
from flows.declaration_machine import DeclarationState
from flows.declaration_session import DeclarationSession

log = logging.getLogger(__name__)

S = DeclarationState


class CommitmentStep(AssistedFlow[DeclarationState]):
    """The commitment screen's and the signature pad's methods."""

    session: DeclarationSession

    def commitment_read(self) -> None:
        """The commitment was scrolled to its end: 签署 may be pressed."""
        c = self.session.commitment
        if self.state is S.COMMITMENT and not c.read:
            c.read = True
            self.session.message = None
            self._changed()

    def begin_signing(self) -> None:
        """签署: to the signature pad, once the commitment was read to its end."""
        if self.state is not S.COMMITMENT:
            return
        if not self.session.commitment.read:
            self.session.message = READ_TO_END
            self._changed()
            return
        self.session.message = None
        self.session.commitment.refusal = None  # an empty pad, no old reason
        self._fire("begin_signing")

    def sign(self, strokes: tuple[Stroke, ...]) -> None:
        """The strokes on the pad, confirmed: kept as the signed commitment and on to
        the materials, or refused with the reason (a dot, a small scribble, a line)."""
        s = self.session
        form = s.matter.commitment if s.matter is not None else None
        if self.state is not S.SIGNING or form is None:
            return
        refusal = signature_refusal(strokes)
        s.commitment.refusal = refusal
        if refusal is not None:
            # the reason only, never the strokes: a signature is personal data
            log.info("signature refused", extra={"flow": "declaration", "why": refusal.en})
            self._changed()
            return
        s.commitment.signed = SignedCommitment(form, strokes, datetime.now().astimezone())
        log.info(
            "commitment signed",
            extra={"flow": "declaration", "form": form.form_id, "version": form.version},
        )
        self._fire("signed")

    def clear_signature(self) -> None:
        """重签: the pad is cleared (by the screen); the reason of a refusal goes."""
        if self.state is S.SIGNING and self.session.commitment.refusal is not None:
            self.session.commitment.refusal = None
            self._changed()
