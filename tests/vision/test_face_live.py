"""The live face check (issue 18): the dlib verifier says each step as it comes (look,
blink, turn, verifying) and hints when the face is hard to see, hands the screen a
mirrored, scaled picture with the face box, and a simulated person who does only what
the prompt asks passes, while one who never blinks never does."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field

import numpy as np
import pytest

from device_contracts import (
    CompletionCode,
    DeviceEvent,
    FaceHint,
    FacePrompt,
    FaceStep,
    Image,
    PreviewFrame,
)
from devices.camera.face_preview import face_hint, preview_frame
from devices.camera.face_verifier import DlibFaceVerifier
from devices.camera.sim_faces import SAMPLE_FACE, sample_reference_photo
from devices.camera.sim_person import SAMPLE_LANDMARKS, SimulatedPerson, sample_portrait
from vision.face import analyze_face
from vision.face_analysis import FaceBox
from vision.face_models import FaceModels
from vision.imaging import read_file
from vision.liveness import Challenge

RESULT_WAIT_S = 120.0  # a bound for "it completes", not a performance assertion


@dataclass
class Sink:
    """A screen's preview slot: keeps every frame (a test wants to look at them)."""

    size: tuple[int, int] = (320, 240)
    mirror: bool = True
    frames: list[PreviewFrame] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def offer(self, frame: PreviewFrame) -> None:
        with self.lock:
            self.frames.append(frame)


@pytest.fixture(scope="module")
def reference(face_models: FaceModels) -> Image:
    return sample_reference_photo()


def check(
    person: SimulatedPerson,
    reference: Image,
    order: tuple[Challenge, ...],
    *,
    obey: bool,
    sink: Sink | None = None,
    step_s: float = 3.0,
) -> tuple[CompletionCode, object, list[FacePrompt]]:
    """A face check of ``person``; ``obey``: the person does what each prompt asks."""
    verifier = DlibFaceVerifier(
        lambda: person.source(realtime=False), challenges=order, step_s=step_s
    )
    verifier.open()
    verifier.set_preview(sink)
    prompts: list[FacePrompt] = []

    def on_event(event: DeviceEvent) -> None:
        if not isinstance(event, FacePrompt):
            return
        if obey and (not prompts or prompts[-1].step is not event.step):
            person.act(event.step)  # the resident reads the new step and does it
        prompts.append(event)

    op = verifier.verify(reference, timeout=RESULT_WAIT_S)
    op.add_event_listener(on_event)
    completion = op.result(timeout=RESULT_WAIT_S + 5)
    return completion.code, completion.value, prompts


def steps(prompts: list[FacePrompt]) -> list[FaceStep]:
    out: list[FaceStep] = []
    for p in prompts:
        if not out or out[-1] is not p.step:
            out.append(p.step)
    return out


def test_the_stored_landmarks_are_the_models_own(face_models: FaceModels) -> None:
    found = analyze_face(read_file(str(SAMPLE_FACE)), embed=False)
    assert found is not None
    stored = json.loads(SAMPLE_LANDMARKS.read_text(encoding="utf-8"))
    assert np.abs(np.array(stored["landmarks"]) - found.landmarks).max() < 0.5
    box = found.box
    assert np.allclose(stored["box"], [box.left, box.top, box.right, box.bottom], atol=0.5)


@pytest.mark.parametrize(
    "order", [(Challenge.BLINK, Challenge.TURN_LEFT), (Challenge.TURN_RIGHT, Challenge.BLINK)]
)
def test_a_person_who_does_what_each_prompt_says_passes(
    reference: Image, order: tuple[Challenge, ...]
) -> None:
    person = SimulatedPerson(sample_portrait())
    code, result, prompts = check(person, reference, order, obey=True)
    assert code is CompletionCode.SUCCESS
    assert steps(prompts) == [
        FaceStep.LOOK,
        FaceStep(order[0].value),
        FaceStep(order[1].value),
        FaceStep.VERIFYING,
    ]
    assert next(p.done for p in prompts if p.step is FaceStep.VERIFYING) == 2
    assert all(p.total == 2 for p in prompts)
    assert person.performed == [FaceStep(c.value) for c in order], "only what was asked"
    assert getattr(result, "live", False) and getattr(result, "matched", False)


def test_a_person_who_never_blinks_never_passes_and_is_asked_to_blink(reference: Image) -> None:
    person = SimulatedPerson(sample_portrait())
    code, result, prompts = check(
        person, reference, (Challenge.BLINK, Challenge.TURN_LEFT), obey=False, step_s=2.0
    )
    assert code is CompletionCode.SUCCESS  # a decision: not live
    assert result is not None and not getattr(result, "live", True)
    assert steps(prompts) == [FaceStep.LOOK, FaceStep.BLINK], "asked to blink, and no further"


def test_the_preview_is_mirrored_scaled_rgb_with_the_face_box(reference: Image) -> None:
    person = SimulatedPerson(sample_portrait())
    sink = Sink()
    check(person, reference, (Challenge.BLINK, Challenge.TURN_RIGHT), obey=True, sink=sink)
    assert len(sink.frames) > 10
    frame = sink.frames[0]
    assert (frame.width, frame.height) == (320, 240)
    assert len(frame.rgb) == 320 * 240 * 3
    assert frame.box is not None
    left, top, right, bottom = frame.box
    assert 0 <= left < right <= 320 and 0 <= top < bottom <= 240
    assert repr(frame) == "PreviewFrame(320x240)", "no picture bytes in a log line"


def test_preview_frames_are_mirrored_left_right() -> None:
    pixels = np.zeros((480, 640, 3), np.uint8)
    pixels[:, :320] = (255, 0, 0)  # blue (BGR) on the camera's left half
    box = FaceBox(100, 100, 200, 200, 1.0)
    mirrored = preview_frame(pixels, Sink(size=(64, 48)), box)
    rgb = np.frombuffer(mirrored.rgb, np.uint8).reshape(48, 64, 3)
    assert tuple(rgb[24, 60]) == (0, 0, 255), "the camera's left is shown on the right"
    assert tuple(rgb[24, 3]) == (0, 0, 0)
    assert mirrored.box == (44, 10, 54, 20)
    plain = preview_frame(pixels, Sink(size=(64, 48), mirror=False), box)
    assert plain.box == (10, 10, 20, 20)


def test_hints_for_a_face_hard_to_see() -> None:
    portrait = sample_portrait()
    frame, box = portrait.frame, portrait.analysis.box
    assert face_hint(frame, [box], 0) is None
    assert face_hint(frame, [box, box], 0) is FaceHint.TWO_FACES
    small = FaceBox(box.left, box.top, box.left + 60, box.top + 60, 1.0)
    assert face_hint(frame, [small], 0) is FaceHint.TOO_FAR
    assert face_hint((frame * 0.1).astype(np.uint8), [box], 0) is FaceHint.TOO_DARK
    flat = np.full_like(frame, 128)
    assert face_hint(flat, [], 9) is FaceHint.COVERED
    assert face_hint(frame, [], 1) is None, "one missed frame is no reason to nag"
    assert face_hint(frame, [], 9) is FaceHint.NO_FACE
