"""What the face camera shows and says while a check runs: the live picture for the
screen (scaled, converted and mirrored here, on the camera's thread, so the GUI thread
only paints) and a plain hint when the face cannot be seen well.

Hints, from the frame and the faces found in it:

- no face: none found (after a few frames: one missed frame is no reason to nag);
- two faces: more than one (the check counts no frame then: someone else must not
  do the blinking);
- too far: the face is narrower than :data:`NEAR_SHARE` of the frame;
- too dark: the frame's mean brightness is under :data:`DARK_LEVEL` (of 255);
- covered: bright enough but flat (brightness spread under :data:`FLAT_SPREAD`): a hand
  or a cloth over the lens or the face.
"""

from __future__ import annotations

import cv2
import numpy as np

from device_contracts import FaceHint, PreviewFrame, PreviewSink
from vision.face_analysis import FaceBox
from vision.imaging import Pixels

#: a face narrower than this share of the frame's width is too far for a good check
NEAR_SHARE = 0.18
DARK_LEVEL = 45.0
FLAT_SPREAD = 12.0
#: frames without a face before "no face" is said
NO_FACE_FRAMES = 5


def light_hint(pixels: Pixels) -> FaceHint | None:
    """TOO_DARK or COVERED from the picture alone, on a small grey copy (< 1 ms)."""
    small = cv2.resize(pixels, (80, 60), interpolation=cv2.INTER_AREA)
    grey = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
    mean, spread = cv2.meanStdDev(grey)
    if float(mean[0][0]) < DARK_LEVEL:
        return FaceHint.TOO_DARK
    if float(spread[0][0]) < FLAT_SPREAD:
        return FaceHint.COVERED
    return None


def face_hint(pixels: Pixels, boxes: list[FaceBox], missed: int) -> FaceHint | None:
    """The hint for one frame; ``missed``: frames in a row without a face so far."""
    if len(boxes) > 1:
        return FaceHint.TWO_FACES
    light = light_hint(pixels)
    if not boxes:
        if light is not None:
            return light
        return FaceHint.NO_FACE if missed >= NO_FACE_FRAMES else None
    if boxes[0].width < NEAR_SHARE * pixels.shape[1]:
        return FaceHint.TOO_FAR
    return light


def preview_frame(pixels: Pixels, sink: PreviewSink, box: FaceBox | None) -> PreviewFrame:
    """``pixels`` (BGR) as the sink wants them: cropped to its aspect ratio around the
    middle, scaled to its size, RGB, mirrored if asked; the face box moved along."""
    width, height = sink.size
    h, w = pixels.shape[:2]
    # crop to the display's aspect ratio (cover, not letterbox: the oval guide is centred)
    if w * height > h * width:
        cw, ch = max(1, h * width // height), h
    else:
        cw, ch = w, max(1, w * height // width)
    x0, y0 = (w - cw) // 2, (h - ch) // 2
    crop = pixels[y0 : y0 + ch, x0 : x0 + cw]
    small = cv2.resize(crop, (width, height), interpolation=cv2.INTER_AREA)
    if sink.mirror:
        small = cv2.flip(small, 1)
    rgb = cv2.cvtColor(small, cv2.COLOR_BGR2RGB)
    shown: tuple[int, int, int, int] | None = None
    if box is not None:
        sx, sy = width / cw, height / ch
        left, right = (box.left - x0) * sx, (box.right - x0) * sx
        if sink.mirror:
            left, right = width - right, width - left
        top, bottom = (box.top - y0) * sy, (box.bottom - y0) * sy
        shown = (round(left), round(top), round(right), round(bottom))
    return PreviewFrame(np.ascontiguousarray(rgb).tobytes(), width, height, shown)
