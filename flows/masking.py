"""Masking ID and phone numbers for a public screen (脱敏显示).

A kiosk screen is seen by whoever stands behind the resident, and by every
screenshot a tour or a support call takes. Once entered, an ID number shows its
region (first six) and its last four only, a mobile its operator prefix and last
four: ``110112********1238``, ``138****8001``. The resident sees the whole number
by pressing and holding it (kiosk/ui/widgets/masked.py); nothing here knows Qt.
"""

from __future__ import annotations

import re
from typing import Literal

from flows.domain import FieldKind, FormField
from flows.post_delivery import PostDelivery

MASK = "*"

Private = Literal["id", "phone"]

#: +86 / 0086 before a mobile, with or without a space or hyphen
_MOBILE = re.compile(r"^(?P<prefix>(?:\+|00)?86[\s-]?)?(?P<number>1\d{10})$")
#: area code (010, 0755) and a 7- or 8-digit local number, maybe an extension
_LANDLINE = re.compile(
    r"^(?P<area>\(?0\d{2,3}\)?)[\s-]?(?P<local>\d{7,8})(?:[\s-](?P<ext>\d{1,6}))?$"
)


def private_kind(f: FormField) -> Private | None:
    """Which form fields hold a number to mask: phones, and every ID number (the
    applicant's, a spouse's, a legal representative's)."""
    if f.kind is FieldKind.PHONE:
        return "phone"
    if f.key.endswith("id_number"):
        return "id"
    return None


def mask(kind: Private | None, value: str) -> str:
    """``value`` as a public screen shows it (unchanged when ``kind`` is None)."""
    if kind == "id":
        return mask_id_number(value)
    if kind == "phone":
        return mask_phone(value)
    return value


def mask_id_number(value: str) -> str:
    """An identity document number with its middle hidden.

    18 characters (resident ID, the X check digit kept; the new foreign permanent
    residence ID; HK/Macau/Taiwan residence permits) and 15 (the old resident ID,
    the old foreign permanent residence ID ``USA...``): the first six and the last
    four stay. Shorter numbers (passports, travel permits): the first two and the
    last two. Spaces typed between groups are dropped.
    """
    number = "".join(value.split())
    if not number:
        return ""
    if len(number) >= 15:
        return _keep(number, 6, 4)
    if len(number) >= 8:
        return _keep(number, 2, 2)
    return _keep(number, 0, min(2, len(number) // 3))


def mask_phone(value: str) -> str:
    """A phone number with its middle hidden: a mobile keeps its first three and last
    four digits (``+86`` kept), a landline its area code and last four, anything
    else its last four digits (or nothing, when it is that short)."""
    text = value.strip()
    if not text:
        return ""
    compact = re.sub(r"[\s-]", "", text)
    mobile = _MOBILE.match(compact)
    if mobile:
        prefix = (mobile.group("prefix") or "").rstrip()
        masked = _keep(mobile.group("number"), 3, 4)
        return f"{prefix} {masked}" if prefix else masked
    landline = _LANDLINE.match(text)
    if landline:
        local = _keep(landline.group("local"), 0, 4)
        ext = landline.group("ext")
        tail = "-" + MASK * len(ext) if ext else ""
        return f"{landline.group('area')}-{local}{tail}"
    digits = re.sub(r"\D", "", text)
    return _keep(digits, 0, 4 if len(digits) > 6 else 0)


def _keep(text: str, head: int, tail: int) -> str:
    """``text`` with all but its first ``head`` and last ``tail`` characters masked."""
    hidden = len(text) - head - tail
    if hidden <= 0:
        return MASK * len(text)
    return text[:head] + MASK * hidden + (text[len(text) - tail :] if tail else "")


def mask_address(post: PostDelivery) -> str:
    """A postal address as a receipt left behind may show it: down to the district, then
    the street's first two characters and a star for each of the rest (at least four, so
    a short street tells no length); number, building and room never lead to the door."""
    street = post.street.strip()
    return post.region() + (street[:2] + MASK * max(4, len(street) - 2) if street else "")
