"""The parts of a face check that the declaration and the pickup share: where the
reference picture comes from, what a rejection says to the resident, and dropping the
card's photo once the check has decided."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from device_contracts import Completion, CompletionCode, FaceMatch, IdentityCard, Image, Text
from flows import messages
from flows.photo import card_reference
from flows.ports import Platform

#: how a flow calls the platform and hears its answer (MachineFlow._call_platform)
CallPlatform = Callable[[str, Callable[[], Any], Callable[[Completion[Any]], None]], Any]


def fetch_reference(
    card: IdentityCard,
    platform: Platform,
    call_platform: CallPlatform,
    then: Callable[[Image | None], None],
) -> None:
    """Call ``then`` with the card's own photo, or (no WLT decoder at this site) the
    platform's photo of the person fetched in the background; None when neither."""
    reference = card_reference(card)
    if reference is not None:
        then(reference)
        return
    number = card.id_number
    call_platform(
        "platform.reference_photo",
        lambda: platform.reference_photo(number),
        lambda c: then(c.value if c.ok else None),
    )


#: why the last try failed, said once on the face-failed screen with no tries left (its
#: next step, the assisted path, is the screen's own line): no "try again" in them
FINAL_NOT_LIVE = Text(
    "原因：未通过活体检测（没有看到按提示做的眨眼或转头）。",
    "Why: the liveness check did not pass (no blink or head turn as asked).",
)
FINAL_NO_MATCH = Text(
    "原因：摄像头前的人脸与身份证照片比对不是同一人。",
    "Why: the face at the camera and the photo on the ID card did not match as the same person.",
)
FINAL_NO_FACE = Text("原因：摄像头没有找到人脸。", "Why: the camera found no face.")


def rejection_message(c: Completion[FaceMatch], attempts_left: int) -> Text:
    """What the resident is told after a failed check, ``attempts_left`` already counted:
    the try-again hint while tries remain, after the last one why it failed (no face
    found, not live, not the same person; else the device's own words)."""
    if attempts_left == 0:
        if c.value is not None:
            return FINAL_NOT_LIVE if not c.value.live else FINAL_NO_MATCH
        if c.code is CompletionCode.TIMEOUT:  # the verifiers' "no face seen"
            return FINAL_NO_FACE
        return c.text if c.text.zh else messages.FACE_EXHAUSTED
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
