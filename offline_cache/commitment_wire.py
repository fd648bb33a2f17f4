"""告知承诺制 on the wire, kiosk side: a matter's commitment form as the flows get it
(only when its hash is the hash of what it says), the fields the terminal signs (the
contract's :func:`platform_contract.commitment.commitment_fields`, bound to the case's
idempotency key and the terminal) and the body the platform verifies them from."""

from __future__ import annotations

import logging
from typing import Any

from device_contracts import Text
from flows.commitment import CommitmentForm
from flows.domain import CaseDraft
from platform_contract.commitment import (
    CommitmentFormOut,
    commitment_fields,
    form_fields,
    form_sha256,
)
from platform_contract.seal import SignedFields

log = logging.getLogger(__name__)


def commitment_form(out: CommitmentFormOut | None) -> CommitmentForm | None:
    """The form the resident will read and sign; None when the matter has none, or
    when its stated hash is not the hash of its text (the resident then hands in the
    materials: a form the kiosk cannot vouch for is never shown as binding)."""
    if out is None:
        return None
    fields = form_fields(
        out.form_id, out.version, out.title, out.text, out.consequences, out.replaces
    )
    if form_sha256(fields) != out.sha256:
        log.warning("commitment form hash mismatch", extra={"form_id": out.form_id})
        return None
    return CommitmentForm(
        form_id=out.form_id,
        version=out.version,
        title=Text(out.title.zh, out.title.en),
        text=Text(out.text.zh, out.text.en),
        consequences=tuple(Text(c.zh, c.en) for c in out.consequences),
        replaces=tuple(out.replaces),
        sha256=out.sha256,
    )


def signed_fields_of(draft: CaseDraft) -> SignedFields:
    c = draft.commitment
    assert c is not None
    return commitment_fields(
        form_id=c.form.form_id,
        version=c.form.version,
        form_sha256=c.form.sha256,
        case_key=draft.idempotency_key,
        terminal_id=draft.terminal_id,
        signed_at=c.signed_at,
        strokes=[list(s) for s in c.strokes],
    )


def commitment_to_wire(draft: CaseDraft) -> dict[str, Any]:
    c = draft.commitment
    assert c is not None
    return {
        "form_id": c.form.form_id,
        "version": c.form.version,
        "form_sha256": c.form.sha256,
        "case_key": draft.idempotency_key,
        "terminal_id": draft.terminal_id,
        "signed_at": c.signed_at.isoformat(),
        "strokes": [[list(p) for p in s] for s in c.strokes],
        "key_id": c.key_id,
        "signature": c.signature,
    }
