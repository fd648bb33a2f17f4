"""The simulated face verifier."""

from __future__ import annotations

import threading
import time

from devices.base import CompletionCode, FaceMatch, FaceVerifier, Image, Progress
from devices.sim import SimFaceVerifier
from devices.sim.face import HOLD_STILL, LOOK
from tests.devices.conftest import DONE_S, Recorder

REFERENCE = Image(b"\x89PNG", "image/png", 1, 1)


def test_default_is_a_live_match_after_the_delay(face: SimFaceVerifier) -> None:
    assert isinstance(face, FaceVerifier)
    started = time.monotonic()
    completion = face.verify(REFERENCE, timeout=2).result(DONE_S)
    assert time.monotonic() - started >= 0.14
    assert completion.value == FaceMatch(matched=True, distance=0.35, threshold=0.6, live=True)


def test_prompts_the_person_while_it_runs(face: SimFaceVerifier) -> None:
    recorder = Recorder()
    op = face.verify(REFERENCE, timeout=2)
    op.add_event_listener(recorder)
    assert op.result(DONE_S).ok
    messages = [e.message for e in recorder.of(Progress)]
    assert messages == [LOOK, HOLD_STILL]
    assert LOOK.zh == "请正视摄像头" and LOOK.en == "Look at the camera"


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
