"""The face models in the vision helper process, one round trip per analysed frame.

dlib's loaders hold the interpreter lock for their whole run (the 68-point model
0.6-0.8 s): loaded in the kiosk process on the warm-up thread, they froze the
attract screen for ~600 ms (issue 18). So detection, landmarks and the embedding all
run in the helper process (:mod:`vision.worker`), and the kiosk process
never imports dlib. Per frame it sends one message -- the frame (scaled down only
when its longer side is over :data:`SEND_LONG_SIDE`) and a few flags -- and gets back
the boxes, the biggest face's 68 points and, when asked, its 128 numbers, all in the
caller's pixel coordinates. The caller's thread waits on a pipe, without the
interpreter lock. The helper zeroes its copy of each frame once analysed.

Why the whole frame and not the detector's 480-px copy: the results must be the
ones the models give in-process. A copy scaled twice (1280 -> 640 here, -> 480 for
the detector there) is resampled differently from one scaled once, and the detector
near its threshold then saw a second, spurious face in a test picture; landmarks on
a smaller copy are coarser too (an eye of a face at arm's length is ~15 px wide at
480 px). A 1280x720 frame costs ~5 ms more on the pipe than a 640x360 one.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from vision.face_analysis import EmbedWhen, FaceAnalysis, FaceBox, FrameFaces
from vision.face_models import FaceModels
from vision.imaging import Pixels, scale_to, wipe
from vision.lazy import Lazy
from vision.worker import get_worker

#: frames with a longer side over this are scaled down before they are sent (2.8 MB for
#: 1280x720); the face camera's configured size (kiosk/site_setup.py) goes whole
SEND_LONG_SIDE = 1280


class HelperFaceModels:
    """``FaceAnalyser`` whose dlib models live in the vision helper process."""

    def __init__(self) -> None:
        self._worker = get_worker()

    def detect(self, bgr: Pixels) -> list[FaceBox]:
        small, factor = scale_to(bgr, SEND_LONG_SIDE)
        try:
            boxes = self._worker.call(helper_detect, small)
        finally:
            if small is not bgr:
                wipe(small)
        return [_unscale_box(b, factor) for b in boxes]

    def analyze(self, bgr: Pixels, box: FaceBox, *, embed: bool) -> FaceAnalysis:
        small, factor = scale_to(bgr, SEND_LONG_SIDE)
        try:
            found = self._worker.call(helper_analyze, small, _scale_box(box, factor), embed)
        finally:
            if small is not bgr:
                wipe(small)
        return _unscale(found, factor)

    def analyse_frame(
        self, bgr: Pixels, *, embed: EmbedWhen | None, lone: bool = False
    ) -> FrameFaces:
        small, factor = scale_to(bgr, SEND_LONG_SIDE)
        try:
            got: FrameFaces = self._worker.call(helper_analyse_frame, small, embed, lone)
        finally:
            if small is not bgr:
                wipe(small)
        if factor == 1.0:
            return got
        face = None if got.face is None else _unscale(got.face, factor)
        return FrameFaces(tuple(_unscale_box(b, factor) for b in got.boxes), face)

    def warm_up(self) -> None:
        """Start the helper and load the three models there (1-2 s, off this process's GIL)."""
        self._worker.call(helper_warm_up)


def _scale_box(box: FaceBox, factor: float) -> FaceBox:
    if factor == 1.0:
        return box
    return FaceBox(
        box.left * factor, box.top * factor, box.right * factor, box.bottom * factor, box.score
    )


def _unscale_box(box: FaceBox, factor: float) -> FaceBox:
    return _scale_box(box, 1.0 / factor) if factor != 1.0 else box


def _unscale(found: FaceAnalysis, factor: float) -> FaceAnalysis:
    if factor == 1.0:
        return found
    points = (found.landmarks / np.float32(factor)).astype(np.float32)
    return replace(found, box=_unscale_box(found.box, factor), landmarks=points)


# --------------------------------------------------------------------------- helper process
# Module-level functions: they run in the helper process, where the models load once.

_models = Lazy(FaceModels)


def _helper_models() -> FaceModels:
    return _models.get()


def helper_warm_up() -> None:
    _helper_models()


def helper_detect(pixels: Pixels) -> list[FaceBox]:
    try:
        return _helper_models().detect(pixels)
    finally:
        wipe(pixels)


def helper_analyze(pixels: Pixels, box: FaceBox, embed: bool) -> FaceAnalysis:
    try:
        return _helper_models().analyze(pixels, box, embed=embed)
    finally:
        wipe(pixels)


def helper_analyse_frame(pixels: Pixels, embed: EmbedWhen | None, lone: bool) -> FrameFaces:
    try:
        return _helper_models().analyse_frame(pixels, embed=embed, lone=lone)
    finally:
        wipe(pixels)
