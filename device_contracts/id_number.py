"""The 18-character ID number's own rule: the ISO 7064 MOD 11-2 check character.

The same structure serves the resident ID card, the HK/Macao/Taiwan residence
permit (numbers starting 81/82/83) and the 2023 foreign permanent resident ID
card (starting 9): 6 digits of region, 8 of birth date, 3 of sequence (odd:
male, even: female), one check character. The card reader checks a card against
it (devices/idcard/id_number.py), the document fields check what OCR read.

Digits are ASCII ``0-9`` only: ``\\d`` and ``int()`` also take Arabic-Indic,
fullwidth and other Unicode digits, so a copy of a valid number in those digits
passed the check (issue 13 item 14).
"""

from __future__ import annotations

import re

_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))
_CHECK = "10X98765432"
_FIRST17 = re.compile(r"[0-9]{17}", re.ASCII)
_SHAPE = re.compile(r"[0-9]{17}[0-9X]", re.ASCII)  # fullmatch: no "$" before a newline


def check_character(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check character for 17 ASCII digits (ValueError otherwise)."""
    if not _FIRST17.fullmatch(first17):
        raise ValueError("a check character is computed from 17 ASCII digits")
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


def is_valid_number(number: str) -> bool:
    return bool(_SHAPE.fullmatch(number)) and check_character(number[:17]) == number[17]
