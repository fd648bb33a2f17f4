"""Liveness: the challenge logic on made-up landmarks, then the whole verifier on
synthetic camera sequences made from a public-domain portrait (real dlib models)."""

from __future__ import annotations

import random
from collections.abc import Sequence

import numpy as np
import pytest

from device_contracts import CompletionCode, FaceMatch, Image, Progress
from devices.camera.face_verifier import DlibFaceVerifier
from devices.camera.sim_faces import performed, photo_replay
from devices.camera.sources import Frame, SequenceSource
from tests.vision.test_face import id_photo
from vision.face_models import FaceModels
from vision.imaging import Pixels, encode_jpeg
from vision.landmarks import eye_aspect_ratio, yaw_ratio
from vision.liveness import (
    Challenge,
    LivenessCheck,
    Verdict,
    random_challenges,
)

RESULT_WAIT_S = 120.0  # a bound for "it completes", not a performance assertion


def fake_landmarks(ear: float = 0.3, yaw: float = 0.0) -> np.ndarray:
    pts = np.zeros((68, 2), np.float32)
    for i in range(17):  # jaw: a U from x=100 to x=300
        a = np.pi * i / 16
        pts[i] = (200 - 100 * np.cos(a), 250 + 100 * np.sin(a))
    pts[30] = (200 + yaw * 200, 260)
    for start, x in ((36, 140), (42, 230)):
        w, h, y = 40.0, 40.0 * ear, 200.0
        pts[start : start + 6] = [
            (x, y),
            (x + w / 3, y - h / 2),
            (x + 2 * w / 3, y - h / 2),
            (x + w, y),
            (x + 2 * w / 3, y + h / 2),
            (x + w / 3, y + h / 2),
        ]
    return pts


def run(check: LivenessCheck, frames: Sequence[np.ndarray | None], fps: float = 15) -> Verdict:
    for i, lm in enumerate(frames):
        check.feed(lm, i / fps)
    return check.verdict


OPEN = [fake_landmarks()] * 4
BLINK = [fake_landmarks(e) for e in (0.3, 0.2, 0.1, 0.12, 0.25, 0.31)]
LEFT = [fake_landmarks(yaw=y) for y in (0.03, 0.07, 0.12, 0.12, 0.04, 0.0)]
RIGHT = [fake_landmarks(yaw=-y) for y in (0.03, 0.07, 0.12, 0.12, 0.04, 0.0)]


def test_measures() -> None:
    assert eye_aspect_ratio(fake_landmarks(0.3)) == pytest.approx(0.3, abs=1e-4)
    assert yaw_ratio(fake_landmarks(yaw=0.1)) == pytest.approx(0.1, abs=1e-3)


def test_blink_then_turn_passes() -> None:
    check = LivenessCheck([Challenge.BLINK, Challenge.TURN_LEFT])
    assert check.prompt is not None and "眨" in check.prompt.zh
    assert run(check, OPEN + BLINK + OPEN + LEFT) is Verdict.PASSED
    assert check.done == [Challenge.BLINK, Challenge.TURN_LEFT]


def test_order_matters() -> None:
    check = LivenessCheck([Challenge.TURN_RIGHT, Challenge.BLINK], step_s=2)
    # blinking first does nothing for the turn; the turn must come within its limit
    assert run(check, OPEN + BLINK + OPEN * 3 + RIGHT + OPEN + BLINK) is Verdict.PASSED
    wrong_way = LivenessCheck([Challenge.TURN_RIGHT], step_s=2)
    assert run(wrong_way, OPEN + LEFT + OPEN * 30) is Verdict.FAILED


def test_still_face_fails_on_the_time_limit() -> None:
    check = LivenessCheck([Challenge.BLINK, Challenge.TURN_LEFT], step_s=3)
    still = fake_landmarks()
    assert check.feed(still, 0.0) is Verdict.RUNNING
    assert check.feed(still, 2.9) is Verdict.RUNNING
    assert check.feed(still, 3.1) is Verdict.FAILED
    assert "blink" in check.reason


def test_no_face_frames_do_not_start_the_clock() -> None:
    check = LivenessCheck([Challenge.BLINK], step_s=1)
    assert run(check, [None] * 100) is Verdict.RUNNING


def test_random_order_uses_both_kinds() -> None:
    seen = {random_challenges(random.Random(seed)) for seed in range(40)}
    assert all(Challenge.BLINK in order and len(order) == 2 for order in seen)
    assert len(seen) == 4  # blink first or second, turn left or right


# ------------------------------------------------------------------ the whole verifier


class RecordingSource(SequenceSource):
    """Remembers every frame it hands out, to check they are wiped afterwards."""

    def __init__(self, frames: Sequence[Pixels]) -> None:
        super().__init__(list(frames), fps=15, realtime=False, loop=False)
        self.handed_out: list[Frame] = []

    def read(self) -> Frame | None:
        frame = super().read()
        assert frame is not None
        self.handed_out.append(frame)
        return frame


def verify(
    frames: Sequence[Pixels],
    reference: Image,
    challenges: Sequence[Challenge],
    step_s: float = 3.0,
) -> tuple[FaceMatch | None, CompletionCode, RecordingSource, DlibFaceVerifier, list[str]]:
    source = RecordingSource(frames)
    verifier = DlibFaceVerifier(lambda: source, challenges=challenges, step_s=step_s)
    verifier.open()
    prompts: list[str] = []
    op = verifier.verify(reference, timeout=RESULT_WAIT_S)
    op.add_event_listener(
        lambda e: prompts.append(e.message.en) if isinstance(e, Progress) else None
    )
    completion = op.result(timeout=RESULT_WAIT_S + 5)
    return completion.value, completion.code, source, verifier, prompts


@pytest.fixture(scope="module")
def astronaut_reference(face_models: FaceModels, astronaut: Pixels) -> Image:
    return encode_jpeg(id_photo(astronaut))


@pytest.mark.parametrize(
    "order", [(Challenge.BLINK, Challenge.TURN_LEFT), (Challenge.TURN_RIGHT, Challenge.BLINK)]
)
def test_live_person_passes_and_matches(
    astronaut: Pixels, astronaut_reference: Image, order: tuple[Challenge, Challenge]
) -> None:
    result, code, source, verifier, prompts = verify(
        performed(astronaut, order, seed=len(order[0])), astronaut_reference, order
    )
    assert code is CompletionCode.SUCCESS and result is not None
    assert result.live and result.matched
    assert result.distance <= result.threshold
    assert prompts[0] == "Look at the camera"
    assert any("blink" in p for p in prompts) and any("turn" in p for p in prompts)
    # every frame was overwritten after use, and no preview frame survives the decision
    assert source.handed_out and all(not f.pixels.any() for f in source.handed_out)
    assert verifier.latest_frame() is None


def test_printed_photo_replay_fails_liveness(astronaut: Pixels, astronaut_reference: Image) -> None:
    result, code, _s, _v, _p = verify(
        photo_replay(astronaut, count=60),
        astronaut_reference,
        (Challenge.BLINK, Challenge.TURN_LEFT),
        step_s=2.5,
    )
    assert code is CompletionCode.SUCCESS and result is not None
    assert not result.live
    assert result.matched  # it is her face: the photo is what fails


def test_someone_else_does_not_match(astronaut: Pixels, hopper: Pixels) -> None:
    order = (Challenge.TURN_LEFT, Challenge.BLINK)
    result, code, _s, _v, _p = verify(
        performed(astronaut, order), encode_jpeg(id_photo(hopper)), order
    )
    assert code is CompletionCode.SUCCESS and result is not None
    assert result.live and not result.matched


def test_no_reference_is_refused(face_models: FaceModels) -> None:
    verifier = DlibFaceVerifier(lambda: RecordingSource([np.zeros((4, 4, 3), np.uint8)]))
    verifier.open()
    completion = verifier.verify(None, timeout=5).result(timeout=RESULT_WAIT_S)
    assert completion.code is CompletionCode.INVALID_DATA
