"""告知承诺制 on the wire: the commitment form (承诺书) a matter offers instead of some of
its materials, and the commitment a resident signed by hand at a terminal.

Both sides hash and sign the same bytes, written once here: the platform states each
form's :func:`form_sha256` and the kiosk recomputes it before showing the form; the
terminal signs :func:`commitment_fields` (through :func:`platform_contract.seal.
canonical_bytes`, the seal's canonical form) and the platform verifies them with the
terminal's registered key.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

# the strokes' box and bounds are the hand signature's own, the kiosk's pad's too
from device_contracts.hand_signature import BOX, MAX_MS, MAX_POINTS, MAX_STROKES, strokes_fault
from platform_contract.bilingual import Bilingual
from platform_contract.seal import ALGORITHM, SignedFields, canonical_bytes

COMMITMENT_FORM = "commitment_form"
HAND_SIGNED_COMMITMENT = "hand_signed_commitment"
#: a form's versions, far beyond any (every request number is bounded: a huge one would
#: reach SQLite, which cannot store it)
MAX_FORM_VERSION = 100_000

FormId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{1,40}$")]
#: strict: a float (NaN, 1.5, 1e308) is refused, never rounded into the box
Coordinate = Annotated[int, Field(strict=True, ge=0, le=BOX)]
#: one sample of the pen: x, y in the box, milliseconds since the signing began
Point = tuple[Coordinate, Coordinate, Annotated[int, Field(strict=True, ge=0, le=MAX_MS)]]
Stroke = Annotated[list[Point], Field(min_length=1, max_length=MAX_POINTS)]


def _well_formed(strokes: list[list[Point]]) -> list[list[Point]]:
    """All the points together within bounds, the time never going back (each point
    was checked in the box as it was read)."""
    fault = strokes_fault(strokes)
    if fault is not None:
        raise ValueError(f"the strokes are not well formed: {fault.value}")
    return strokes


#: the strokes of a hand signature, refused as a whole when malformed (before any
#: signature over them is checked)
Strokes = Annotated[
    list[Stroke], Field(min_length=1, max_length=MAX_STROKES), AfterValidator(_well_formed)
]


class CommitmentFormOut(BaseModel):
    """A commitment form (承诺书) as the catalogue serves it."""

    form_id: FormId
    version: int = Field(ge=1, description="a new text is a new version")
    title: Bilingual
    text: Bilingual = Field(description="what the resident commits to")
    consequences: list[Bilingual] = Field(description="of a false commitment (虚假承诺的后果)")
    replaces: list[str] = Field(description="the matter's material codes the commitment replaces")
    sha256: str = Field(description="form_sha256 of the fields above, hex")


class SignedCommitmentIn(BaseModel):
    """The commitment a resident signed at the terminal: the strokes, bound to the form,
    the case and the terminal, and the terminal's signature over them."""

    model_config = ConfigDict(hide_input_in_errors=True)

    form_id: FormId
    version: int = Field(ge=1, le=MAX_FORM_VERSION)
    form_sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
    case_key: str = Field(min_length=8, max_length=128, description="the case's Idempotency-Key")
    terminal_id: str = Field(max_length=40)
    signed_at: datetime
    strokes: Strokes
    algorithm: Literal["Ed25519"] = ALGORITHM
    key_id: str = Field(max_length=64, description="the terminal's signing key (its key_id)")
    signature: str = Field(max_length=200, description="base64 Ed25519 over commitment_fields")


class CaseCommitmentOut(BaseModel):
    """A case's signed commitment as the back office shows it, its signature checked
    again as it is read (the strokes, form, case and terminal as stored, with the key
    the terminal registered)."""

    case_code: str
    matter_code: str
    matter_name: Bilingual
    form_id: str
    version: int
    title: Bilingual | None = Field(
        description="the form's title; None when the catalogue has moved on to another version"
    )
    signed_at: datetime
    terminal_id: str
    key_id: str
    key_fingerprint: str = Field(
        description="SHA-256 of the terminal's raw public key, hex; empty when none is registered"
    )
    verified: bool = Field(description="the stored signature verifies with that key now")
    strokes: list[list[tuple[int, int, int]]] = Field(
        description="as signed, to draw (empty when what is stored is not well formed)"
    )


class SigningKeyIn(BaseModel):
    """A terminal's public signing key, registered for the terminal sending it."""

    algorithm: Literal["Ed25519"] = ALGORITHM
    public_key: str = Field(max_length=100, description="base64 of the 32-byte raw public key")


class SigningKeyOut(BaseModel):
    terminal_id: str
    key_id: str
    registered_at: datetime


def _listed(items: list[str]) -> str:
    return json.dumps(items, ensure_ascii=False, separators=(",", ":"))


def form_fields(
    form_id: str,
    version: int,
    title: Bilingual,
    text: Bilingual,
    consequences: list[Bilingual],
    replaces: list[str],
) -> SignedFields:
    """What a form's hash covers: everything the resident reads and what it stands in for."""
    return {
        "kind": COMMITMENT_FORM,
        "form_id": form_id,
        "version": str(version),
        "title_zh": title.zh,
        "title_en": title.en,
        "text_zh": text.zh,
        "text_en": text.en,
        "consequences_zh": _listed([c.zh for c in consequences]),
        "consequences_en": _listed([c.en for c in consequences]),
        "replaces": _listed(replaces),
    }


def form_sha256(fields: SignedFields) -> str:
    return hashlib.sha256(canonical_bytes(fields)).hexdigest()


def strokes_text(strokes: list[list[tuple[int, int, int]]]) -> str:
    """The strokes as one string: ``x,y,t`` points joined by ``;``, strokes by ``|``."""
    return "|".join(";".join(f"{x},{y},{t}" for x, y, t in stroke) for stroke in strokes)


def commitment_fields(
    *,
    form_id: str,
    version: int,
    form_sha256: str,
    case_key: str,
    terminal_id: str,
    signed_at: datetime,
    strokes: list[list[tuple[int, int, int]]],
) -> SignedFields:
    """What the terminal's signature covers: the strokes, the form, the case, the
    terminal and the time."""
    return {
        "kind": HAND_SIGNED_COMMITMENT,
        "form_id": form_id,
        "version": str(version),
        "form_sha256": form_sha256,
        "case_key": case_key,
        "terminal_id": terminal_id,
        "signed_at": signed_at.isoformat(),
        "strokes": strokes_text(strokes),
    }


def signed_fields(c: SignedCommitmentIn) -> SignedFields:
    """The fields of a received commitment, as the terminal signed them."""
    signed = c.model_dump(exclude={"algorithm", "key_id", "signature"})
    return commitment_fields(**signed)
