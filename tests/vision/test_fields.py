"""Doc classification and field extraction from OCR lines (no models needed)."""

from __future__ import annotations

from tests.vision.docgen import id_number, uscc
from vision.fields import (
    UNKNOWN,
    classify,
    extract_fields,
    id_number_valid,
    iso_date,
    uscc_check_character,
    uscc_valid,
)
from vision.ocr import OcrLine, sort_reading_order


def line(text: str, y: float = 0.0, x: float = 0.0, h: float = 30.0) -> OcrLine:
    return OcrLine(text, ((x, y), (x + 300, y), (x + 300, y + h), (x, y + h)), 0.99)


def lines(*texts: str) -> list[OcrLine]:
    return [line(t, y=40.0 * i) for i, t in enumerate(texts)]


def test_id_number_check_digit() -> None:
    good = id_number("11010519880716301")
    assert id_number_valid(good)
    assert not id_number_valid(id_number("11010519880716301", wrong=True))
    assert not id_number_valid(good[:-1])


def test_uscc_check_character_matches_a_published_code() -> None:
    # the example code printed in GB 32100-2015 explanations
    assert uscc_check_character("91350100M000100Y4") == "3"
    assert uscc_valid("91350100M000100Y43")
    assert not uscc_valid("91350100M000100Y44")
    assert not uscc_valid("91350100M000100I43")  # I is not in the code's alphabet


def test_fields_are_read_from_labels_and_checked() -> None:
    number = id_number("11010519880716301")
    reading = extract_fields(
        lines(
            "姓名：陈建国　　性别：男",
            "出生日期：1988年7月16日",
            f"公民身份号码：{number}",
            "住址：北京市朝阳区望京街道6号",
        )
    )
    assert reading.fields["name"] == "陈建国"
    assert reading.fields["gender"] == "男"
    assert reading.fields["birth_date"] == "1988-07-16"
    assert reading.fields["id_number"] == number
    assert reading.fields["address"] == "北京市朝阳区望京街道6号"
    assert reading.problems == ()


def test_wrong_id_check_digit_is_flagged_but_kept_for_correction() -> None:
    bad = id_number("11010519880716301", wrong=True)
    reading = extract_fields(lines(f"公民身份号码：{bad}"))
    assert reading.fields["id_number"] == bad
    assert [(p.field, p.code) for p in reading.problems] == [("id_number", "check_digit")]
    assert "uscc" not in reading.fields  # 18 digits are not taken for a credit code
    assert "校验" in reading.problems[0].message.zh


def test_birth_date_disagreeing_with_the_id_number_is_flagged() -> None:
    number = id_number("11010519880716301")
    reading = extract_fields(lines("出生日期：1988年07月17日", f"公民身份号码：{number}"))
    assert [p.code for p in reading.problems] == ["birth_date_mismatch"]


def test_ocr_slips_in_codes_are_normalised() -> None:
    number = id_number("11010519650930128")  # check character may be X
    spaced = number[:6] + " " + number[6:].replace("0", "O", 1).lower()
    reading = extract_fields(lines(f"证件号码：{spaced}"))
    assert reading.fields["id_number"] == number


def test_credit_code_found_without_its_label_and_checked() -> None:
    code = uscc("91110112MA01XK7Q3")
    reading = extract_fields(lines("营业执照", code, "法定代表人：赵丽华"))
    assert reading.fields["uscc"] == code
    assert reading.fields["name"] == "赵丽华"  # the representative stands in for a name
    bad = code[:-1] + ("0" if code[-1] != "0" else "1")
    flagged = extract_fields(lines(f"统一社会信用代码：{bad}"))
    assert [p.code for p in flagged.problems] == ["check_character"]


def test_label_alone_takes_the_next_line() -> None:
    reading = extract_fields(lines("住址", "北京市东城区安德路47号"))
    assert reading.fields["address"] == "北京市东城区安德路47号"


def test_dates_normalise_to_iso() -> None:
    assert iso_date("2019年3月5日") == "2019-03-05"
    assert iso_date("2019.03.05") == "2019-03-05"
    assert iso_date("2019-13-05") is None


def test_classify_by_keywords_and_titles() -> None:
    hukou = lines("常住人口登记卡", "户主姓名：张伟", "与户主关系：户主")
    assert classify(hukou).doc_type == "hukou"
    licence = lines("营业执照", "统一社会信用代码：91350100M000100Y43", "法定代表人：王")
    assert classify(licence).doc_type == "business_licence"
    assert classify(lines("今天天气很好")).doc_type == UNKNOWN


def test_classify_against_the_matters_materials() -> None:
    marriage = lines("结婚证", "持证人：王芳", "结婚证字号：J110112-2020-000521")
    got = classify(marriage, ["hukou", "marriage_cert"])
    assert (got.doc_type, got.expected) == ("marriage_cert", True)
    unexpected = classify(marriage, ["hukou", "id_card"])
    assert (unexpected.doc_type, unexpected.expected) == ("marriage_cert", False)


def test_reading_order_groups_rows() -> None:
    right = line("性别：男", y=102, x=400)
    left = line("姓名：张伟", y=100, x=50)
    below = line("住址：北京", y=160, x=50)
    assert [ln.text for ln in sort_reading_order([below, right, left])] == [
        "姓名：张伟",
        "性别：男",
        "住址：北京",
    ]


def test_reading_repr_hides_values() -> None:
    reading = extract_fields(lines("姓名：陈建国"))
    assert "陈建国" not in repr(reading)
