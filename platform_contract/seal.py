"""The platform's electronic seal (电子印章) on the wire: what a sealed answer carries,
the key it is checked with, and the exact bytes that are signed.

The simulator signs and the kiosk verifies the bytes :func:`canonical_bytes` makes of
the same fields, so the two sides cannot disagree on what was sealed. Each sealed
record names its ``kind``: a seal on a decision can never pass as a pickup ticket's.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

#: the signature scheme of every seal (RFC 8032)
ALGORITHM: Literal["Ed25519"] = "Ed25519"
PICKUP_TICKET = "pickup_ticket"
DECISION = "decision"

SignedFields = dict[str, str]


class SealOut(BaseModel):
    """The seal on one answer: which key, and its signature over the canonical bytes."""

    key_id: str = Field(description="the sealing key's id (see GET /api/v1/seal)")
    signature: str = Field(description="base64 Ed25519 signature of the canonical JSON")


class SealKeyOut(BaseModel):
    """The platform's public sealing key."""

    key_id: str
    algorithm: Literal["Ed25519"] = ALGORITHM
    public_key: str = Field(description="base64 of the 32-byte raw Ed25519 public key")


class DecisionOut(BaseModel):
    """A sealed decision on a case (审批决定)."""

    case_code: str
    matter_code: str
    decision: Literal["approved", "rejected"]
    decided_at: datetime
    seal: SealOut


def key_id_of(raw_public_key: bytes) -> str:
    """A short, stable name of a public key: the start of its SHA-256."""
    return hashlib.sha256(raw_public_key).hexdigest()[:16]


def canonical_bytes(fields: SignedFields) -> bytes:
    """UTF-8 JSON with sorted keys and no spaces: one byte string per set of fields."""
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def pickup_ticket_fields(
    case_code: str, compartment_id: str, matter_zh: str, matter_en: str
) -> SignedFields:
    """What a pickup ticket's seal covers: the case, the door to open, the matter."""
    door = {"case_code": case_code, "compartment_id": compartment_id}
    return {"kind": PICKUP_TICKET, **door, "matter_zh": matter_zh, "matter_en": matter_en}


def decision_fields(
    case_code: str, matter_code: str, decision: str, decided_at: datetime
) -> SignedFields:
    """What a decision's seal covers: the case, the matter, the decision and its time."""
    what = {"case_code": case_code, "matter_code": matter_code, "decision": decision}
    return {"kind": DECISION, **what, "decided_at": decided_at.isoformat()}
