"""Provisional case codes: ``<terminal id>-<EPOCH>-NNNNNN``, unique per terminal for ever.

The sequence ``NNNNNN`` lives in the outbox's SQLite file, so a fresh data
directory for an existing terminal (a replaced disk, a re-imaged kiosk) would
start again at 000001 and repeat codes the platform already holds: it refuses
them (409 ``provisional_code_taken``) and the resident's printed receipt would
name another person's case. The epoch is a random part drawn once per outbox
(and again when the sequence wraps or the platform says an epoch is taken), so
two outboxes of one terminal practically never share it; the outbox re-issues
a code the platform still refuses (:meth:`Outbox.reissue_case_code`).

Codes of outboxes made before the epoch existed (``<terminal>-NNNNNN``) stay valid.
"""

from __future__ import annotations

import secrets

#: Crockford's base 32: no I, L, O, U, so a code read aloud or retyped is not misread
EPOCH_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
EPOCH_LENGTH = 4
EPOCH_SPACE = len(EPOCH_ALPHABET) ** EPOCH_LENGTH
#: the sequence has six digits; past this a new epoch starts
MAX_SEQUENCE = 999_999


def new_epoch(avoid: int | None = None) -> int:
    """A random epoch number in ``[0, EPOCH_SPACE)``, not ``avoid``."""
    while True:
        epoch = secrets.randbelow(EPOCH_SPACE)
        if epoch != avoid:
            return epoch


def epoch_text(epoch: int) -> str:
    if not 0 <= epoch < EPOCH_SPACE:
        raise ValueError("epoch out of range")
    chars = []
    for _ in range(EPOCH_LENGTH):
        epoch, digit = divmod(epoch, len(EPOCH_ALPHABET))
        chars.append(EPOCH_ALPHABET[digit])
    return "".join(reversed(chars))


def provisional_code(terminal_id: str, epoch: int, sequence: int) -> str:
    if not 1 <= sequence <= MAX_SEQUENCE:
        raise ValueError("sequence out of range")
    return f"{terminal_id}-{epoch_text(epoch)}-{sequence:06d}"
