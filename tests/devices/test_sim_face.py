"""The simulated face verifier."""

from __future__ import annotations

import threading
import time

from device_contracts import (
    CompletionCode,
    DeviceEvent,
    FaceMatch,
    FacePrompt,
    FaceStep,
    FaceVerifier,
    Image,
    PreviewFrame,
    Progress,
)
from devices.camera.sim_person import SimulatedPerson
from devices.sim import SimFaceVerifier
from devices.sim.face import LOOK
from tests.devices.conftest import DONE_S, Recorder

REFERENCE = Image(b"\x89PNG", "image/png", 1, 1)


def test_default_is_a_live_match_after_the_delay(face: SimFaceVerifier) -> None:
    assert isinstance(face, FaceVerifier)
    started = time.monotonic()
    completion = face.verify(REFERENCE, timeout=2).result(DONE_S)
    assert time.monotonic() - started >= 0.14
    assert completion.value == FaceMatch(matched=True, distance=0.35, threshold=0.6, live=True)


def test_prompts_the_person_while_it_runs(face: SimFaceVerifier) -> None:
    """The steps a real check asks for, in order: look, a blink and a turn (random order
    and side), then verifying; each says how many challenges are met."""
    recorder = Recorder()
    op = face.verify(REFERENCE, timeout=2)
    op.add_event_listener(recorder)
    assert op.result(DONE_S).ok
    prompts = [e for e in recorder.of(Progress) if isinstance(e, FacePrompt)]
    steps = [p.step for p in prompts]
    assert steps[0] is FaceStep.LOOK and steps[-1] is FaceStep.VERIFYING
    assert FaceStep.BLINK in steps[1:3]
    assert len(set(steps[1:3]) & {FaceStep.TURN_LEFT, FaceStep.TURN_RIGHT}) == 1
    assert [p.done for p in prompts] == [0, 0, 1, 2] and {p.total for p in prompts} == {2}
    assert prompts[0].message == LOOK
    assert LOOK.zh == "请正视摄像头" and LOOK.en == "Look at the camera"


def test_a_person_handed_over_passes_only_doing_what_is_asked() -> None:
    """A tour's resident: each step is met only once the person did it after being asked."""
    face = SimFaceVerifier(delay=0.15, challenges=(FaceStep.TURN_RIGHT, FaceStep.BLINK))
    face.open()
    person = SimulatedPerson()
    face.use_person(person)
    asked: list[FaceStep] = []

    def obey(event: DeviceEvent) -> None:
        if isinstance(event, FacePrompt) and event.step not in asked:
            asked.append(event.step)
            person.act(event.step)

    op = face.verify(REFERENCE, timeout=10)
    op.add_event_listener(obey)
    match = op.result(DONE_S + 10).unwrap()
    assert match.live and match.matched
    assert asked == [FaceStep.LOOK, FaceStep.TURN_RIGHT, FaceStep.BLINK, FaceStep.VERIFYING]
    assert person.performed == [FaceStep.TURN_RIGHT, FaceStep.BLINK]


def test_a_person_who_never_blinks_is_not_live() -> None:
    face = SimFaceVerifier(delay=0.15, challenges=(FaceStep.BLINK,), step_s=0.5)
    face.open()
    face.use_person(SimulatedPerson())
    recorder = Recorder()
    op = face.verify(REFERENCE, timeout=10)
    op.add_event_listener(recorder)
    match = op.result(DONE_S + 10).unwrap()
    assert not match.live
    steps = [e.step for e in recorder.of(Progress) if isinstance(e, FacePrompt)]
    assert steps == [FaceStep.LOOK, FaceStep.BLINK], "asked to blink, never further"


def test_streams_the_sample_face_to_a_preview() -> None:
    face = SimFaceVerifier(delay=0.6)
    face.open()
    frames: list[PreviewFrame] = []

    class Sink:
        size = (160, 120)
        mirror = True

        def offer(self, frame: PreviewFrame) -> None:
            frames.append(frame)

    face.set_preview(Sink())
    assert face.verify(REFERENCE, timeout=5).result(DONE_S + 5).ok
    assert len(frames) >= 3
    assert all(len(f.rgb) == 160 * 120 * 3 and f.box is not None for f in frames)
    face.set_preview(None)
    count = len(frames)
    assert face.verify(REFERENCE, timeout=5).result(DONE_S + 5).ok
    assert len(frames) == count, "no preview once detached"


def test_next_result_is_one_shot(face: SimFaceVerifier) -> None:
    face.next_result(matched=False, live=True)
    mismatch = face.verify(REFERENCE, timeout=2).result(DONE_S).unwrap()
    assert not mismatch.matched and mismatch.distance > mismatch.threshold
    face.next_result(matched=True, live=False)
    spoof = face.verify(REFERENCE, timeout=2).result(DONE_S).unwrap()
    assert spoof.matched and not spoof.live
    assert face.verify(REFERENCE, timeout=2).result(DONE_S).unwrap().matched


def test_next_result_for_several_verifies(face: SimFaceVerifier) -> None:
    """A demo of the last failed try needs every try to fail, not only the first."""
    face.next_result(matched=False, times=3)
    outcomes = [face.verify(REFERENCE, timeout=2).result(DONE_S).unwrap() for _ in range(4)]
    assert [m.matched for m in outcomes] == [False, False, False, True]


def test_no_reference_is_accepted_unless_required(face: SimFaceVerifier) -> None:
    assert face.verify(None, timeout=2).result(DONE_S).ok
    strict = SimFaceVerifier(delay=0.01, require_reference=True)
    strict.open()
    completion = strict.verify(None, timeout=2).result(DONE_S)
    assert completion.code is CompletionCode.INVALID_DATA
    assert "照片" in completion.text.zh


def test_timeout_when_no_face_in_time(face: SimFaceVerifier) -> None:
    completion = face.verify(REFERENCE, timeout=0.05).result(DONE_S)
    assert completion.code is CompletionCode.TIMEOUT
    assert "人脸" in completion.text.zh


def test_cancel(face: SimFaceVerifier) -> None:
    op = face.verify(REFERENCE, timeout=2)
    threading.Timer(0.03, op.cancel).start()
    assert op.result(DONE_S).code is CompletionCode.CANCELLED


def test_injected_fault(face: SimFaceVerifier) -> None:
    face.fail_next(CompletionCode.FRAUD_ATTEMPT)
    completion = face.verify(REFERENCE, timeout=2).result(DONE_S)
    assert completion.code is CompletionCode.FRAUD_ATTEMPT
    assert completion.text.en == "The face check did not pass"
