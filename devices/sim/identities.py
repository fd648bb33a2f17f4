"""The fictional people the simulated ID card reader can "read".

They come from ``assets/sample/identities.json`` (shared with the platform
simulator's seed persons, so a card read in the demo matches a known person).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from device_contracts import CardType, IdentityCard

#: ``assets/`` sits beside the packages in the source tree (installed editable).
DEFAULT_IDENTITIES_PATH = (
    Path(__file__).resolve().parents[2] / "assets" / "sample" / "identities.json"
)


def load_identities(path: Path = DEFAULT_IDENTITIES_PATH) -> list[IdentityCard]:
    """Read the sample people as resident ID cards (no photo: the sim has no WLT)."""
    raw: Any = json.loads(path.read_text(encoding="utf-8"))
    people = raw.get("people") if isinstance(raw, dict) else None
    if not isinstance(people, list) or not people:
        raise ValueError(f"{path}: expected a non-empty 'people' list")
    return [_card(person, index, path) for index, person in enumerate(people)]


def _card(person: Any, index: int, path: Path) -> IdentityCard:
    try:
        valid_to = person.get("valid_to")
        return IdentityCard(
            card_type=CardType.RESIDENT,
            name=str(person["name"]),
            gender=str(person["gender"]),
            nation=str(person["nation"]),
            birth_date=date.fromisoformat(person["birth_date"]),
            address=str(person["address"]),
            id_number=str(person["id_number"]),
            issuer=str(person["issuer"]),
            valid_from=date.fromisoformat(person["valid_from"]),
            valid_to=date.fromisoformat(valid_to) if valid_to else None,
            photo_wlt=b"",
            photo=None,
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        # the message names the entry and the field, never its value (personal data)
        raise ValueError(
            f"{path}: people[{index}] is malformed ({type(exc).__name__}: {exc.args[0] if isinstance(exc, KeyError) else 'bad value'})"
        ) from None
