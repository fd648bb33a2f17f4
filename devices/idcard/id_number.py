"""An ID card checked against its own number: the number's check character, and the
birth date and gender the card states agree with it. A card that fails is a
:class:`CardValidationError` with words for the resident (never the number).
"""

from __future__ import annotations

from datetime import date

from device_contracts import Text
from device_contracts.id_number import is_valid_number
from devices.idcard.errors import CardValidationError

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
