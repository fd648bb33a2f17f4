"""The document keyword table is data (vision/doc_keywords.toml), read and checked."""

from __future__ import annotations

import pytest

from vision.fields import DOC_KEYWORDS, parse_doc_keywords


def test_the_packaged_table_is_read_in_its_order() -> None:
    assert list(DOC_KEYWORDS)[:2] == ["id_card", "hukou"]
    assert DOC_KEYWORDS["id_card"][0] == ("居民身份证", 3)
    assert DOC_KEYWORDS["business_licence"][1] == ("统一社会信用代码", 2.5)


@pytest.mark.parametrize(
    "text",
    [
        "lease = []",
        'lease = [["租赁合同"]]',
        'lease = [["租赁合同", 0]]',
        'lease = [["租赁合同", true]]',
        'lease = [["", 4]]',
        'lease = "租赁合同"',
    ],
)
def test_a_malformed_entry_is_refused_naming_its_type(text: str) -> None:
    with pytest.raises(ValueError, match=r"^lease: "):
        parse_doc_keywords(text)
