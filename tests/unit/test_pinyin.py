"""The on-screen keyboard's pinyin engine against the shipped dictionary."""

from __future__ import annotations

import pytest

from kiosk.ime.pinyin import Candidate, PinyinDictionary, PinyinEngine, shared_engine


@pytest.fixture(scope="module")
def engine() -> PinyinEngine:
    return shared_engine()  # loads assets/ime/pinyin.tsv.gz once for the session


def texts(engine: PinyinEngine, typed: str, n: int = 10) -> list[str]:
    return [c.text for c in engine.candidates(typed)[:n]]


def test_the_shipped_dictionary_is_complete_enough(engine: PinyinEngine) -> None:
    d = engine.dictionary
    assert d.size > 100_000
    # every syllable of Mandarin a resident may type, ü written v
    for syllable in ("a", "zhuang", "lv", "nve", "er", "chuang", "xiong", "ou"):
        assert syllable in d.syllables


@pytest.mark.parametrize(
    ("typed", "word"),
    [
        ("beijing", "北京"),
        ("chaoyangqu", "朝阳区"),
        ("shenfenzheng", "身份证"),
        ("yinhang", "银行"),  # 行 read hang in this word
        ("lvse", "绿色"),  # v for ü
        ("hukou", "户口"),
        ("jiedao", "街道"),
    ],
)
def test_whole_words_come_first(engine: PinyinEngine, typed: str, word: str) -> None:
    first = engine.candidates(typed)[0]
    assert first == Candidate(word, len(typed))


def test_initials_only(engine: PinyinEngine) -> None:
    assert "北京" in texts(engine, "bj", 3)
    assert "你好" in texts(engine, "nh", 40)  # n is an initial here, not the syllable n


def test_an_unfinished_syllable_matches_what_it_starts(engine: PinyinEngine) -> None:
    assert texts(engine, "zhon", 1) == ["中"]


def test_a_reading_a_character_rarely_has_does_not_head_the_list(engine: PinyinEngine) -> None:
    # 见 is also read xian (in classical texts); the list leads with characters read xian
    top = texts(engine, "xian", 5)
    assert "见" not in top
    assert {"先", "现", "县"} <= set(top)


def test_the_apostrophe_cuts_syllables(engine: PinyinEngine) -> None:
    assert texts(engine, "xi'an", 1) == ["西安"]
    assert texts(engine, "xian", 1) != ["西安"]


def test_a_name_not_in_the_dictionary_is_built_piece_by_piece(engine: PinyinEngine) -> None:
    typed = "wangxiaoming"
    candidates = engine.candidates(typed)
    wang = next(c for c in candidates if c.text == "王")
    assert wang.consumed == len("wang")
    rest = typed[wang.consumed :]
    xiao = next(c for c in engine.candidates(rest) if c.text == "小")
    assert rest[xiao.consumed :] == "ming"
    assert "明" in texts(engine, "ming", 3)


def test_letters_that_spell_nothing(engine: PinyinEngine) -> None:
    assert engine.candidates("v") == []
    assert engine.segmentations("iii") == []
    # a bad tail does not hide the good head: "bei" then "v"
    assert "北" in texts(engine, "beiv", 10)


def test_rare_name_characters_are_there(engine: PinyinEngine) -> None:
    assert "堃" in [c.text for c in engine.candidates("kun", limit=200)]
    assert "喆" in [c.text for c in engine.candidates("zhe", limit=200)]


def test_a_small_dictionary() -> None:
    d = PinyinDictionary(
        [("西安", ["xi", "an"], 5), ("先", ["xian"], 9), ("西", ["xi"], 3), ("安", ["an"], 4)]
    )
    e = PinyinEngine(d)
    # one token first (xian), then two (xi an); 西 alone is not offered for "xian"
    assert [c.text for c in e.candidates("xian")] == ["先", "西安"]
    assert e.segmentations("xian")[0] == (("xian", 4),)
    assert [c.text for c in e.candidates("XIAN")] == ["先", "西安"]
    # forced cut: the word, then the first syllable alone (consuming "xi'")
    assert e.candidates("xi'an") == [Candidate("西安", 5), Candidate("西", 2)]


def test_spelling_a_matter_name(engine: PinyinEngine) -> None:
    spell = engine.dictionary.spell
    assert spell("居民身份证换领") == ("juminshenfenzhenghuanling", "jmsfzhl")
    assert spell("出生登记") == ("chushengdengji", "csdj")
    assert spell("户口迁入（投靠）") == ("hukouqianrutoukao", "hkqrtk"), "punctuation left out"
    assert spell("ID 卡") == ("idka", "idk")
