"""Checks on an 18-character ID number: the ISO 7064 MOD 11-2 check character, and that
the birth date and gender the card states agree with the number.

The same structure serves the resident ID card, the HK/Macao/Taiwan residence
permit (numbers starting 81/82/83) and the 2023 foreign permanent resident ID
card (starting 9): 6 digits of region, 8 of birth date, 3 of sequence (odd:
male, even: female), one check character.

Digits are ASCII ``0-9`` only: ``\\d`` and ``int()`` also take Arabic-Indic,
fullwidth and other Unicode digits, so a copy of a valid number in those digits
passed the check (issue 13 item 14).
"""

from __future__ import annotations

import re
from datetime import date

from device_contracts import Text
from devices.idcard.errors import CardValidationError

_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))
_CHECK = "10X98765432"
_FIRST17 = re.compile(r"[0-9]{17}", re.ASCII)
_SHAPE = re.compile(r"[0-9]{17}[0-9X]", re.ASCII)  # fullmatch: no "$" before a newline

BAD_NUMBER = Text(
    "身份证号码校验未通过，请到人工窗口办理",
    "The ID number on the card is not valid, please go to a staffed counter",
)
BAD_BIRTH = Text(
    "身份证出生日期与号码不符，请到人工窗口办理",
    "The birth date on the card does not match its number, please go to a staffed counter",
)
BAD_GENDER = Text(
    "身份证性别与号码不符，请到人工窗口办理",
    "The gender on the card does not match its number, please go to a staffed counter",
)


def check_character(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check character for 17 ASCII digits (ValueError otherwise)."""
    if not _FIRST17.fullmatch(first17):
        raise ValueError("a check character is computed from 17 ASCII digits")
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


def is_valid_number(number: str) -> bool:
    return bool(_SHAPE.fullmatch(number)) and check_character(number[:17]) == number[17]


def validate_number(number: str, birth: date, gender: str) -> None:
    """Raise CardValidationError unless ``number`` is well formed and agrees with the card.

    ``gender`` is "male" or "female". Messages never include the number itself.
    """
    if not is_valid_number(number):
        raise CardValidationError("id number fails ISO 7064 MOD 11-2", BAD_NUMBER)
    if number[6:14] != birth.strftime("%Y%m%d"):
        raise CardValidationError("birth date disagrees with id number", BAD_BIRTH)
    expected = "male" if int(number[16]) % 2 == 1 else "female"
    if gender != expected:
        raise CardValidationError("gender disagrees with id number", BAD_GENDER)
