"""A simulated face camera with 1:1 verification and liveness (人证核验).

It asks what the real check asks, in the same order and with the same prompts
(:class:`~device_contracts.FacePrompt`: look, a blink and a head turn in random order,
verifying), and streams the same simulated person (the sample face, from
:mod:`devices.camera.sim_person`, OpenCV only: no face models) to a preview when one is
attached. Who is in front of it:

- nobody told otherwise: a person who does each thing a moment after it is asked (the
  interactive demo: nobody can blink for a simulation);
- a :class:`~devices.camera.sim_person.SimulatedPerson` handed over with
  :meth:`SimFaceVerifier.use_person` (tours, end-to-end tests): a step is met only when
  that person performed it after it was asked, within ``step_s``; otherwise the check
  decides "not live", as the real one does.
"""

from __future__ import annotations

import random
import secrets
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from device_contracts import (
    Completion,
    CompletionCode,
    FaceMatch,
    FaceStep,
    Image,
    Operation,
    PreviewSink,
    Text,
)
from devices.face_prompts import CAMERA_FAULT, NO_FACE_SEEN, NO_REFERENCE, STEP_TEXT, face_prompt
from devices.next_uses import NextUses
from devices.sim._common import SimDevice, Wait

if TYPE_CHECKING:
    from devices.camera.live_feed import LiveFeed
    from devices.camera.sim_person import SimulatedPerson

LOOK = STEP_TEXT[FaceStep.LOOK]
VERIFYING = STEP_TEXT[FaceStep.VERIFYING]
#: the challenges the check draws from: a blink and a turn to either side
TURNS = (FaceStep.TURN_LEFT, FaceStep.TURN_RIGHT)
#: frame rate of the simulated camera (preview and pacing), a webcam's
FPS = 20.0

#: dlib-like distances: the same face sits well under the threshold, another well over it
MATCH_DISTANCE = 0.35
MISMATCH_DISTANCE = 0.72

MESSAGES: Mapping[CompletionCode, Text] = {
    CompletionCode.TIMEOUT: NO_FACE_SEEN,
    CompletionCode.INVALID_DATA: NO_REFERENCE,
    CompletionCode.FRAUD_ATTEMPT: Text("人脸核验未通过", "The face check did not pass"),
    CompletionCode.HARDWARE_ERROR: CAMERA_FAULT,
}


def random_steps(rng: random.Random | None = None) -> tuple[FaceStep, ...]:
    """A blink and a turn (random side), in random order, as the real check draws them."""
    pick = rng or random.Random(secrets.randbits(64))
    order = [FaceStep.BLINK, pick.choice(TURNS)]
    pick.shuffle(order)
    return tuple(order)


class SimFaceVerifier(SimDevice):
    """``FaceVerifier`` that asks for each liveness step and completes with a live match
    after about ``delay`` seconds (the obliging person of the demo).

    The outcome is data, not a failure: a mismatch or a spoof completes with
    SUCCESS and ``FaceMatch(matched=False)`` / ``live=False``; the flow decides.
    ``require_reference``: refuse (INVALID_DATA) when no reference photo is given,
    as a real verifier must; the demo leaves it off. ``challenges``: a fixed order
    (tests); None draws one per check. ``step_s``: the time limit of each challenge for
    a person handed over with :meth:`use_person`.
    Controls: :meth:`next_result`, :meth:`use_person`, :meth:`fail_next`,
    :meth:`unplug` / :meth:`replug`.
    """

    def __init__(
        self,
        *,
        name: str = "face",
        delay: float = 0.8,
        threshold: float = 0.6,
        require_reference: bool = False,
        challenges: Sequence[FaceStep] | None = None,
        step_s: float = 6.0,
    ) -> None:
        super().__init__(name, MESSAGES)
        self.delay = delay
        self.threshold = threshold
        self.require_reference = require_reference
        self.challenges = tuple(challenges) if challenges is not None else None
        self.step_s = step_s
        self._next_result: NextUses[tuple[bool, bool]] = NextUses()
        self._person: NextUses[SimulatedPerson] = NextUses()
        self._preview: PreviewSink | None = None
        self._preview_lock = threading.Lock()

    def next_result(self, matched: bool, live: bool = True, *, times: int = 1) -> None:
        """The outcome of the next verify (``times`` verifies; then back to a live match)."""
        with self._lock:
            self._next_result.set((matched, live), times)

    def use_person(self, person: SimulatedPerson, *, times: int = 1) -> None:
        """The next ``times`` checks film ``person``, who does only what they are told."""
        with self._lock:
            self._person.set(person, times)

    def set_preview(self, sink: PreviewSink | None) -> None:
        """Where the live picture goes while a check runs (None: nowhere)."""
        with self._preview_lock:
            self._preview = sink

    def live_feed(self) -> LiveFeed:
        """The simulated person filmed outside a check: the video call with a clerk."""
        from devices.camera.live_feed import LiveFeed
        from devices.camera.sim_person import SimulatedPerson

        return LiveFeed(lambda: SimulatedPerson().source(), self.name)

    def verify(self, reference: Image | None, timeout: float) -> Operation[FaceMatch]:
        def precheck() -> Completion[FaceMatch] | None:
            if reference is None and self.require_reference:
                return self._failure(CompletionCode.INVALID_DATA, "no reference photo")
            return None

        return self._start("verify", timeout, self._verify, precheck=precheck)

    def _capabilities(self) -> Mapping[str, object]:
        return {"liveness": True, "threshold": self.threshold}

    def _take_person(self) -> SimulatedPerson | None:
        with self._lock:
            return self._person.take()

    def _verify(self, op: Operation[FaceMatch], deadline: float) -> Completion[FaceMatch]:
        directed = self._take_person()
        film = _Film(self, directed)
        steps = self.challenges or random_steps()
        total = len(steps)
        pace = self.delay / (total + 2)
        live = True
        op.emit(face_prompt(self.name, FaceStep.LOOK, None, 0, total))
        waited = film.roll(op, pace, deadline)
        for done, step in enumerate(steps):
            if waited is not Wait.READY:
                return self._ended(waited)
            op.emit(face_prompt(self.name, step, None, done, total))
            if directed is None:
                film.oblige(step)
                waited = film.roll(op, pace, deadline)
                continue
            waited = film.roll(op, self.step_s, deadline, until=_performed(directed, step))
            if waited is Wait.TIMEOUT and time.monotonic() < deadline:
                live, waited = False, Wait.READY  # the step's time limit: not live
                break
        if waited is not Wait.READY:
            return self._ended(waited)
        if live:
            op.emit(face_prompt(self.name, FaceStep.VERIFYING, None, total, total))
            waited = film.roll(op, pace, deadline)
            if waited is not Wait.READY:
                return self._ended(waited)
        with self._lock:
            matched, scripted_live = self._next_result.take() or (True, True)
        distance = MATCH_DISTANCE if matched else MISMATCH_DISTANCE
        return Completion.success(
            FaceMatch(matched, distance, self.threshold, live and scripted_live)
        )


def _performed(person: SimulatedPerson, step: FaceStep) -> Callable[[], bool]:
    """Has ``person`` done ``step`` since now (what they did before it was asked does
    not count)?"""
    mark = person.count()
    return lambda: step in person.performed_since(mark)


class _Film:
    """The simulated camera's frames during one check: :data:`FPS`, each handed to the
    preview when one is attached (scaled and converted here, off the GUI thread); a
    directed person's motions move on whether or not anyone watches."""

    def __init__(self, device: SimFaceVerifier, person: SimulatedPerson | None) -> None:
        self._device = device
        self._person = person

    def person(self) -> SimulatedPerson:
        if self._person is None:
            from devices.camera.sim_person import SimulatedPerson

            self._person = SimulatedPerson()
        return self._person

    def oblige(self, step: FaceStep) -> None:
        """The demo's obliging person does ``step`` on camera (only filmed when watched)."""
        if self._sink() is not None:
            self.person().act(step)

    def roll(
        self,
        op: Operation[FaceMatch],
        seconds: float,
        deadline: float,
        until: Callable[[], bool] | None = None,
    ) -> Wait:
        """Film for ``seconds``: READY; with ``until``, READY as soon as it holds and
        TIMEOUT if it never did; CANCELLED etc. as the device's waits end."""
        end = time.monotonic() + seconds
        while True:
            sink = self._sink()
            if sink is not None or self._person is not None:
                self._frame(sink)
            if until is not None and until():
                return Wait.READY
            now = time.monotonic()
            if now >= end:
                return Wait.TIMEOUT if until is not None else Wait.READY
            waited = self._device._pause(op, min(1 / FPS, end - now), deadline)
            if waited is not Wait.READY:
                return waited

    def _sink(self) -> PreviewSink | None:
        with self._device._preview_lock:
            return self._device._preview

    def _frame(self, sink: PreviewSink | None) -> None:
        person = self.person()
        pixels = person.frame(render=sink is not None)
        if sink is None or pixels is None:
            return
        from devices.camera.face_preview import preview_frame

        sink.offer(preview_frame(pixels, sink, person.portrait().analysis.box))
