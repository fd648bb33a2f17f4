"""What the face models find in a picture, wherever they run (the vision helper process
or this one): the faces' boxes, the biggest face's landmarks and, when asked for, its
embedding; and :class:`FaceAnalyser`, the models as their users see them."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt

from vision.imaging import Pixels
from vision.landmarks import Landmarks, yaw_ratio

Embedding = npt.NDArray[np.float64]  # (128,)


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
class EmbedWhen:
    """When :meth:`FaceAnalyser.analyse_frame` embeds the face it found: only when its
    yaw (:func:`vision.landmarks.yaw_ratio`) is within ``within`` of ``centre``
    (the face looks straight ahead again), always by default. Decided where the
    landmarks are, so a frame costs one round trip to the helper process."""

    centre: float = 0.0
    within: float = math.inf

    def wants(self, landmarks: Landmarks) -> bool:
        """Whether a face with these landmarks is to be embedded."""
        if math.isinf(self.within):
            return True
        return abs(yaw_ratio(landmarks) - self.centre) < self.within


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
