"""The declaration's commitment step on its two screens (告知承诺制): the commitment to
read, the pad to sign on, and what the materials and review screens are given once it
is signed (the replaced materials are not asked for)."""

from __future__ import annotations

from dataclasses import replace

from flows.commitment import SignedCommitment
from flows.domain import Matter
from kiosk.flow_api import DeclarationFlowPort, DeclarationSessionView
from kiosk.ui.screens.commitment import CommitmentScreen, SigningScreen

STATES = frozenset({"commitment", "signing"})


def render_commitment(
    state: str,
    s: DeclarationSessionView,
    reading: CommitmentScreen,
    signing: SigningScreen,
) -> None:
    if state == "commitment":
        reading.show_commitment(s.matter, s.commitment.read)
    elif state == "signing":
        signing.show_signing(s.commitment.refusal)


def signed(s: DeclarationSessionView) -> SignedCommitment | None:
    """The signed commitment that stands in for materials now (None: none)."""
    if s.matter is None or not s.commitment.replaced(s.matter.commitment):
        return None
    return s.commitment.signed


def committed_codes(s: DeclarationSessionView) -> tuple[str, ...]:
    """The materials the signed commitment stands in for (none without one)."""
    return s.commitment.replaced(s.matter.commitment) if s.matter is not None else ()


def materials_to_capture(s: DeclarationSessionView) -> Matter | None:
    """The matter as the materials screen shows it: without the materials the signed
    commitment replaces (no page is asked for them)."""
    if s.matter is None:
        return None
    replaced = committed_codes(s)
    if not replaced:
        return s.matter
    return replace(
        s.matter, materials=tuple(m for m in s.matter.materials if m.code not in replaced)
    )


def connect_commitment(
    flow: DeclarationFlowPort, reading: CommitmentScreen, signing: SigningScreen
) -> None:
    reading.read_to_end.connect(flow.commitment_read)
    reading.sign_clicked.connect(flow.begin_signing)
    signing.confirmed.connect(flow.sign)
    signing.cleared.connect(flow.clear_signature)
