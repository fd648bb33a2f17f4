"""The staff record on a staff card (layout in docs/adr/0008-staff-card-pcsc.md).

One transparent EF (short file identifier 1) inside the staff-card
application holds one BER-TLV template::

    70 L                       staff record template
       80 01 01                format version (1)
       81 n  <4..10 bytes>     card number: the card's identity, the staff directory's ``card_uid``
       82 n  <ASCII>           staff id, e.g. "C0107" (1..16 of A-Z a-z 0-9 -)
       83 01 01|02             role: 01 clerk, 02 technician
       84 n  <UTF-8>           name as printed on the card (0..60 bytes; may be empty)
       85 08 <YYYYMMDD ASCII>  valid until (optional; absent: no end)

Tags are one byte, lengths BER (one byte below 128, else 81 xx / 82 xx xx).
Unknown tags inside the template are skipped so later versions can add
fields; a record without 80-83, of another version, or longer than
:data:`MAX_RECORD` is refused. The name is personal data: never logged,
hidden from ``repr``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from devices.smartcard.errors import RecordError

TEMPLATE = 0x70
TAG_VERSION = 0x80
TAG_CARD_NUMBER = 0x81
TAG_STAFF_ID = 0x82
TAG_ROLE = 0x83
TAG_NAME = 0x84
TAG_VALID_UNTIL = 0x85

VERSION = 1
#: the whole record, header included, is never longer than this
MAX_RECORD = 1024
#: the short file identifier of the record's EF inside the application
RECORD_SFI = 1

ROLES = {1: "clerk", 2: "technician"}
ROLE_CODES = {name: code for code, name in ROLES.items()}
_STAFF_ID = re.compile(r"[A-Za-z0-9-]{1,16}")
MAX_NAME_BYTES = 60


@dataclass(frozen=True, repr=False)
class StaffRecord:
    """What a staff card says. ``card_number`` (hex) is the card's identity; ``name`` is
    personal data."""

    card_number: str
    staff_id: str
    role: str  # "clerk" / "technician"
    name: str = ""
    valid_until: date | None = None
    atr: str = ""  # filled in by the reader, not part of the record bytes

    def __repr__(self) -> str:
        return f"StaffRecord(role={self.role}, card=...{self.card_number[-4:]})"

    def expired(self, today: date) -> bool:
        return self.valid_until is not None and today > self.valid_until

    def as_json(self) -> dict[str, object]:
        return {
            "card_number": self.card_number,
            "staff_id": self.staff_id,
            "role": self.role,
            "name": self.name,
            "valid_until": self.valid_until.isoformat() if self.valid_until else None,
            "atr": self.atr,
        }


# --------------------------------------------------------------------------- encoding


def _length(n: int) -> bytes:
    if n < 0x80:
        return bytes((n,))
    if n <= 0xFF:
        return bytes((0x81, n))
    return bytes((0x82, n >> 8, n & 0xFF))


def _tlv(tag: int, value: bytes) -> bytes:
    return bytes((tag,)) + _length(len(value)) + value


def encode_record(record: StaffRecord) -> bytes:
    """The EF contents for ``record`` (used to personalise the virtual card)."""
    number = bytes.fromhex(record.card_number)
    if not 4 <= len(number) <= 10:
        raise ValueError("the card number has 4 to 10 bytes")
    if not _STAFF_ID.fullmatch(record.staff_id):
        raise ValueError("staff id: 1 to 16 of A-Z, a-z, 0-9, -")
    if record.role not in ROLE_CODES:
        raise ValueError(f"role must be one of {sorted(ROLE_CODES)}")
    name = record.name.encode("utf-8")
    if len(name) > MAX_NAME_BYTES:
        raise ValueError(f"the name has at most {MAX_NAME_BYTES} UTF-8 bytes")
    body = (
        _tlv(TAG_VERSION, bytes((VERSION,)))
        + _tlv(TAG_CARD_NUMBER, number)
        + _tlv(TAG_STAFF_ID, record.staff_id.encode("ascii"))
        + _tlv(TAG_ROLE, bytes((ROLE_CODES[record.role],)))
        + _tlv(TAG_NAME, name)
    )
    if record.valid_until is not None:
        body += _tlv(TAG_VALID_UNTIL, record.valid_until.strftime("%Y%m%d").encode("ascii"))
    return _tlv(TEMPLATE, body)


# --------------------------------------------------------------------------- decoding


def header_length(head: bytes) -> tuple[int, int]:
    """From the first bytes of the EF: (header length, value length) of the template."""
    if len(head) < 2 or head[0] != TEMPLATE:
        raise RecordError("record does not start with the 70 template")
    first = head[1]
    if first < 0x80:
        return 2, first
    if first == 0x81 and len(head) >= 3:
        return 3, head[2]
    if first == 0x82 and len(head) >= 4:
        return 4, (head[2] << 8) | head[3]
    raise RecordError(f"record template length form {first:02X} not supported")


def _items(body: bytes) -> Iterator[tuple[int, bytes]]:
    i = 0
    while i < len(body):
        if i + 2 > len(body):
            raise RecordError("truncated TLV header")
        tag, first = body[i], body[i + 1]
        i += 2
        if first < 0x80:
            n = first
        elif first == 0x81 and i < len(body):
            n = body[i]
            i += 1
        elif first == 0x82 and i + 1 < len(body):
            n = (body[i] << 8) | body[i + 1]
            i += 2
        else:
            raise RecordError(f"tag {tag:02X}: length form not supported")
        if i + n > len(body):
            raise RecordError(f"tag {tag:02X}: value runs past the record")
        yield tag, body[i : i + n]
        i += n


def decode_record(raw: bytes) -> StaffRecord:
    """The staff record in ``raw`` (the template, trailing bytes ignored); RecordError if not."""
    head, length = header_length(raw[:4])
    if head + length > MAX_RECORD:
        raise RecordError(f"record of {head + length} bytes is longer than {MAX_RECORD}")
    if len(raw) < head + length:
        raise RecordError("record shorter than its template says")
    fields: dict[int, bytes] = {}
    for tag, value in _items(raw[head : head + length]):
        if tag in fields:
            raise RecordError(f"tag {tag:02X} appears twice")
        fields[tag] = value
    missing = [t for t in (TAG_VERSION, TAG_CARD_NUMBER, TAG_STAFF_ID, TAG_ROLE) if t not in fields]
    if missing:
        raise RecordError(f"record lacks tag {missing[0]:02X}")
    if fields[TAG_VERSION] != bytes((VERSION,)):
        raise RecordError(f"record version {fields[TAG_VERSION].hex()} not supported")
    number = fields[TAG_CARD_NUMBER]
    if not 4 <= len(number) <= 10:
        raise RecordError("card number must have 4 to 10 bytes")
    try:
        staff_id = fields[TAG_STAFF_ID].decode("ascii")
        name = fields.get(TAG_NAME, b"").decode("utf-8")
    except UnicodeDecodeError:
        raise RecordError("staff id or name is not valid text") from None
    if not _STAFF_ID.fullmatch(staff_id):
        raise RecordError("staff id has characters outside A-Z a-z 0-9 -")
    if len(name.encode("utf-8")) > MAX_NAME_BYTES:
        raise RecordError("name too long")
    role_byte = fields[TAG_ROLE]
    if len(role_byte) != 1 or role_byte[0] not in ROLES:
        raise RecordError("role must be 01 (clerk) or 02 (technician)")
    valid_until = None
    if TAG_VALID_UNTIL in fields:
        valid_until = _date(fields[TAG_VALID_UNTIL])
    return StaffRecord(number.hex().upper(), staff_id, ROLES[role_byte[0]], name, valid_until)


def _date(value: bytes) -> date:
    text = value.decode("ascii", "replace")
    if len(text) != 8 or not text.isdigit():
        raise RecordError("valid-until is not YYYYMMDD")
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        raise RecordError("valid-until is not a real date") from None
