"""The one QR payload format for receipts, appointment codes and pickup codes.

    ZW1:<kind>:<code>:<crc>

``ZW1`` names the format and its version; ``kind`` is R (receipt / case
code), A (appointment) or P (pickup); ``code`` is the platform's code in
``[A-Za-z0-9-]``; ``crc`` is CRC-16/CCITT-FALSE of everything before the last
colon, four upper-case hex digits. A damaged or foreign code is rejected
with a typed error instead of being taken for a case code.

Every pattern here is ASCII-only (``[0-9]``, ``re.ASCII``): ``\\d`` also takes
Arabic-Indic, fullwidth and other Unicode digits, which ``int()`` accepts but
the ASCII checksum cannot encode (issue 13 item 14). :class:`PayloadError` is
the only error :func:`decode_payload` raises.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

PREFIX = "ZW"
VERSION = 1
MAX_CODE = 64
_CODE = re.compile(rf"[A-Za-z0-9-]{{1,{MAX_CODE}}}", re.ASCII)
# the version has no leading zeros: "ZW01" with a checksum over that body is not a
# second spelling of ZW1 (found by tests/devices/qr/test_fuzz.py)
_PAYLOAD = re.compile(r"ZW(0|[1-9][0-9]{0,2}):([A-Z]):([^:]*):([0-9A-F]{4})", re.ASCII)


class PayloadKind(enum.StrEnum):
    RECEIPT = "R"
    APPOINTMENT = "A"
    PICKUP = "P"


class PayloadError(ValueError):
    """Text that is not a valid kiosk QR payload."""


class MalformedPayload(PayloadError):
    pass


class UnsupportedVersion(PayloadError):
    pass


class ChecksumMismatch(PayloadError):
    pass


@dataclass(frozen=True)
class QrPayload:
    kind: PayloadKind
    code: str
    version: int = VERSION


def crc16_ccitt(data: bytes) -> int:
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) & 0xFFFF if crc & 0x8000 else (crc << 1) & 0xFFFF
    return crc


def encode_payload(kind: PayloadKind, code: str) -> str:
    if not _CODE.fullmatch(code):
        raise MalformedPayload("a code is 1-64 letters, digits or '-'")
    body = f"{PREFIX}{VERSION}:{kind.value}:{code}"
    return f"{body}:{crc16_ccitt(body.encode('ascii')):04X}"


def decode_payload(text: str) -> QrPayload:
    text = text.strip()
    if not text.isascii():  # a ZW payload is ASCII through and through
        raise MalformedPayload("not a ZW payload: non-ASCII characters")
    match = _PAYLOAD.fullmatch(text)
    if match is None:
        raise MalformedPayload("not a ZW payload")
    version, kind, code, crc = match.groups()
    if int(version) != VERSION:
        raise UnsupportedVersion(f"payload version {int(version)} (this kiosk reads {VERSION})")
    try:
        payload_kind = PayloadKind(kind)
    except ValueError:
        raise MalformedPayload(f"unknown kind {kind!r}") from None
    if not _CODE.fullmatch(code):
        raise MalformedPayload("bad code characters")
    body = text.rsplit(":", 1)[0]
    if crc16_ccitt(body.encode("ascii")) != int(crc, 16):
        raise ChecksumMismatch("checksum does not match")
    return QrPayload(payload_kind, code, int(version))


def looks_like_payload(text: str) -> bool:
    return text.strip().startswith(PREFIX) and ":" in text


def code_from_scan(text: str) -> str:
    """The code a scan carries: a checked payload's code, or bare text as it came.

    Bare text (a phone showing a pickup code, an old receipt) is passed on for
    the flows to judge. Raises PayloadError for a ZW payload that fails its checks.
    """
    if looks_like_payload(text):
        return decode_payload(text).code
    return text.strip()
