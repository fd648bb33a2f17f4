"""The face camera's 1:1 check with liveness: OpenCV frames, dlib models, a challenge.

``verify(reference)``: embed the reference photo; then, frame by frame, find the
face and its landmarks and run the blink and head-turn challenges (random
order, a time limit each). The live face is embedded at the start and once the
challenges are met; both must match the reference (the same person throughout).
Frames and the reference's pixels are overwritten as soon as they are used; no
face image outlives the decision.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Mapping, Sequence

from device_contracts import (
    Completion,
    CompletionCode,
    FaceHint,
    FaceMatch,
    FaceStep,
    Image,
    Operation,
    PreviewSink,
)
from devices._device_status import NOT_OPEN
from devices.camera._device import NO_CAMERA, CameraDevice
from devices.camera.face_preview import face_hint, preview_frame
from devices.camera.live_feed import LiveFeed
from devices.camera.sources import Frame, FrameSource, SourceError
from devices.face_prompts import CAMERA_FAULT, NO_FACE_SEEN, NO_REFERENCE, STEP_TEXT, face_prompt
from vision.face import DEFAULT_THRESHOLD, analyze_face, distance, get_models
from vision.face_analysis import ALWAYS, Embedding, EmbedWhen, FaceBox
from vision.imaging import ImageDecodeError, Pixels, decode, wipe
from vision.landmarks import yaw_ratio
from vision.liveness import Challenge, LivenessCheck, Verdict, random_challenges

log = logging.getLogger(__name__)

LOOK = STEP_TEXT[FaceStep.LOOK]
_BACKSTOP_S = 2.0
_MAX_MISSED_FRAMES = 30
#: After the challenges, the final embedding waits (up to this many frames) for a frame
#: whose yaw is back within this of the starting pose: turned faces embed worse.
_SETTLE_FRAMES = 20
_FRONTAL_YAW = 0.04


class DlibFaceVerifier(CameraDevice):
    """``FaceVerifier``: camera + dlib 1:1 compare + blink/turn liveness.

    ``challenges``: a fixed order (tests); None draws a random one per check.
    ``step_s``: the time limit of each challenge.
    """

    def __init__(
        self,
        source_factory: Callable[[], FrameSource],
        *,
        name: str = "face",
        threshold: float = DEFAULT_THRESHOLD,
        step_s: float = 6.0,
        challenges: Sequence[Challenge] | None = None,
        rng: random.Random | None = None,
    ) -> None:
        super().__init__(name, source_factory)
        self.threshold = threshold
        self.step_s = step_s
        self.challenges = tuple(challenges) if challenges is not None else None
        self._rng = rng
        self._preview: PreviewSink | None = None

    def set_preview(self, sink: PreviewSink | None) -> None:
        """Where the live picture goes while a check runs (None: nowhere). Frames are
        scaled and converted here, on the check's thread; nothing of them is kept."""
        with self._lock:
            self._preview = sink

    def live_feed(self) -> LiveFeed:
        """The camera's live picture outside a check: the video call with a clerk, once
        the resident consented (never at the same time as a check)."""
        return LiveFeed(self._source_factory, self.name)

    def _offer_preview(self, pixels: Pixels, box: FaceBox | None) -> None:
        with self._lock:
            sink = self._preview
        if sink is not None:
            sink.offer(preview_frame(pixels, sink, box))

    def capabilities(self) -> Mapping[str, object]:
        return {
            "driver": "dlib",
            "liveness": True,
            "threshold": self.threshold,
            "challenges": "blink+turn",
        }

    def verify(self, reference: Image | None, timeout: float) -> Operation[FaceMatch]:
        return Operation[FaceMatch].spawn(
            f"{self.name}.verify",
            lambda op: self._verify(op, reference, time.monotonic() + max(timeout, 0.0)),
            timeout=max(timeout, 0.0) + _BACKSTOP_S,
        )

    # -------------------------------------------------------------------------------
    def _verify(
        self, op: Operation[FaceMatch], reference: Image | None, deadline: float
    ) -> Completion[FaceMatch]:
        if not self._is_open:
            return Completion.failure(CompletionCode.DEVICE_NOT_READY, NOT_OPEN, "not open")
        if reference is None:
            return Completion.failure(CompletionCode.INVALID_DATA, NO_REFERENCE, "no reference")
        ref_embedding = self._reference_embedding(reference)
        if ref_embedding is None:
            return Completion.failure(
                CompletionCode.INVALID_DATA, NO_REFERENCE, "no face in the reference photo"
            )
        if not self._busy.acquire(blocking=False):
            return Completion.failure(CompletionCode.DEVICE_NOT_READY, detail="camera busy")
        self._refresh_status()
        source: FrameSource | None = None
        try:
            source = self._make_source()
            try:
                source.open()
            except (SourceError, OSError) as exc:
                self._set_fault(type(exc).__name__)
                return Completion.failure(CompletionCode.DEVICE_NOT_READY, NO_CAMERA, str(exc))
            self._set_fault("")
            return self._check(op, source, ref_embedding, deadline)
        finally:
            if source is not None:
                source.close()
            preview = self.latest_frame()
            self._show(None)
            if preview is not None:
                wipe(preview.pixels)
            self._busy.release()
            self._refresh_status()

    def _reference_embedding(self, reference: Image) -> Embedding | None:
        try:
            pixels = decode(reference)
        except ImageDecodeError:
            return None
        try:
            found = analyze_face(pixels, embed=True)
        finally:
            wipe(pixels)
        return None if found is None else found.embedding

    def _check(
        self,
        op: Operation[FaceMatch],
        source: FrameSource,
        reference: Embedding,
        deadline: float,
    ) -> Completion[FaceMatch]:
        models = get_models()
        challenges = self.challenges or random_challenges(self._rng)
        liveness = LivenessCheck(challenges, self.step_s)
        total = len(challenges)
        shown: tuple[FaceStep, FaceHint | None, int] = (FaceStep.LOOK, None, 0)
        op.emit(face_prompt(self.name, FaceStep.LOOK, None, 0, total))
        first: Embedding | None = None
        last: Embedding | None = None
        missed = 0
        no_face = 0
        frames = 0
        start_yaw: float | None = None
        settled = 0
        while liveness.verdict is Verdict.RUNNING or (
            liveness.verdict is Verdict.PASSED and last is None
        ):
            if op.cancel_requested:
                return Completion.failure(CompletionCode.CANCELLED, detail="cancelled")
            if time.monotonic() > deadline:
                break
            try:
                frame = source.read()
            except (SourceError, OSError) as exc:
                self._set_fault(type(exc).__name__)
                return Completion.failure(CompletionCode.HARDWARE_ERROR, CAMERA_FAULT, str(exc))
            if frame is None:
                missed += 1
                if missed > _MAX_MISSED_FRAMES:
                    return Completion.failure(
                        CompletionCode.HARDWARE_ERROR, CAMERA_FAULT, "no frames"
                    )
                op.wait_cancelled(0.02)
                continue
            missed = 0
            frames += 1
            # the preview gets its own copy: the frame itself is wiped once analysed
            self._show(Frame(frame.pixels.copy(), frame.t, frame.index))
            try:
                # one round trip to the helper process a frame: the boxes, and the landmarks
                # (plus the embedding when one is due) of a lone face
                embed: EmbedWhen | None = None
                if first is None:
                    embed = ALWAYS
                elif liveness.verdict is Verdict.PASSED:
                    # challenges met: embed a frame looking straight ahead again (or any,
                    # once it has waited long enough); the helper decides from the landmarks
                    embed = (
                        ALWAYS
                        if settled >= _SETTLE_FRAMES
                        else EmbedWhen(start_yaw or 0.0, _FRONTAL_YAW)
                    )
                seen = models.analyse_frame(frame.pixels, embed=embed, lone=True)
                boxes = list(seen.boxes)
                no_face = 0 if boxes else no_face + 1
                hint = face_hint(frame.pixels, boxes, no_face)
                self._offer_preview(frame.pixels, boxes[0] if len(boxes) == 1 else None)
                analysis = seen.face
                if analysis is None:
                    # no face, or two: someone else must not do the blinking
                    liveness.feed(None, frame.t)
                elif first is None:
                    first = analysis.embedding
                    start_yaw = yaw_ratio(analysis.landmarks)
                    liveness.feed(analysis.landmarks, frame.t)
                elif liveness.verdict is Verdict.PASSED:
                    settled += 1
                    last = analysis.embedding  # None while the face is still turned
                else:
                    liveness.feed(analysis.landmarks, frame.t)
            finally:
                wipe(frame.pixels)
            now = (_step(liveness, first is not None), hint, len(liveness.done))
            if now != shown and not liveness.reason:  # no prompt once the check failed
                shown = now
                op.emit(face_prompt(self.name, now[0], now[1], now[2], total))
        if first is None:
            return Completion.failure(CompletionCode.TIMEOUT, NO_FACE_SEEN, "no face seen")
        live = liveness.verdict is Verdict.PASSED
        distances = [distance(reference, first)]
        if last is not None:
            distances.append(distance(reference, last))
        worst = max(distances)
        result = FaceMatch(worst <= self.threshold, worst, self.threshold, live)
        log.info(
            "face check decided",
            extra={
                "device": self.name,
                "matched": result.matched,
                "live": live,
                "distance": round(worst, 3),
                "liveness": "passed" if live else (liveness.reason or "overall time limit"),
                "challenges": [c.value for c in challenges],
                "frames": frames,
            },
        )
        return Completion.success(result)


def _step(liveness: LivenessCheck, face_seen: bool) -> FaceStep:
    """What the person is asked now: look until a face is found, then each challenge,
    then wait while the last picture is compared."""
    if liveness.verdict is Verdict.PASSED:
        return FaceStep.VERIFYING
    current = liveness.current
    if not face_seen or current is None:
        return FaceStep.LOOK
    return FaceStep(current.value)
