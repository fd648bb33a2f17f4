"""The platform's electronic seal (电子印章): one Ed25519 key, made at the simulator's
first start and kept in its own database (the ``meta`` table, never in the repository),
signs each decision and each pickup ticket; ``GET /api/v1/seal`` serves its public half.

What is signed is :func:`platform_contract.seal.canonical_bytes` of the record's fields,
the bytes the kiosk rebuilds to verify.
"""

from __future__ import annotations

import base64
import logging

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from fastapi import APIRouter

from platform_contract.schemas import Bilingual, PickupTicketOut
from platform_contract.seal import (
    SealKeyOut,
    SealOut,
    SignedFields,
    canonical_bytes,
    key_id_of,
    pickup_ticket_fields,
)
from platform_sim.auth import Db
from platform_sim.db import Database
from platform_sim.store.transaction import Tx

log = logging.getLogger(__name__)
_META_KEY = "seal_ed25519_private_key"

router = APIRouter()


def ensure_key(db: Database) -> None:
    """Make the sealing key once, on the first start with this database."""
    with db.tx() as conn:
        _private_key(conn)


def _private_key(conn: Tx) -> Ed25519PrivateKey:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (_META_KEY,)).fetchone()
    if row is not None:
        return Ed25519PrivateKey.from_private_bytes(base64.b64decode(row["value"]))
    key = Ed25519PrivateKey.generate()
    # the 32-byte seed: ``private_bytes_raw`` is the raw private key (cryptography >= 40)
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?)",
        (_META_KEY, base64.b64encode(key.private_bytes_raw()).decode()),
    )
    log.info("seal key made", extra={"key_id": _key_id(key)})
    return key


def _raw_public(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def _key_id(key: Ed25519PrivateKey) -> str:
    return key_id_of(_raw_public(key))


def seal(conn: Tx, fields: SignedFields) -> SealOut:
    """The platform's seal over ``fields``."""
    key = _private_key(conn)
    signature = key.sign(canonical_bytes(fields))
    return SealOut(key_id=_key_id(key), signature=base64.b64encode(signature).decode())


def sealed_ticket(
    conn: Tx, case_code: str, compartment_id: str, matter_name: Bilingual
) -> PickupTicketOut:
    """The pickup ticket a terminal opens a door on, with the platform's seal."""
    fields = pickup_ticket_fields(case_code, compartment_id, matter_name.zh, matter_name.en)
    return PickupTicketOut(
        case_code=case_code,
        matter_name=matter_name,
        compartment_id=compartment_id,
        seal=seal(conn, fields),
    )


@router.get(
    "/seal",
    tags=["health"],
    summary="The platform's public sealing key (no token needed: it is public)",
)
def seal_key(db: Db) -> SealKeyOut:
    with db.tx() as conn:
        key = _private_key(conn)
    raw = _raw_public(key)
    return SealKeyOut(key_id=key_id_of(raw), public_key=base64.b64encode(raw).decode())
