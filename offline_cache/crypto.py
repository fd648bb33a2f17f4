"""AES-256-GCM for personal data at rest in the outbox.

The key lives in a per-terminal file in the data directory, created with mode
0600 and never logged. Each payload is bound (as associated data) to the row it
belongs to, so ciphertexts cannot be swapped between rows unnoticed.
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

log = logging.getLogger(__name__)

_NONCE = 12


class PayloadCipher:
    def __init__(self, key: bytes) -> None:
        if len(key) != 32:
            raise ValueError("an AES-256 key has 32 bytes")
        self._aead = AESGCM(key)

    def __repr__(self) -> str:
        return "PayloadCipher(<key hidden>)"

    @classmethod
    def from_key_file(cls, path: Path) -> PayloadCipher:
        return cls(load_or_create_key(path))

    def seal(self, plaintext: bytes, aad: bytes) -> bytes:
        nonce = os.urandom(_NONCE)
        return nonce + self._aead.encrypt(nonce, plaintext, aad)

    def open(self, blob: bytes, aad: bytes) -> bytes:
        """Raises ``cryptography.exceptions.InvalidTag`` if tampered or mis-bound."""
        return self._aead.decrypt(blob[:_NONCE], blob[_NONCE:], aad)


def load_or_create_key(path: Path) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # O_EXCL: two processes starting at once cannot both write a key
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read_key(path)
    key = AESGCM.generate_key(bit_length=256)
    with os.fdopen(fd, "wb") as f:
        f.write(key)
        f.flush()
        os.fsync(f.fileno())
    log.info("outbox key created", extra={"key_file": path.name})
    return key


def _read_key(path: Path) -> bytes:
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        log.warning("outbox key file was readable by others; tightened", extra={"mode": oct(mode)})
        path.chmod(0o600)
    key = path.read_bytes()
    if len(key) != 32:
        raise ValueError(f"outbox key file {path.name} is damaged (wrong length)")
    return key
