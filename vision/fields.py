"""From OCR lines to a document type and form fields.

:func:`classify` scores the page against the doc types a matter asks for
(``MaterialSpec.doc_type``: "id_card", "hukou", ...), by weighted keywords,
titles counting double. :func:`extract_fields` reads labelled values (name, ID
number, address, dates, unified social credit code, ...) and checks what has a
check character: the ID number's ISO 7064 MOD 11-2 digit and the credit code's
GB 32100-2015 character. A value that fails its check is still returned (the
resident sees and corrects it) but carries a problem.

Codes and dates are ASCII: OCR's fullwidth forms are folded to ASCII first (NFKC),
then only ``[0-9]`` counts as a digit (``re.ASCII``; ``\\d`` would take any
Unicode digit, issue 13 item 14).
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from device_contracts import Text
from device_contracts.id_number import check_character
from vision.ocr import OcrLine

UNKNOWN = "unknown"

DocKeywords = dict[str, tuple[tuple[str, float], ...]]


def parse_doc_keywords(text: str) -> DocKeywords:
    """The keyword table (TOML: ``doc_type = [[keyword, weight], ...]``), checked: every
    type has keywords, every keyword is text with a positive weight."""
    table: DocKeywords = {}
    for doc_type, pairs in tomllib.loads(text).items():
        if not isinstance(pairs, list) or not pairs:
            raise ValueError(f"{doc_type}: no keywords")
        keywords: list[tuple[str, float]] = []
        for pair in pairs:
            match pair:
                case [str(keyword), int(weight) | float(weight)] if (
                    keyword and weight > 0 and not isinstance(weight, bool)
                ):
                    keywords.append((keyword, weight))
                case _:
                    raise ValueError(f"{doc_type}: {pair!r} is not [keyword, positive weight]")
        table[doc_type] = tuple(keywords)
    return table


#: doc type -> (keyword, weight), in the file's order. Codes follow the platform's
#: material catalogue.
DOC_KEYWORDS = parse_doc_keywords(
    Path(__file__).with_name("doc_keywords.toml").read_text(encoding="utf-8")
)
_MIN_SCORE = 2.5

# --------------------------------------------------------------------------- check characters

ID_NUMBER = re.compile(r"(?<![0-9A-Z])([0-9]{17}[0-9X])(?![0-9A-Z])", re.ASCII)
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
USCC = re.compile(
    r"(?<![0-9A-Z])([0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10})(?![0-9A-Z])", re.ASCII
)


_ID_SHAPE = re.compile(r"[0-9]{17}[0-9X]", re.ASCII)


def id_number_valid(number: str) -> bool:
    return bool(_ID_SHAPE.fullmatch(number)) and check_character(number[:17]) == number[17]


def uscc_check_character(first17: str) -> str:
    """The GB 32100-2015 check character of a unified social credit code."""
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return _USCC_CHARS[(31 - total % 31) % 31]


def uscc_valid(code: str) -> bool:
    return (
        len(code) == 18
        and all(c in _USCC_CHARS for c in code)
        and uscc_check_character(code[:17]) == code[17]
    )


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Classification:
    doc_type: str  # a doc type code, or "unknown"
    score: float
    expected: bool  # among the doc types the caller asked for (True when none were given)
    scores: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class FieldProblem:
    field: str
    code: str  # "check_digit", "check_character", "birth_date_mismatch"
    message: Text

    def as_json(self) -> dict[str, str]:
        return {"field": self.field, "problem": self.code}


BAD_ID_DIGIT = Text(
    "身份证号码校验位不正确，请核对", "The ID number's check digit is wrong, please check it"
)
BAD_USCC = Text(
    "统一社会信用代码校验位不正确，请核对",
    "The unified social credit code's check character is wrong, please check it",
)
BIRTH_MISMATCH = Text(
    "出生日期与身份证号码不一致，请核对",
    "The birth date does not match the ID number, please check it",
)


@dataclass(frozen=True, repr=False)
class FieldReading:
    """Fields as read, for pre-filling the form. Personal data: ``repr`` hides the values."""

    fields: dict[str, str]
    problems: tuple[FieldProblem, ...] = ()

    def __repr__(self) -> str:
        return f"FieldReading(fields={sorted(self.fields)}, problems={len(self.problems)})"


# --------------------------------------------------------------------------- classification


def classify(lines: Sequence[OcrLine], candidates: Iterable[str] = ()) -> Classification:
    """The page's doc type. With ``candidates`` (the matter's material doc types) the best
    candidate wins unless another type scores clearly higher (then ``expected`` is False)."""
    wanted = {c for c in candidates if c}
    if not lines:
        return Classification(UNKNOWN, 0.0, not wanted)
    heights = sorted(line.height for line in lines)
    tall = heights[int(len(heights) * 0.8)] if len(heights) > 2 else 0.0
    scores: dict[str, float] = {}
    for doc_type, keywords in DOC_KEYWORDS.items():
        total = 0.0
        for keyword, weight in keywords:
            for line in lines:
                compact = _compact(line.text)
                if keyword in compact:
                    is_title = line.height > tall * 1.2 or len(compact) <= len(keyword) + 2
                    total += weight * (2.0 if is_title else 1.0)
                    break
        if total:
            scores[doc_type] = total
    if not scores:
        return Classification(UNKNOWN, 0.0, not wanted, scores)
    best = max(scores, key=lambda k: scores[k])
    if wanted:
        in_set = [k for k in scores if k in wanted]
        if in_set:
            best_wanted = max(in_set, key=lambda k: scores[k])
            if scores[best_wanted] >= _MIN_SCORE and scores[best_wanted] * 1.5 >= scores[best]:
                return Classification(best_wanted, scores[best_wanted], True, scores)
    if scores[best] < _MIN_SCORE:
        return Classification(UNKNOWN, scores[best], not wanted, scores)
    return Classification(best, scores[best], not wanted or best in wanted, scores)


# --------------------------------------------------------------------------- fields

#: label -> field key. Longer labels first so "申请人姓名" wins over "姓名".
_LABELS: dict[str, str] = {
    "公民身份号码": "id_number",
    "公民身份证号码": "id_number",
    "身份证号码": "id_number",
    "身份证号": "id_number",
    "证件号码": "id_number",
    "统一社会信用代码": "uscc",
    "申请人姓名": "name",
    "户主姓名": "householder_name",
    "持证人": "holder_name",
    "姓名": "name",
    "法定代表人": "legal_representative",
    "名称": "entity_name",
    "性别": "gender",
    "民族": "nation",
    "出生日期": "birth_date",
    "出生": "birth_date",
    "登记日期": "registration_date",
    "签发日期": "issue_date",
    "成立日期": "established_date",
    "有效期限": "valid_period",
    "营业期限": "valid_period",
    "日期": "date",
    "通讯地址": "address",
    "家庭住址": "address",
    "居住地址": "address",
    "住址": "address",
    "住所": "address",
    "地址": "address",
    "经营场所": "address",
    "签发机关": "issuer",
    "登记机关": "issuer",
    "联系电话": "phone",
    "结婚证字号": "certificate_number",
    "申请事项": "matter",
}
_LABEL_RE = re.compile(
    "(" + "|".join(sorted(map(re.escape, _LABELS), key=len, reverse=True)) + r")\s*[：:]?\s*"
)
_DATE_RE = re.compile(
    r"([0-9]{4})\s*[年.\-/]\s*([0-9]{1,2})\s*[月.\-/]\s*([0-9]{1,2})\s*日?", re.ASCII
)
_DATE_FIELDS = {"birth_date", "registration_date", "issue_date", "established_date", "date"}
_TRIM = " ：:，,。;；_-—|　\t"


def normalise_code(text: str) -> str:
    """OCR slips in code-like values: fullwidth forms, lower-case x, ×, O for 0, spaces."""
    out = (
        unicodedata.normalize("NFKC", text)
        .upper()
        .replace("×", "X")
        .replace(" ", "")
        .replace("　", "")
    )
    return out.translate(str.maketrans("OI", "01"))


def iso_date(text: str) -> str | None:
    m = _DATE_RE.search(unicodedata.normalize("NFKC", text))
    if m is None:
        return None
    year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _compact(text: str) -> str:
    return text.replace(" ", "").replace("　", "")


def labelled_values(lines: Sequence[OcrLine]) -> list[tuple[str, str]]:
    """(field key, raw value) for every label found, in reading order.

    A line may hold several "label：value" pairs ("姓名：刘洋 性别：男"); a value runs
    to the next label. A label alone on its line takes the next line as its value.
    """
    out: list[tuple[str, str]] = []
    texts = [_compact(line.text) for line in lines]
    for i, text in enumerate(texts):
        matches = list(_LABEL_RE.finditer(text))
        for j, m in enumerate(matches):
            end = matches[j + 1].start() if j + 1 < len(matches) else len(text)
            value = text[m.end() : end].strip(_TRIM)
            if not value and j + 1 == len(matches) and i + 1 < len(texts):
                nxt = texts[i + 1]
                if not _LABEL_RE.match(nxt):
                    value = nxt.strip(_TRIM)
            if value:
                out.append((_LABELS[m.group(1)], value))
    return out


def extract_fields(lines: Sequence[OcrLine]) -> FieldReading:
    fields: dict[str, str] = {}
    for key, raw in labelled_values(lines):
        if key in fields:
            continue
        value: str | None = raw
        if key in {"id_number", "uscc"}:
            value = normalise_code(raw)
        elif key in _DATE_FIELDS:
            value = iso_date(raw)
        if value:
            fields[key] = value
    codes = [normalise_code(_compact(line.text)) for line in lines]
    if "id_number" not in fields or not ID_NUMBER.fullmatch(fields["id_number"]):
        found = next((m.group(1) for t in codes for m in ID_NUMBER.finditer(t)), None)
        if found is not None:
            fields["id_number"] = found
    if "uscc" not in fields:
        # unlabelled: only a code with a letter in it (an all-digit one could be an ID number)
        found = next(
            (
                m.group(1)
                for t in codes
                for m in USCC.finditer(t)
                if uscc_valid(m.group(1)) and not m.group(1).isdigit()
            ),
            None,
        )
        if found is not None:
            fields["uscc"] = found
    if "name" not in fields:
        for alias in ("holder_name", "householder_name", "legal_representative"):
            if alias in fields:
                fields["name"] = fields[alias]
                break
    return FieldReading(fields, tuple(check_fields(fields)))


def check_fields(fields: dict[str, str]) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    number = fields.get("id_number")
    if number is not None:
        if not id_number_valid(number):
            problems.append(FieldProblem("id_number", "check_digit", BAD_ID_DIGIT))
        elif "birth_date" in fields and fields["birth_date"].replace("-", "") != number[6:14]:
            problems.append(FieldProblem("birth_date", "birth_date_mismatch", BIRTH_MISMATCH))
    code = fields.get("uscc")
    if code is not None and not uscc_valid(code):
        problems.append(FieldProblem("uscc", "check_character", BAD_USCC))
    return problems
