"""The kiosk checks the platform's electronic seal (电子印章) before it acts on a
sealed answer: a pickup ticket opens a door only when its seal verifies.

The platform's public key is pinned on first use: fetched once (``GET /api/v1/seal``),
kept in the kiosk's data directory, and from then on the only key accepted. A seal
from any other key, a missing seal, or one whose bytes do not match is refused.
"""

from __future__ import annotations

import base64
import binascii
import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pydantic import ValidationError

from device_contracts import Text
from flows.ports import PlatformUnavailable
from offline_cache.errors import UNEXPECTED_ANSWER, unavailable
from platform_contract.seal import (
    DecisionOut,
    SealKeyOut,
    SealOut,
    SignedFields,
    canonical_bytes,
    decision_fields,
    key_id_of,
)

log = logging.getLogger(__name__)

#: the file in the kiosk's data directory that pins the platform's key
PIN_FILE = "platform_seal_key.json"
PICKUP_NOT_VERIFIED = Text(
    "取件信息校验未通过，请联系工作人员",
    "The pickup could not be verified, please ask staff",
)

DECISION_NOT_VERIFIED = Text(
    "办理结果校验未通过，请联系工作人员",
    "The decision on this case could not be verified, please ask staff",
)


class SealRefused(PlatformUnavailable):
    """A sealed answer whose seal is missing, from another key, or not over these bytes.
    Not a refusal of the resident's input (their code may be right): nothing is done."""


class SealVerifier:
    def __init__(self, fetch_key: Callable[[], SealKeyOut], pin_file: Path | None = None) -> None:
        """``fetch_key`` asks the platform; ``pin_file`` keeps the first answer across
        restarts (None: pinned for this verifier's life only, as in tests)."""
        self._fetch_key = fetch_key
        self._pin_file = pin_file
        self._lock = threading.Lock()
        self._pinned: tuple[str, Ed25519PublicKey] | None = None

    def check(self, fields: SignedFields, seal: SealOut | None, refusal: Text) -> None:
        """Return when ``seal`` is the pinned key's over ``fields``; else SealRefused
        with ``refusal`` as the resident's message."""
        if seal is None:
            raise self._refused("missing", refusal)
        key_id, key = self._key()
        if seal.key_id != key_id:
            raise self._refused("another key", refusal)
        try:
            key.verify(base64.b64decode(seal.signature, validate=True), canonical_bytes(fields))
        except (InvalidSignature, binascii.Error):
            raise self._refused("signature does not match", refusal) from None

    def check_decision(self, case_code: str, matter_code: str, decision: DecisionOut) -> None:
        """Return when ``decision`` is sealed by the platform and is this case's (a
        sealed decision moved onto another case is refused as well)."""
        if (decision.case_code, decision.matter_code) != (case_code, matter_code):
            raise self._refused("decision of another case", DECISION_NOT_VERIFIED)
        d = decision
        fields = decision_fields(d.case_code, d.matter_code, d.decision, d.decided_at)
        self.check(fields, d.seal, DECISION_NOT_VERIFIED)

    @staticmethod
    def _refused(why: str, refusal: Text) -> SealRefused:
        # the fields are not logged: a ticket names a case
        log.warning("seal refused", extra={"why": why})
        return SealRefused(refusal, f"seal refused: {why}")

    def _key(self) -> tuple[str, Ed25519PublicKey]:
        with self._lock:
            if self._pinned is None:
                self._pinned = _public_key(self._load_or_pin())
            return self._pinned

    def _load_or_pin(self) -> SealKeyOut:
        if self._pin_file is not None and self._pin_file.exists():
            try:
                return SealKeyOut.model_validate_json(self._pin_file.read_bytes())
            except ValidationError:  # never re-pinned silently: staff remove the file
                raise unavailable("pinned seal key unreadable", UNEXPECTED_ANSWER) from None
        out = self._fetch_key()
        if self._pin_file is not None:
            # written whole or not at all: a torn pin would refuse every ticket
            tmp = self._pin_file.with_suffix(".tmp")
            tmp.write_text(out.model_dump_json())
            os.replace(tmp, self._pin_file)
            log.info("platform seal key pinned", extra={"key_id": out.key_id})
        return out


def _public_key(out: SealKeyOut) -> tuple[str, Ed25519PublicKey]:
    """The key and its id, once the id is checked to be this key's."""
    try:
        raw = base64.b64decode(out.public_key, validate=True)
        key = Ed25519PublicKey.from_public_bytes(raw)
    except (binascii.Error, ValueError):
        raise unavailable("seal key is not an Ed25519 key", UNEXPECTED_ANSWER) from None
    if key_id_of(raw) != out.key_id:
        raise unavailable("seal key id does not name its key", UNEXPECTED_ANSWER)
    return out.key_id, key
