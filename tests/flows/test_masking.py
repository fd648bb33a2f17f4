"""ID and phone numbers as a public screen shows them (flows/masking.py)."""

from __future__ import annotations

import pytest

from device_contracts import Text
from flows.domain import FieldKind, FormField
from flows.masking import mask, mask_id_number, mask_phone, private_kind


@pytest.mark.parametrize(
    ("number", "shown"),
    [
        ("110112199001011238", "110112********1238"),  # resident ID
        ("11010519491231002X", "110105********002X"),  # X check digit kept
        ("11010519491231002x", "110105********002x"),
        ("110105491231002", "110105*****1002"),  # the old 15-digit ID
        ("USA310086051201", "USA310*****1201"),  # old foreign permanent residence ID
        ("932682198001010012", "932682********0012"),  # the 2023 foreign permanent ID
        ("810000199408230021", "810000********0021"),  # HK residence permit
        ("1101 1219 9001 0112 38", "110112********1238"),  # typed in groups
        ("E12345678", "E1*****78"),  # a passport
        ("", ""),
    ],
)
def test_id_numbers_keep_region_and_last_four(number: str, shown: str) -> None:
    assert mask_id_number(number) == shown


@pytest.mark.parametrize(
    ("phone", "shown"),
    [
        ("13800138001", "138****8001"),
        ("138 0013 8001", "138****8001"),
        ("138-0013-8001", "138****8001"),
        ("+86 13800138001", "+86 138****8001"),
        ("+8613800138001", "+86 138****8001"),
        ("010-62345678", "010-****5678"),
        ("0755 2345678", "0755-***5678"),
        ("(010)62345678", "(010)-****5678"),
        ("010-62345678-123", "010-****5678-***"),
        ("62345678", "****5678"),
        ("12345", "*****"),
        ("", ""),
    ],
)
def test_phones_keep_prefix_and_last_four(phone: str, shown: str) -> None:
    assert mask_phone(phone) == shown


@pytest.mark.parametrize(
    "number", ["110112199001011238", "11010519491231002X", "110105491231002", "13800138001"]
)
def test_no_masked_form_shows_eight_consecutive_characters(number: str) -> None:
    """What the mask leaves can never be read back as the number (a birth date, say)."""
    shown = mask("id" if len(number) != 11 else "phone", number)
    assert len(shown) == len(number)
    assert max(len(run) for run in shown.split("*")) <= 6


def test_which_fields_are_private() -> None:
    def f(key: str, kind: FieldKind = FieldKind.TEXT) -> FormField:
        return FormField(key, Text(key, key), kind)

    assert private_kind(f("id_number")) == "id"
    assert private_kind(f("spouse_id_number")) == "id"
    assert private_kind(f("phone", FieldKind.PHONE)) == "phone"
    assert private_kind(f("name")) is None
    assert private_kind(f("address")) is None
    assert mask(None, "张三") == "张三"
