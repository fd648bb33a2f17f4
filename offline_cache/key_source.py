"""Where the outbox's AES key comes from: never beside the data on a real site.

In order:

1. a systemd credential ``outbox-key`` in ``$CREDENTIALS_DIRECTORY``
   (``LoadCredentialEncrypted=outbox-key:/etc/zizhu-kiosk/outbox.key.cred`` in the
   unit: systemd decrypts it with the TPM/host key into a private, read-only
   directory only the service sees);
2. a root-only file named by the site config (``data.outbox_key_file``) or,
   when the config names none, by ``$KIOSK_OUTBOX_KEY_FILE`` (e.g.
   ``/etc/zizhu-kiosk/outbox.key``, mode 0600, outside the data directory and
   its backups); created there on first start if absent;
3. demo and development only: ``outbox.key`` beside the database in the data
   directory (logged as a warning). A caller that is a site (``kiosk run`` against
   a real platform) passes ``beside_data_ok=False`` and gets
   :class:`KeyNotConfigured` instead: a key copied with the data protects nothing.

The key is 32 raw bytes and is never logged; only the source's kind is.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping
from pathlib import Path

from offline_cache.crypto import OutboxKeyError, load_or_create_key

log = logging.getLogger(__name__)

CREDENTIAL_NAME = "outbox-key"
KEY_FILE_ENV = "KIOSK_OUTBOX_KEY_FILE"
DEMO_KEY_FILE = "outbox.key"


class KeyNotConfigured(OutboxKeyError):
    """A site names no place for the key outside the data directory."""


def outbox_key(
    data_dir: Path,
    env: Mapping[str, str] | None = None,
    *,
    key_file: Path | None = None,
    replaceable: Callable[[], bool] | None = None,
    beside_data_ok: bool = True,
) -> bytes:
    """The key for the outbox in ``data_dir``; ``key_file`` is the site config's choice.
    ``replaceable()``: nothing is sealed with the current key, so a damaged key file
    may be replaced by a new key (see :func:`offline_cache.crypto.load_or_create_key`)."""
    env = os.environ if env is None else env
    cred_dir = env.get("CREDENTIALS_DIRECTORY")
    if cred_dir:
        credential = Path(cred_dir) / CREDENTIAL_NAME
        if credential.is_file():
            key = credential.read_bytes()
            if len(key) != 32:
                raise ValueError(f"credential {CREDENTIAL_NAME} must hold 32 raw bytes")
            log.info("outbox key from systemd credential")
            return key
    named_by = "data.outbox_key_file"
    if key_file is None and env.get(KEY_FILE_ENV):
        key_file, named_by = Path(env[KEY_FILE_ENV]), KEY_FILE_ENV
    if key_file is not None:
        if key_file.resolve().is_relative_to(data_dir.resolve()):
            raise ValueError(f"{named_by} must not point into the data directory")
        log.info("outbox key from key file outside the data directory")
        return load_or_create_key(key_file, replaceable=replaceable)
    if not beside_data_ok:
        raise KeyNotConfigured(
            "refusing to start: the outbox key would be kept beside the data it protects "
            f"({data_dir / DEMO_KEY_FILE}). Give it a place outside the data directory: "
            f"a systemd credential {CREDENTIAL_NAME} (LoadCredential= in the unit, as "
            "install.sh sets up), data.outbox_key_file in the site config, or "
            f"${KEY_FILE_ENV}"
        )
    log.warning(
        "demo mode: outbox key kept beside the data; on a site set a systemd credential "
        f"{CREDENTIAL_NAME}, data.outbox_key_file or {KEY_FILE_ENV}"
    )
    return load_or_create_key(data_dir / DEMO_KEY_FILE, replaceable=replaceable)
