"""The terminal's own signing key (告知承诺制): the kiosk signs each hand-signed
commitment with it, so the platform can tell the signature was made on this terminal,
for this case, on this form.

An Ed25519 key made on the first start and kept in the data directory
(:data:`KEY_FILE`, mode 0600, written whole or not at all by
:func:`offline_cache.crypto.load_or_create_key`: any 32 random bytes are an Ed25519
seed). Its public half is registered with the platform under the terminal's bearer
token before the first commitment is sent (``PlatformClient``).
"""

from __future__ import annotations

import base64
import logging
from dataclasses import replace
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from flows.domain import CaseDraft
from offline_cache.commitment_wire import signed_fields_of
from offline_cache.crypto import load_or_create_key
from platform_contract.seal import canonical_bytes, key_id_of

log = logging.getLogger(__name__)

#: the file in the kiosk's data directory that holds the key's 32-byte seed
KEY_FILE = "terminal_signing.key"


class TerminalKey:
    def __init__(self, key: Ed25519PrivateKey) -> None:
        self._key = key
        raw = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        self.public_key = base64.b64encode(raw).decode()
        self.key_id = key_id_of(raw)

    @classmethod
    def load_or_create(cls, path: Path | None) -> TerminalKey:
        """The key kept at ``path`` (made there on first use); None: a key for this
        process only (tests, a client without a data directory)."""
        if path is None:
            return cls(Ed25519PrivateKey.generate())
        key = cls(Ed25519PrivateKey.from_private_bytes(load_or_create_key(path)))
        log.info("terminal signing key ready", extra={"key_id": key.key_id})
        return key

    def sign(self, draft: CaseDraft) -> CaseDraft:
        """``draft`` with its commitment signed by this key (unchanged without one)."""
        if draft.commitment is None:
            return draft
        unsigned = replace(draft.commitment, key_id=self.key_id, signature="")
        signature = self._key.sign(canonical_bytes(signed_fields_of(draft)))
        signed = replace(unsigned, signature=base64.b64encode(signature).decode())
        return replace(draft, commitment=signed)
