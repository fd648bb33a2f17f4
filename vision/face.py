"""The face check's entry points: the process-wide face models, the biggest face in a
picture, and the 1:1 compare of two embeddings.

dlib's model loaders and its embedding network hold Python's interpreter lock for
their whole run (0.3-0.8 s to load each model, ~0.1 s an embedding), which would
freeze the GUI thread however the work is threaded. So the kiosk process never
loads them: :func:`get_models` hands out a :class:`~vision.face_analysis.FaceAnalyser`
whose models live in the vision helper process (:mod:`vision.face_helper`), one round
trip a frame. ``KIOSK_VISION_IN_PROCESS=1`` (one-shot commands) loads
:class:`~vision.face_models.FaceModels` here instead; results are the same.

The threshold: Euclidean distance between embeddings, ``<=`` :data:`DEFAULT_THRESHOLD`
is the same person. See docs/adr for how it was chosen.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from vision.face_analysis import ALWAYS, Embedding, FaceAnalyser, FaceAnalysis
from vision.face_helper import HelperFaceModels
from vision.face_models import FaceModels
from vision.imaging import Pixels
from vision.lazy import Lazy
from vision.worker import in_process

#: Same person when the embedding distance is at most this (docs/adr/0007-*).
DEFAULT_THRESHOLD = 0.5


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


def _load_models() -> FaceAnalyser:
    models: FaceAnalyser = FaceModels() if in_process() else HelperFaceModels()
    models.warm_up()
    return models


_models = Lazy(_load_models)


def get_models() -> FaceAnalyser:
    """The process-wide face models, loaded on first use (about a second): in the vision
    helper process (:mod:`vision.face_helper`), or here with
    ``KIOSK_VISION_IN_PROCESS=1``."""
    return _models.get()


def models_loaded() -> bool:
    return _models.made
