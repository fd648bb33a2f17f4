"""The card's text: three layouts, the nation table, the ID number checks, the SW3 table."""

from __future__ import annotations

from datetime import date

import pytest

from device_contracts import CardType, CompletionCode
from device_contracts.id_number import check_character, is_valid_number
from devices.idcard.errors import CardDataError, CardValidationError
from devices.idcard.id_number import validate_number
from devices.idcard.nations import NATIONS
from devices.idcard.peer_cards import load_peer_cards
from devices.idcard.status import SW3_TABLE, SamStatusError
from devices.idcard.text import TYPE_OFFSET, decode_card_text, encode_card_text

RESIDENT = {
    "name": "张伟", "gender": "1", "nation": "01", "birth": "19850312",
    "address": "北京市通州区运河东大街57号院3号楼2单元501", "id_number": "110112198503121238",
    "issuer": "北京市公安局通州分局", "valid_from": "20150601", "valid_to": "20350601",
}  # fmt: skip


def test_resident_text_is_byte_exact() -> None:
    text = encode_card_text(CardType.RESIDENT, RESIDENT)
    assert len(text) == 256
    assert text[:8] == "张伟".encode("utf-16-le") + b"\x20\x00\x20\x00"
    assert text[30:32] == b"1\x00" and text[32:36] == b"0\x001\x00"
    assert text[TYPE_OFFSET:] == b"\x20\x00" * 4


def test_resident_decodes_with_nation_name_and_long_term() -> None:
    card = decode_card_text(
        encode_card_text(CardType.RESIDENT, RESIDENT | {"valid_to": "长期", "nation": "03"})
    )
    assert card.card_type is CardType.RESIDENT
    assert (card.name, card.gender, card.nation) == ("张伟", "male", "回")
    assert card.birth_date == date(1985, 3, 12)
    assert card.valid_to is None


def test_foreign_and_hmt_cards_from_the_fixture() -> None:
    cards = {c.key: c for c in load_peer_cards()}
    foreign = decode_card_text(cards["foreign"].text)
    assert foreign.card_type is CardType.FOREIGN
    assert cards["foreign"].text[TYPE_OFFSET : TYPE_OFFSET + 2] == b"I\x00"
    assert (foreign.name_en, foreign.nation, foreign.gender) == (
        "MARTIN, CLAIRE ANNE",
        "CAN",
        "female",
    )
    hmt = decode_card_text(cards["hmt"].text)
    assert hmt.card_type is CardType.HMT and hmt.id_number.startswith("81")


def test_nation_table_is_complete() -> None:
    assert len(NATIONS) == 58
    assert NATIONS["01"] == "汉" and NATIONS["56"] == "基诺"
    with pytest.raises(CardDataError):
        decode_card_text(encode_card_text(CardType.RESIDENT, RESIDENT | {"nation": "77"}))


def test_iso7064_check_character() -> None:
    assert check_character("11010519491231002") == "X"
    assert is_valid_number("11010519491231002X")
    assert not is_valid_number("110105194912310021")


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"id_number": "110112198503121239"}, "ID number"),
        ({"birth": "19850313"}, "birth date"),
        ({"gender": "2"}, "gender"),
    ],
)
def test_a_card_that_fails_the_checks_is_refused(change: dict[str, str], words: str) -> None:
    with pytest.raises(CardValidationError) as caught:
        decode_card_text(encode_card_text(CardType.RESIDENT, RESIDENT | change))
    assert words in caught.value.message.en
    assert caught.value.code is CompletionCode.INVALID_DATA
    assert "110112" not in str(caught.value)  # the number never appears in the error


def test_validate_number_accepts_a_matching_card() -> None:
    validate_number("110112198503121238", date(1985, 3, 12), "male")


@pytest.mark.parametrize(
    "sw3",
    [
        0x91,
        0x10,
        0x11,
        0x21,
        0x23,
        0x24,
        0x31,
        0x32,
        0x33,
        0x40,
        0x41,
        0x47,
        0x60,
        0x66,
        0x80,
        0x81,
    ],
)
def test_every_sw3_is_a_typed_error_with_both_languages(sw3: int) -> None:
    error = SamStatusError(sw3, "read_base")
    assert sw3 in SW3_TABLE
    assert error.code is not CompletionCode.SUCCESS
    assert error.message.zh and error.message.en
    assert error.message == SW3_TABLE[sw3].text


def test_unknown_sw3_is_a_hardware_error() -> None:
    assert SamStatusError(0x55, "find_card").code is CompletionCode.HARDWARE_ERROR
