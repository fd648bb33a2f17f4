"""Liveness by challenge and response: a blink and a head turn, in random order.

Each frame's 68 landmarks feed :class:`LivenessCheck`. A blink is the eye
aspect ratio (EAR, Soukupová and Čech 2016) dropping well below the person's
own open-eye level and coming back. A head turn is the nose tip moving
sideways relative to the jaw outline (a yaw proxy that a photo tilted or
turned in front of the camera does not change, because the whole picture
turns together). Each challenge has a time limit; a still photo, which can
do neither, fails on the first one.
"""

from __future__ import annotations

import enum
import random
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from device_contracts import Text
from vision.landmarks import Landmarks, eye_aspect_ratio, yaw_ratio

#: A blink: EAR under this share of the open-eye level ...
BLINK_CLOSED_RATIO = 0.7
#: ... and back over this share afterwards.
BLINK_OPEN_RATIO = 0.85
#: A turn: the nose moves this share of the face width off its starting position.
TURN_SHIFT = 0.08
#: Frames used to learn the person's own open-eye EAR and straight-ahead yaw.
BASELINE_FRAMES = 3


class Challenge(enum.StrEnum):
    BLINK = "blink"
    TURN_LEFT = "turn_left"  # the person's own left (the nose moves to the image's right)
    TURN_RIGHT = "turn_right"


PROMPTS: dict[Challenge, Text] = {
    Challenge.BLINK: Text("请眨眨眼", "Please blink"),
    Challenge.TURN_LEFT: Text("请向左转头", "Please turn your head to the left"),
    Challenge.TURN_RIGHT: Text("请向右转头", "Please turn your head to the right"),
}


class Verdict(enum.StrEnum):
    RUNNING = "running"
    PASSED = "passed"
    FAILED = "failed"


def random_challenges(rng: random.Random | None = None) -> tuple[Challenge, ...]:
    """A blink and a turn (random side), in random order."""
    pick = rng or random.Random(secrets.randbits(64))
    turn = pick.choice((Challenge.TURN_LEFT, Challenge.TURN_RIGHT))
    order = [Challenge.BLINK, turn]
    pick.shuffle(order)
    return tuple(order)


@dataclass
class _Step:
    challenge: Challenge
    started: float | None = None
    samples: list[float] = field(default_factory=list)
    baseline: float | None = None
    armed: bool = False  # blink: eyes seen closed


class LivenessCheck:
    """Feed landmarks frame by frame; the verdict is PASSED once every challenge is met.

    ``step_s``: the time limit of each challenge, counted from its first frame with
    a face. Time comes from the caller (frame timestamps), so tests need no clock.
    """

    def __init__(self, challenges: Sequence[Challenge] | None = None, step_s: float = 6.0) -> None:
        self.challenges = tuple(challenges) if challenges is not None else random_challenges()
        if not self.challenges:
            raise ValueError("at least one challenge")
        self.step_s = step_s
        self._index = 0
        self._step = _Step(self.challenges[0])
        self.verdict = Verdict.RUNNING
        self.reason = ""
        self.done: list[Challenge] = []

    @property
    def current(self) -> Challenge | None:
        return self._step.challenge if self.verdict is Verdict.RUNNING else None

    @property
    def prompt(self) -> Text | None:
        current = self.current
        return PROMPTS[current] if current is not None else None

    def feed(self, landmarks: Landmarks | None, now: float) -> Verdict:
        if self.verdict is not Verdict.RUNNING:
            return self.verdict
        step = self._step
        if step.started is not None and now - step.started > self.step_s:
            self.verdict = Verdict.FAILED
            self.reason = f"{step.challenge.value} not seen within {self.step_s:g}s"
            return self.verdict
        if landmarks is None:
            return self.verdict
        if step.started is None:
            step.started = now
        if step.challenge is Challenge.BLINK:
            met = self._blink(step, eye_aspect_ratio(landmarks))
        else:
            met = self._turn(step, yaw_ratio(landmarks))
        if met:
            self.done.append(step.challenge)
            self._index += 1
            if self._index == len(self.challenges):
                self.verdict = Verdict.PASSED
            else:
                self._step = _Step(self.challenges[self._index])
        return self.verdict

    def _learn(self, step: _Step, value: float) -> bool:
        """Collect the baseline; True once it is known."""
        if step.baseline is not None:
            return True
        step.samples.append(value)
        if len(step.samples) >= BASELINE_FRAMES:
            step.baseline = float(np.median(step.samples))
        return False

    def _blink(self, step: _Step, ear: float) -> bool:
        if not self._learn(step, ear):
            return False
        assert step.baseline is not None
        # a higher open level later (the first frames caught a half-blink) raises the baseline
        if not step.armed and ear > step.baseline:
            step.baseline = ear
        if ear < step.baseline * BLINK_CLOSED_RATIO:
            step.armed = True
        return step.armed and ear > step.baseline * BLINK_OPEN_RATIO

    def _turn(self, step: _Step, yaw: float) -> bool:
        if not self._learn(step, yaw):
            return False
        assert step.baseline is not None
        shift = yaw - step.baseline
        if step.challenge is Challenge.TURN_LEFT:
            return shift >= TURN_SHIFT
        return shift <= -TURN_SHIFT
