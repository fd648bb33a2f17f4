"""The card's 256 text bytes: three layouts, chosen by the card type at byte 248.

Text is UCS-2 little-endian, each field padded with spaces to its fixed size.
``decode_card_text`` turns the bytes into an :class:`~device_contracts.IdentityCard`
after checking what they say (:mod:`device_contracts.id_number`);
``encode_card_text`` is the inverse, used by the simulated SAM and the tests.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from device_contracts import CardType, IdentityCard
from devices.idcard.errors import CardDataError, CardValidationError
from devices.idcard.id_number import BAD_BIRTH, BAD_NUMBER, validate_number
from devices.idcard.nations import nation_name

TEXT_LEN = 256
TYPE_OFFSET = 248
LONG_TERM = "长期"

#: (field, size in bytes) in card order; every layout adds up to 256 bytes
RESIDENT_LAYOUT: tuple[tuple[str, int], ...] = (
    ("name", 30), ("gender", 2), ("nation", 4), ("birth", 16), ("address", 70),
    ("id_number", 36), ("issuer", 30), ("valid_from", 16), ("valid_to", 16), ("reserved", 36),
)  # fmt: skip
#: 外国人永久居留身份证 (card type "I")
FOREIGN_LAYOUT: tuple[tuple[str, int], ...] = (
    ("name_en", 120), ("gender", 2), ("id_number", 30), ("nationality", 6), ("name", 30),
    ("valid_from", 16), ("valid_to", 16), ("birth", 16), ("version", 4), ("issuer", 8),
    ("card_type", 2), ("reserved", 6),
)  # fmt: skip
#: 港澳台居民居住证 (card type "J"): the resident layout, the reserved tail split up
HMT_LAYOUT: tuple[tuple[str, int], ...] = (
    ("name", 30), ("gender", 2), ("reserved1", 4), ("birth", 16), ("address", 70),
    ("id_number", 36), ("issuer", 30), ("valid_from", 16), ("valid_to", 16),
    ("pass_number", 18), ("issue_count", 4), ("reserved2", 6), ("card_type", 2), ("reserved", 6),
)  # fmt: skip

LAYOUTS: Mapping[CardType, tuple[tuple[str, int], ...]] = {
    CardType.RESIDENT: RESIDENT_LAYOUT,
    CardType.FOREIGN: FOREIGN_LAYOUT,
    CardType.HMT: HMT_LAYOUT,
}
TYPE_MARKS: Mapping[CardType, str] = {CardType.FOREIGN: "I", CardType.HMT: "J"}

GENDERS: Mapping[str, str] = {"1": "male", "2": "female"}
GENDER_CODES: Mapping[str, str] = {v: k for k, v in GENDERS.items()}

#: ASCII only, matched whole: ``\d`` takes any Unicode digit, ``$`` a trailing newline
_FOREIGN_NUMBER = re.compile(r"[A-Z]{3}[0-9]{12}", re.ASCII)


def card_type_of(text: bytes) -> CardType:
    mark = text[TYPE_OFFSET : TYPE_OFFSET + 2]
    if mark == b"I\x00":
        return CardType.FOREIGN
    if mark == b"J\x00":
        return CardType.HMT
    return CardType.RESIDENT


def split_fields(text: bytes, layout: tuple[tuple[str, int], ...]) -> dict[str, str]:
    """The layout's fields as strings with the padding removed. CardDataError if not UCS-2."""
    if len(text) != TEXT_LEN:
        raise CardDataError(f"text block is {len(text)} bytes, not {TEXT_LEN}")
    fields: dict[str, str] = {}
    offset = 0
    for name, size in layout:
        try:
            value = text[offset : offset + size].decode("utf-16-le")
        except UnicodeDecodeError:
            raise CardDataError(f"field {name} is not UCS-2") from None
        fields[name] = value.rstrip(" \x00")
        offset += size
    return fields


def decode_card_text(text: bytes) -> IdentityCard:
    """What the card says, checked. CardDataError / CardValidationError otherwise.

    The card has no photo yet: the caller adds the WLT block and decoded photo.
    """
    card_type = card_type_of(text)
    fields = split_fields(text, LAYOUTS[card_type])
    gender = _gender(fields["gender"])
    birth = _date(fields["birth"], "birth")
    valid_from = _date(fields["valid_from"], "valid_from")
    valid_to = None if fields["valid_to"] == LONG_TERM else _date(fields["valid_to"], "valid_to")
    number = fields["id_number"]
    if card_type is CardType.FOREIGN:
        _check_foreign_number(number, birth)
        name_en = fields["name_en"]
        name = fields["name"] or name_en
        nation = fields["nationality"]
        address = ""
    else:
        validate_number(number, birth, gender)
        name_en = ""
        name = fields["name"]
        address = fields["address"]
        if card_type is CardType.RESIDENT:
            found = nation_name(fields["nation"])
            if found is None:
                raise CardDataError("nation code not in GB/T 3304")
            nation = found
        else:
            nation = ""
    if not name:
        raise CardDataError("name field empty")
    return IdentityCard(
        card_type=card_type,
        name=name,
        gender=gender,
        nation=nation,
        birth_date=birth,
        address=address,
        id_number=number,
        issuer=fields["issuer"],
        valid_from=valid_from,
        valid_to=valid_to,
        name_en=name_en,
    )


def encode_card_text(card_type: CardType, fields: Mapping[str, str]) -> bytes:
    """256 text bytes for ``fields`` (raw card values: gender "1"/"2", nation "01", dates
    YYYYMMDD or 长期); the type mark is added. ValueError if a field does not fit."""
    layout = LAYOUTS[card_type]
    known = {name for name, _ in layout}
    unknown = set(fields) - known
    if unknown:
        raise ValueError(f"unknown fields for {card_type.value}: {sorted(unknown)}")
    values = dict(fields)
    if card_type in TYPE_MARKS:
        values["card_type"] = TYPE_MARKS[card_type]
    out = bytearray()
    for name, size in layout:
        raw = values.get(name, "").encode("utf-16-le")
        if len(raw) > size:
            raise ValueError(f"field {name} is longer than {size} bytes")
        out += raw + " ".encode("utf-16-le") * ((size - len(raw)) // 2)
    return bytes(out)


def _gender(code: str) -> str:
    gender = GENDERS.get(code)
    if gender is None:
        raise CardDataError("gender code not 1 or 2")
    return gender


def _date(value: str, field: str) -> date:
    if len(value) != 8 or not value.isascii() or not value.isdigit():
        raise CardDataError(f"{field} is not YYYYMMDD")
    try:
        return date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        raise CardDataError(f"{field} is not a calendar date") from None


def _check_foreign_number(number: str, birth: date) -> None:
    # 15 characters: nationality (3 letters), province (2), birth YYMMDD, sequence and check
    if not _FOREIGN_NUMBER.fullmatch(number):
        raise CardValidationError("foreign card number malformed", BAD_NUMBER)
    if number[5:11] != birth.strftime("%y%m%d"):
        raise CardValidationError("birth date disagrees with card number", BAD_BIRTH)
