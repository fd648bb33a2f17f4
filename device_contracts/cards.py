"""What the card readers read: a resident's ID card and a staff member's smart card.
Personal data: never logged (their ``repr`` hides it)."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date


class CardType(enum.StrEnum):
    RESIDENT = "resident"  # 居民身份证
    FOREIGN = "foreign"  # 外国人永久居留身份证
    HMT = "hmt"  # 港澳台居民居住证


@dataclass(frozen=True, repr=False)
class IdentityCard:
    """What an ID card says. Personal data: never log it (``repr`` hides it)."""

    card_type: CardType
    name: str
    gender: str  # "male" / "female"
    nation: str  # ethnic group name, or nationality for foreign cards
    birth_date: date
    address: str
    id_number: str
    issuer: str
    valid_from: date
    valid_to: date | None  # None: 长期 (long-term)
    photo_wlt: bytes = b""  # encrypted WLT photo as read from the card
    photo: bytes | None = None  # decoded photo (PNG) when a WLT decoder is configured
    name_en: str = ""

    def __repr__(self) -> str:
        return f"IdentityCard(card_type={self.card_type.value}, id=***{self.id_number[-2:]})"


@dataclass(frozen=True, repr=False)
class StaffCard:
    """A staff member's smart card as the reader sees it: its UID (hex) and ATR.

    The UID identifies the card, not the person: the staff directory maps it to
    a staff id and role. Not personal data, but kept out of ``repr`` anyway.
    """

    uid: str
    atr: str = ""

    def __repr__(self) -> str:
        return f"StaffCard(uid=...{self.uid[-4:]})"
