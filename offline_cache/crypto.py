"""AES-256-GCM for personal data at rest in the outbox.

The key comes from :mod:`offline_cache.key_source` (a credential or a file made
here with mode 0600) and is never logged. Each payload is bound (as associated data) to the row it
belongs to, so ciphertexts cannot be swapped between rows unnoticed.
"""

from __future__ import annotations

import logging
import os
import secrets
import stat
from collections.abc import Callable
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


class OutboxKeyError(ValueError):
    """The outbox key cannot be had as the site is set up: the kiosk must not start."""


class KeyFileDamaged(OutboxKeyError):
    """The key file is there but does not hold a key (0 bytes, short): the payloads
    sealed with the real key cannot be opened; a technician must restore it."""


def load_or_create_key(path: Path, *, replaceable: Callable[[], bool] | None = None) -> bytes:
    """The 32-byte key in ``path``, made on first use.

    The key appears at ``path`` whole or not at all: it is written to a temporary
    file beside it, fsynced, then hard-linked into place (a link, unlike a rename,
    fails if another process got there first, so two starting at once agree on one
    key) and the directory fsynced. A kill at any point leaves either no key or the
    whole key, never the 0-byte file an in-place write left.

    A key file that is there but damaged (wrong length) is an error, unless
    ``replaceable()`` says nothing was sealed with it (e.g. the outbox holds no
    payload): then a new key replaces it.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return _read_key(path)
    except FileNotFoundError:
        pass
    except KeyFileDamaged:
        if replaceable is None or not replaceable():
            raise
        log.warning("outbox key file damaged and nothing sealed with it; replaced")
        path.unlink()
    return _create_key(path)


def _create_key(path: Path) -> bytes:
    key = AESGCM.generate_key(bit_length=256)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}-{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(key)
            f.flush()
            os.fsync(f.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:
            return _read_key(path)  # another process made it first: use theirs
        _fsync_dir(path.parent)
    finally:
        tmp.unlink(missing_ok=True)
    _remove_stale_temps(path)
    log.info("outbox key created", extra={"key_file": path.name})
    return key


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove_stale_temps(path: Path) -> None:
    """Temporary files of creations killed before their link: never a key in use."""
    for stale in path.parent.glob(f".{path.name}.tmp-*"):
        stale.unlink(missing_ok=True)


def _read_key(path: Path) -> bytes:
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        log.warning("outbox key file was readable by others; tightened", extra={"mode": oct(mode)})
        path.chmod(0o600)
    key = path.read_bytes()
    if len(key) != 32:
        raise KeyFileDamaged(
            f"outbox key file {path} is damaged ({len(key)} bytes, not 32): restore it from "
            "where the site keeps it (the payloads still queued were sealed with it); "
            "see kiosk outbox status for what waits"
        )
    return key
