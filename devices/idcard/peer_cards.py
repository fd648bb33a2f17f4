"""The cards the simulated SAM can hold: the sample residents plus a foreign, an HMT and a
deliberately invalid card from ``assets/sample/sam_cards.json``."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from device_contracts import CardType
from devices.idcard.base_info import PHOTO_LEN
from devices.idcard.nations import CODES_BY_NAME
from devices.idcard.text import GENDER_CODES, LONG_TERM, encode_card_text
from devices.sim.identities import DEFAULT_IDENTITIES_PATH

DEFAULT_CARDS_PATH = DEFAULT_IDENTITIES_PATH.with_name("sam_cards.json")
#: the first bytes of a WLT block as vendors' decoders expect them
WLT_MAGIC = b"WLfm"


@dataclass(frozen=True, repr=False)
class PeerCard:
    key: str  # "resident-0", "foreign", "hmt", "invalid-id"
    card_type: CardType
    text: bytes  # the 256 text bytes
    photo_wlt: bytes  # 1024 bytes standing in for the encrypted photo

    def __repr__(self) -> str:
        return f"PeerCard({self.key})"


def load_peer_cards(
    identities_path: Path = DEFAULT_IDENTITIES_PATH, cards_path: Path = DEFAULT_CARDS_PATH
) -> list[PeerCard]:
    cards = [_resident(i, p) for i, p in enumerate(_people(identities_path))]
    raw: Any = json.loads(cards_path.read_text(encoding="utf-8"))
    for entry in raw["cards"]:
        fields: Mapping[str, str] = {str(k): str(v) for k, v in entry["fields"].items()}
        card_type = CardType(entry["card_type"])
        text = encode_card_text(card_type, fields)
        cards.append(PeerCard(str(entry["key"]), card_type, text, fake_wlt(text)))
    return cards


def fake_wlt(text: bytes) -> bytes:
    """1024 deterministic bytes per card (the real block is vendor-encrypted)."""
    out = bytearray(WLT_MAGIC)
    seed = text
    while len(out) < PHOTO_LEN:
        seed = hashlib.sha256(seed).digest()
        out += seed
    return bytes(out[:PHOTO_LEN])


def _people(path: Path) -> list[Any]:
    raw: Any = json.loads(path.read_text(encoding="utf-8"))
    people: list[Any] = raw["people"]
    return people


def _resident(index: int, person: Mapping[str, Any]) -> PeerCard:
    valid_to = person.get("valid_to")
    fields = {
        "name": person["name"],
        "gender": GENDER_CODES[person["gender"]],
        "nation": CODES_BY_NAME[person["nation"]],
        "birth": person["birth_date"].replace("-", ""),
        "address": person["address"],
        "id_number": person["id_number"],
        "issuer": person["issuer"],
        "valid_from": person["valid_from"].replace("-", ""),
        "valid_to": valid_to.replace("-", "") if valid_to else LONG_TERM,
    }
    text = encode_card_text(CardType.RESIDENT, fields)
    return PeerCard(f"resident-{index}", CardType.RESIDENT, text, fake_wlt(text))
