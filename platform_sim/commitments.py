"""告知承诺制 at the platform: the terminals' signing keys, and the check a case's
hand-signed commitment must pass before it stands in for the materials it replaces.

A terminal registers the public half of its own Ed25519 key (``POST /signing-keys``,
with its bearer token: the token says which terminal it is). A case that carries a
commitment is accepted only when the signature verifies with a key registered for the
sending terminal, over :func:`platform_contract.commitment.signed_fields`; when the
form (id, version, hash) is the matter's current one; and when the commitment names
this case (its Idempotency-Key) and this terminal. So a signature moved onto another
form, another case or another terminal, or strokes changed after signing, are refused.
Before any of that, the strokes themselves must be a signature by the kiosk's own rule
(``device_contracts.hand_signature``): a dot, a small scribble or one straight line is
refused even when a registered key signed it (a kiosk's bug, a stolen key), and
malformed strokes never reach the parser's end (``platform_contract.commitment``).
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
from datetime import datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from fastapi import APIRouter

from device_contracts.hand_signature import signature_fault
from platform_contract.commitment import (
    SignedCommitmentIn,
    SigningKeyIn,
    SigningKeyOut,
    signed_fields,
)
from platform_contract.schemas import CaseIn, ErrorOut
from platform_contract.seal import canonical_bytes, key_id_of
from platform_sim.auth import Db, Terminal
from platform_sim.clock import now
from platform_sim.errors import ApiError
from platform_sim.routes_public import AUTH_ERRORS
from platform_sim.store.transaction import Tx

log = logging.getLogger(__name__)
router = APIRouter(tags=["terminals"])


@router.post(
    "/signing-keys",
    summary="Register the sending terminal's public signing key (告知承诺 signatures)",
    responses={**AUTH_ERRORS, 422: {"model": ErrorOut}},
)
def register_signing_key(body: SigningKeyIn, who: Terminal, db: Db) -> SigningKeyOut:
    try:
        raw = base64.b64decode(body.public_key, validate=True)
        Ed25519PublicKey.from_public_bytes(raw)
    except (binascii.Error, ValueError):
        raise ApiError(
            422, "invalid_key", "签名公钥格式不正确", "The signing key is not an Ed25519 key"
        ) from None
    key_id = key_id_of(raw)
    at = now()
    with db.tx() as conn:
        # a terminal may hold several keys (a new disk makes a new one): old
        # signatures stay verifiable by the key that made them
        conn.execute(
            "INSERT INTO terminal_signing_keys"
            " (terminal_id, key_id, public_key, registered_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT DO NOTHING",
            (who.terminal_id, key_id, body.public_key, at.isoformat()),
        )
        row = conn.execute(
            "SELECT registered_at FROM terminal_signing_keys WHERE terminal_id = ? AND key_id = ?",
            (who.terminal_id, key_id),
        ).fetchone()
    log.info("signing key registered", extra={"terminal_id": who.terminal_id, "key_id": key_id})
    return SigningKeyOut(
        terminal_id=who.terminal_id,
        key_id=key_id,
        registered_at=datetime.fromisoformat(row["registered_at"]),
    )


def replaced_materials(matter: dict[str, Any], body: CaseIn) -> set[str]:
    """The materials a case's commitment stands in for (none without one; the
    commitment itself is checked by :func:`check_case_commitment`)."""
    form = matter.get("commitment")
    if body.commitment is None or form is None:
        return set()
    return set(form["replaces"])


def _refused(why: str) -> ApiError:
    log.warning("commitment refused", extra={"why": why})
    return ApiError(
        422,
        "commitment_not_verified",
        "承诺书签名校验未通过，请联系工作人员",
        "The signed commitment could not be verified, please ask staff",
    )


def check_case_commitment(
    conn: Tx,
    matter: dict[str, Any],
    body: CaseIn,
    idempotency_key: str,
    terminal_id: str,
) -> None:
    """Return when the case carries no commitment, or one that is this terminal's
    signature over the matter's current form and this case; keep it with the case."""
    c = body.commitment
    if c is None:
        return
    fault = signature_fault(c.strokes)
    if fault is not None:
        log.warning("commitment refused", extra={"why": fault.value})
        raise ApiError(
            422,
            "not_a_signature",
            "承诺书上的签名不是手写签名（一个点、过小的涂画或一条直线），请重新签署",
            "The commitment's signature is not a hand signature (a dot, a small scribble"
            " or a straight line): please sign it again",
        )
    form = matter.get("commitment")
    if form is None:
        raise _refused("the matter takes no commitment")
    if (c.form_id, c.version, c.form_sha256) != (form["form_id"], form["version"], form["sha256"]):
        raise _refused("not the matter's current form")
    if c.case_key != idempotency_key:
        raise _refused("signed for another case")
    if c.terminal_id != terminal_id:
        raise _refused("signed at another terminal")
    _verify(conn, c, terminal_id)
    conn.execute(
        "INSERT INTO case_commitments (idempotency_key, form_id, version,"
        " form_sha256, key_id, signed_at, strokes, signature) VALUES (?,?,?,?,?,?,?,?)"
        " ON CONFLICT (idempotency_key) DO UPDATE SET form_id = excluded.form_id,"
        " version = excluded.version, form_sha256 = excluded.form_sha256,"
        " key_id = excluded.key_id, signed_at = excluded.signed_at,"
        " strokes = excluded.strokes, signature = excluded.signature",
        (
            idempotency_key,
            c.form_id,
            c.version,
            c.form_sha256,
            c.key_id,
            c.signed_at.isoformat(),
            json.dumps(c.strokes, separators=(",", ":")),
            c.signature,
        ),
    )


def _verify(conn: Tx, c: SignedCommitmentIn, terminal_id: str) -> None:
    key = registered_key(conn, terminal_id, c.key_id)
    if key is None:
        raise _refused("no such key registered for the terminal")
    if not signature_verifies(key, c):
        raise _refused("signature does not match")


def registered_key(conn: Tx, terminal_id: str, key_id: str) -> bytes | None:
    """The raw public key ``key_id`` the terminal registered, or None."""
    row = conn.execute(
        "SELECT public_key FROM terminal_signing_keys WHERE terminal_id = ? AND key_id = ?",
        (terminal_id, key_id),
    ).fetchone()
    return None if row is None else base64.b64decode(row["public_key"])


def signature_verifies(public_key: bytes, c: SignedCommitmentIn) -> bool:
    """Whether ``c``'s signature is ``public_key``'s over its fields."""
    key = Ed25519PublicKey.from_public_bytes(public_key)
    try:
        key.verify(base64.b64decode(c.signature, validate=True), canonical_bytes(signed_fields(c)))
    except (InvalidSignature, binascii.Error):
        return False
    return True
