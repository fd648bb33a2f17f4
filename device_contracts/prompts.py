"""The prompts a running face check or live document capture sends: where it is
(its step), why it cannot go on right now (its hint), as a screen shows them."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from device_contracts.events import Progress


class FaceStep(enum.StrEnum):
    """Where a face check is: what the person is asked to do now."""

    LOOK = "look"  # look at the camera (the face is being found)
    BLINK = "blink"
    TURN_LEFT = "turn_left"  # the person's own left
    TURN_RIGHT = "turn_right"
    VERIFYING = "verifying"  # the challenges are met: comparing with the reference


class FaceHint(enum.StrEnum):
    """Why the camera cannot see the face well right now (shown beside the step)."""

    NO_FACE = "no_face"
    TWO_FACES = "two_faces"
    TOO_FAR = "too_far"
    TOO_DARK = "too_dark"
    COVERED = "covered"  # the picture is flat: the lens or the face is covered


@dataclass(frozen=True)
class FacePrompt(Progress):
    """A face check's current step and hint, as a screen shows them: ``done`` of ``total``
    liveness challenges met. ``message`` says the same in words (for listeners that only
    know :class:`Progress`). Never carries a picture or anything personal."""

    step: FaceStep = FaceStep.LOOK
    hint: FaceHint | None = None
    done: int = 0
    total: int = 0


class PageStep(enum.StrEnum):
    """Where a live document capture is: what the person is asked to do now."""

    PLACE = "place"  # no page seen: lay one flat under the camera
    HOLD = "hold"  # a page is there and moving: hold it still
    STEADY = "steady"  # still and clear: the picture is taken once it has stayed so
    TAKEN = "taken"  # this page was taken: lay the next one (or go on)


class PageHint(enum.StrEnum):
    """Why the page cannot be taken as it lies (shown over the live picture)."""

    TOO_DARK = "too_dark"
    BLURRED = "blurred"  # out of focus, or a lifted, curled page
    GLARE = "glare"  # a patch of the page is burnt white by a light
    CUT_OFF = "cut_off"  # the page runs off the picture's edge
    HAND = "hand"  # a hand (skin) lies on the page


@dataclass(frozen=True)
class PagePrompt(Progress):
    """A live document capture's current step and hint, as a screen shows them;
    ``steady``: how far the page is towards its auto-capture (0 to 1). ``message`` says the
    same in words. Never carries a picture."""

    step: PageStep = PageStep.PLACE
    hint: PageHint | None = None
    steady: float = 0.0
