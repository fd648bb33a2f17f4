"""Pre-filling a matter's form from what the kiosk already knows (申报信息复用 "少填写").

``FormField.prefill`` names the source: ``card.<attr>`` from the ID card (or the
applicant derived from it), ``person.<key>`` from data the platform supplies.
Values are never logged: they are personal data.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from device_contracts import IdentityCard
from flows.domain import Applicant, FieldKind, FormField

_GENDER_ZH = {"male": "男", "female": "女"}


def card_values(card: IdentityCard | None, applicant: Applicant | None) -> dict[str, str]:
    """The ``card.*`` sources as form strings (dates ISO, gender in Chinese)."""
    if card is not None:
        return {
            "name": card.name,
            "name_en": card.name_en,
            "id_number": card.id_number,
            "gender": _GENDER_ZH.get(card.gender, card.gender),
            "nation": card.nation,
            "birth_date": card.birth_date.isoformat(),
            "address": card.address,
            "issuer": card.issuer,
            "valid_from": card.valid_from.isoformat(),
            "valid_to": card.valid_to.isoformat() if card.valid_to else "长期",
            "card_type": card.card_type.value,
        }
    if applicant is not None:
        return {
            "name": applicant.name,
            "id_number": applicant.id_number,
            "gender": _GENDER_ZH.get(applicant.gender, applicant.gender),
            "birth_date": applicant.birth_date,
            "address": applicant.address,
            "card_type": applicant.card_type,
        }
    return {}


def prefill_form(
    fields: Iterable[FormField],
    card: IdentityCard | None = None,
    applicant: Applicant | None = None,
    person: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """One entry per field: the known value, or "" when nothing is known."""
    sources = {"card": card_values(card, applicant), "person": dict(person or {})}
    form: dict[str, str] = {}
    for f in fields:
        source, _, key = f.prefill.partition(".")
        value = sources.get(source, {}).get(key, "") if key else ""
        form[f.key] = _as_choice(f, value) if f.kind is FieldKind.CHOICE else value
    return form


def chip_fields(fields: Iterable[FormField], card: IdentityCard | None) -> frozenset[str]:
    """The fields whose value was read from the ID card's chip: read-only on the form
    (the chip is signed by the issuer; a typed-over name or number would be a
    declaration in someone else's name). None when no card was read."""
    if card is None:
        return frozenset()
    known = card_values(card, None)
    return frozenset(
        f.key
        for f in fields
        if f.prefill.startswith("card.") and known.get(f.prefill.partition(".")[2])
    )


def applicant_from_card(card: IdentityCard) -> Applicant:
    return Applicant(
        name=card.name,
        id_number=card.id_number,
        gender=card.gender,
        birth_date=card.birth_date.isoformat(),
        address=card.address,
        card_type=card.card_type.value,
    )


def card_expired(card: IdentityCard, today: date) -> bool:
    return card.valid_to is not None and card.valid_to < today


def _as_choice(f: FormField, value: str) -> str:
    """A choice field holds a choice's Chinese label; unknown values are left for the resident."""
    for choice in f.choices:
        if value in (choice.zh, choice.en) or value.lower() == choice.en.lower():
            return choice.zh
    return ""
