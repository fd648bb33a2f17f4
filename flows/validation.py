"""Checking a filled form before the resident moves on to the materials."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date

from device_contracts import Text
from flows.domain import FieldKind, FormField

REQUIRED = Text("此项为必填项", "This field is required")
BAD_PHONE = Text("请输入正确的手机号或座机号", "Please enter a valid phone number")
BAD_DATE = Text("请按 年-月-日 格式填写日期", "Please enter the date as YYYY-MM-DD")
BAD_CHOICE = Text("请从选项中选择", "Please pick one of the options")

# mainland mobile (11 digits from 1) or a landline with optional area code and extension
_PHONE = re.compile(r"1[0-9]{10}|(0[0-9]{2,3}-?)?[0-9]{7,8}(-[0-9]{1,6})?", re.ASCII)


def validate_form(fields: Iterable[FormField], form: Mapping[str, str]) -> dict[str, Text]:
    """Field key -> what is wrong with it; empty when the form may be submitted."""
    errors: dict[str, Text] = {}
    for f in fields:
        value = form.get(f.key, "").strip()
        if not value:
            if f.required:
                errors[f.key] = REQUIRED
            continue
        problem = _check_kind(f, value)
        if problem is not None:
            errors[f.key] = problem
    return errors


def _check_kind(f: FormField, value: str) -> Text | None:
    if f.kind is FieldKind.PHONE and not _PHONE.fullmatch(value.replace(" ", "")):
        return BAD_PHONE
    if f.kind is FieldKind.DATE:
        try:
            date.fromisoformat(value)
        except ValueError:
            return BAD_DATE
    if f.kind is FieldKind.CHOICE and f.choices and value not in _labels(f):
        return BAD_CHOICE
    return None


def _labels(f: FormField) -> set[str]:
    return {c.zh for c in f.choices} | {c.en for c in f.choices}
