"""The parts of a face check that the declaration and the pickup share: where the
reference picture comes from, what a rejection says to the resident, and dropping the
card's photo once the check has decided."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from devices.base import Completion, FaceMatch, IdentityCard, Image, Operation, Text
from flows import messages
from flows.photo import card_reference
from flows.platform_call import call_platform
from flows.ports import Platform

Watch = Callable[[Operation[Any], Callable[[Completion[Any]], None]], Any]


def fetch_reference(
    card: IdentityCard,
    platform: Platform,
    timeout: float,
    watch: Watch,
    then: Callable[[Image | None], None],
) -> None:
    """Call ``then`` with the card's own photo, or (no WLT decoder at this site) the
    platform's photo of the person fetched in the background; None when neither."""
    reference = card_reference(card)
    if reference is not None:
        then(reference)
        return
    number = card.id_number
    op = call_platform(
        "platform.reference_photo", lambda: platform.reference_photo(number), timeout
    )
    watch(op, lambda c: then(c.value if c.ok else None))


def rejection_message(c: Completion[FaceMatch], attempts_left: int) -> Text:
    """What the resident is told after a failed check, ``attempts_left`` already counted."""
    if attempts_left == 0:
        return messages.FACE_EXHAUSTED
    if c.value is not None and not c.value.live:
        return messages.FACE_NOT_LIVE
    if c.value is not None:
        return messages.FACE_NO_MATCH
    return c.text


def without_photo(card: IdentityCard) -> IdentityCard:
    """``card`` without its photo (decoded and WLT): face images stay on the terminal only
    until the check has decided, then they are dropped from the session."""
    if not card.photo and not card.photo_wlt:
        return card
    return dataclasses.replace(card, photo=None, photo_wlt=b"")
