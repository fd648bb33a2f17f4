"""ID numbers are ASCII digits only (issue 13 item 14): ``\\d`` and ``int()`` take Unicode
digits, so an Arabic-Indic or fullwidth copy of a valid number passed the check."""

from __future__ import annotations

from datetime import date

import pytest

from device_contracts import CardType
from device_contracts.id_number import check_character, is_valid_number
from devices.idcard.errors import CardValidationError
from devices.idcard.id_number import BAD_NUMBER, validate_number
from devices.idcard.text import decode_card_text, encode_card_text

VALID = "11010519491231002X"
#: the same number in Arabic-Indic and in fullwidth digits (the X kept)
ARABIC = VALID[:17].translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")) + "X"
FULLWIDTH = VALID[:17].translate(str.maketrans("0123456789", "０１２３４５６７８９")) + "X"


@pytest.mark.parametrize("number", [ARABIC, FULLWIDTH, VALID + "\n", VALID[:-1] + "x"])
def test_only_ascii_digits_make_a_valid_number(number: str) -> None:
    assert is_valid_number(VALID)
    assert not is_valid_number(number)


@pytest.mark.parametrize("first17", [ARABIC[:17], FULLWIDTH[:17], "1101051949123100²"])
def test_the_check_character_is_computed_from_ascii_digits_only(first17: str) -> None:
    with pytest.raises(ValueError):
        check_character(first17)


def test_validate_number_refuses_a_unicode_digit_number_as_a_bad_number() -> None:
    with pytest.raises(CardValidationError) as caught:
        validate_number(ARABIC, date(1949, 12, 31), "female")
    assert caught.value.message == BAD_NUMBER


RESIDENT = {
    "name": "张伟", "gender": "1", "nation": "01", "birth": "19850312",
    "address": "北京市通州区运河东大街57号院3号楼2单元501", "id_number": "110112198503121238",
    "issuer": "北京市公安局通州分局", "valid_from": "20150601", "valid_to": "20350601",
}  # fmt: skip
FOREIGN = {
    "name_en": "MARTIN, CLAIRE ANNE", "gender": "2", "id_number": "CAN118001010122",
    "nationality": "CAN", "name": "马克莱", "valid_from": "20240301", "valid_to": "20340301",
    "birth": "19800101", "version": "20", "issuer": "1500",
}  # fmt: skip


@pytest.mark.parametrize(
    ("card_type", "fields"), [(CardType.RESIDENT, RESIDENT), (CardType.FOREIGN, FOREIGN)]
)
def test_a_card_whose_number_has_unicode_digits_is_refused_as_a_bad_number(
    card_type: CardType, fields: dict[str, str]
) -> None:
    assert decode_card_text(encode_card_text(card_type, fields)).id_number == fields["id_number"]
    number = fields["id_number"]
    arabic = number[:-1].translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")) + number[-1]
    with pytest.raises(CardValidationError) as caught:
        decode_card_text(encode_card_text(card_type, {**fields, "id_number": arabic}))
    assert caught.value.message == BAD_NUMBER
