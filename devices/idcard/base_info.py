"""The reply data of "read base information" (30 01) and its fingerprint variant (30 10)."""

from __future__ import annotations

from dataclasses import dataclass

from devices.idcard.errors import CardDataError
from devices.idcard.text import TEXT_LEN

PHOTO_LEN = 1024
FINGERPRINT_LEN = 1024


@dataclass(frozen=True, repr=False)
class BaseInfo:
    """The raw blocks a card gives (personal data: no repr of the contents)."""

    text: bytes
    photo_wlt: bytes
    fingerprint: bytes = b""

    def __repr__(self) -> str:
        return f"BaseInfo(text={len(self.text)}, photo={len(self.photo_wlt)}, fp={len(self.fingerprint)})"


def parse_base_info(data: bytes, *, with_fingerprint: bool = False) -> BaseInfo:
    """Split ``text length, photo length[, fingerprint length], blocks`` (lengths big-endian)."""
    heads = 3 if with_fingerprint else 2
    if len(data) < 2 * heads:
        raise CardDataError("base information shorter than its length fields")
    lengths = [int.from_bytes(data[2 * i : 2 * i + 2], "big") for i in range(heads)]
    if lengths[0] != TEXT_LEN or lengths[1] != PHOTO_LEN:
        raise CardDataError(f"block lengths {lengths[0]}/{lengths[1]} not {TEXT_LEN}/{PHOTO_LEN}")
    if with_fingerprint and lengths[2] not in (0, FINGERPRINT_LEN):
        raise CardDataError(f"fingerprint length {lengths[2]} not 0 or {FINGERPRINT_LEN}")
    if len(data) != 2 * heads + sum(lengths):
        raise CardDataError(
            f"base information is {len(data)} bytes, lengths say {2 * heads + sum(lengths)}"
        )
    pos = 2 * heads
    text = data[pos : pos + TEXT_LEN]
    photo = data[pos + TEXT_LEN : pos + TEXT_LEN + PHOTO_LEN]
    fingerprint = data[pos + TEXT_LEN + PHOTO_LEN :] if with_fingerprint else b""
    return BaseInfo(bytes(text), bytes(photo), bytes(fingerprint))


def encode_base_info(text: bytes, photo_wlt: bytes, fingerprint: bytes | None = None) -> bytes:
    """The inverse of :func:`parse_base_info` (for the simulated SAM and tests)."""
    out = len(text).to_bytes(2, "big") + len(photo_wlt).to_bytes(2, "big")
    if fingerprint is not None:
        out += len(fingerprint).to_bytes(2, "big")
    return out + text + photo_wlt + (fingerprint or b"")
