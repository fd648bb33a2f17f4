"""Codes read by OCR are ASCII (issue 13 item 14): fullwidth digits, which OCR of a Chinese
page does produce, become ASCII; other Unicode digits never make a valid code."""

from __future__ import annotations

from tests.vision.docgen import id_number, uscc
from vision.fields import extract_fields, id_number_valid, iso_date, uscc_valid
from vision.ocr import OcrLine

FULLWIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")
ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def lines(*texts: str) -> list[OcrLine]:
    return [
        OcrLine(
            t,
            ((0.0, 40.0 * i), (300.0, 40.0 * i), (300.0, 40.0 * i + 30), (0.0, 40.0 * i + 30)),
            0.99,
        )
        for i, t in enumerate(texts)
    ]


def test_a_fullwidth_id_number_is_read_as_ascii() -> None:
    number = id_number("11010519880716301")
    reading = extract_fields(
        lines("出生日期：１９８８年７月１６日", f"公民身份号码：{number.translate(FULLWIDTH)}")
    )
    assert reading.fields["id_number"] == number
    assert reading.fields["birth_date"] == "1988-07-16"
    assert reading.problems == ()


def test_an_unlabelled_fullwidth_id_number_is_found_as_ascii() -> None:
    number = id_number("11010519880716301")
    reading = extract_fields(lines("居民身份证", number.translate(FULLWIDTH)))
    assert reading.fields["id_number"] == number


def test_arabic_indic_digits_never_make_a_valid_code() -> None:
    number = id_number("11010519880716301")
    code = uscc("91350100M000100Y4")
    assert id_number_valid(number) and uscc_valid(code)
    assert not id_number_valid(number[:17].translate(ARABIC) + number[17])
    assert not uscc_valid(code.translate(ARABIC))
    reading = extract_fields(lines(f"公民身份号码：{number.translate(ARABIC)}"))
    assert [p.code for p in reading.problems] == ["check_digit"]  # kept for correction, flagged
    assert iso_date("١٩٨٨年٧月١٦日") is None
