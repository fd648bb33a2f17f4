"""What the document camera shows and says while a capture runs: the live picture for
the screen, with the page outline found in it (scaled and converted here, on the
camera's thread, so the GUI thread only paints), and a plain hint when the page cannot
be taken as it lies.

The page is found by the crop's own detector (:func:`vision.document.find_page`)
on a copy of the frame shrunk to :data:`LOOK_LONG_SIDE`, a few times a second: what the
screen outlines is what the crop will cut. Hints, from that copy and the page found:

- too dark: the page's mean brightness is under :data:`DARK_PAGE` (paper is bright), or,
  with no page, the whole picture's under :data:`DARK_FRAME` (the light is off, the lens
  covered);
- hand: more than :data:`HAND_SHARE` of the page's box is skin-coloured;
- page cut off: a corner of the page lies on the picture's edge;
- glare: more than :data:`GLARE_SHARE` of the page's box is burnt white;
- blurred: the page's sharpness (variance of the Laplacian) is under :data:`SHARP_MIN`
  (out of focus, or lifted off the plate).

A hint blocks the auto-capture. No OCR runs on these frames, and none is kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import cv2
import numpy as np

from device_contracts import PageHint, PagePrompt, PageStep, PreviewFrame, PreviewSink, Text
from vision.document import Quad, find_page
from vision.imaging import Pixels, scale_to, to_gray

#: the longer side of the copy the page is looked for on (the crop's detector works at
#: this size anyway: find_page shrinks every frame to it)
LOOK_LONG_SIDE = 640
DARK_PAGE = 90.0
DARK_FRAME = 25.0
HAND_SHARE = 0.03
GLARE_SHARE = 0.02
GLARE_LEVEL = 253
SHARP_MIN = 80.0
#: a corner this close to the picture's edge (share of its size) is on the edge
EDGE_SHARE = 0.01
#: skin in YCrCb (Cr, Cb ranges): paper, ink, desks and red seals fall outside
_SKIN_LOW = np.array([0, 138, 80], np.uint8)
_SKIN_HIGH = np.array([255, 173, 128], np.uint8)
#: the size of the coarse picture that says whether the page already taken still lies there
SIGNATURE_SIZE = (64, 48)

STEP_TEXT: Mapping[PageStep, Text] = {
    PageStep.PLACE: Text("请将材料平放在拍摄区", "Lay the page flat under the camera"),
    PageStep.HOLD: Text("请保持材料不动", "Hold the page still"),
    PageStep.STEADY: Text("保持不动，即将自动拍摄", "Keep still: taking the picture"),
    PageStep.TAKEN: Text("已拍好，请放下一页", "Taken: lay the next page"),
}

HINT_TEXT: Mapping[PageHint, Text] = {
    PageHint.TOO_DARK: Text("光线太暗", "It is too dark"),
    PageHint.BLURRED: Text("画面模糊，请将材料放平", "The picture is blurred: lay the page flat"),
    PageHint.GLARE: Text("有反光，请调整材料角度", "There is glare: tilt the page a little"),
    PageHint.CUT_OFF: Text("材料超出拍摄区", "The page runs off the picture"),
    PageHint.HAND: Text("请将手移开", "Please take your hand away"),
}


def page_prompt(
    device: str, step: PageStep, hint: PageHint | None = None, steady: float = 0.0
) -> PagePrompt:
    """The prompt event, its ``message`` the hint's words when there is one."""
    message = HINT_TEXT[hint] if hint is not None else STEP_TEXT[step]
    return PagePrompt(device, message, step, hint, steady)


@dataclass(frozen=True, repr=False)
class PageLook:
    """One look at a frame: the page's corners (in the frame's pixels) and the hint."""

    quad: Quad | None
    hint: PageHint | None

    def __repr__(self) -> str:
        return f"PageLook(found={self.quad is not None}, hint={self.hint})"


def look_at(pixels: Pixels) -> PageLook:
    """Find the page in ``pixels`` (BGR) and say what stops it being taken (a few ms)."""
    small, factor = scale_to(pixels, LOOK_LONG_SIDE)
    quad = find_page(small)
    hint = page_hint(small, quad)
    if quad is None:
        return PageLook(None, hint)
    return PageLook((quad / np.float32(factor)).astype(np.float32), hint)


def page_hint(small: Pixels, quad: Quad | None) -> PageHint | None:
    """The hint for a (shrunk) frame and the page found in it, most pressing first."""
    grey = to_gray(small)
    if quad is None:
        return PageHint.TOO_DARK if float(grey.mean()) < DARK_FRAME else None
    h, w = grey.shape[:2]
    left, top = (max(0, int(v)) for v in quad.min(axis=0))
    right, bottom = (int(v) for v in np.ceil(quad.max(axis=0)))
    right, bottom = min(w, right), min(h, bottom)
    if right - left < 8 or bottom - top < 8:
        return None
    mask = np.zeros((h, w), np.uint8)
    cv2.fillConvexPoly(mask, quad.astype(np.int32), 255)
    inside = mask[top:bottom, left:right] > 0
    area = max(1, int(inside.sum()))
    page_grey = grey[top:bottom, left:right]
    if float(page_grey[inside].mean()) < DARK_PAGE:
        return PageHint.TOO_DARK
    ycrcb = cv2.cvtColor(small[top:bottom, left:right], cv2.COLOR_BGR2YCrCb)
    skin = cv2.inRange(ycrcb, _SKIN_LOW, _SKIN_HIGH) > 0
    if int((skin & inside).sum()) > HAND_SHARE * area:
        return PageHint.HAND
    margin_x, margin_y = max(2.0, EDGE_SHARE * w), max(2.0, EDGE_SHARE * h)
    xs, ys = quad[:, 0], quad[:, 1]
    if (
        xs.min() <= margin_x
        or ys.min() <= margin_y
        or xs.max() >= w - 1 - margin_x
        or ys.max() >= h - 1 - margin_y
    ):
        return PageHint.CUT_OFF
    smooth = cv2.GaussianBlur(page_grey, (5, 5), 0)
    if int(((smooth >= GLARE_LEVEL) & inside).sum()) > GLARE_SHARE * area:
        return PageHint.GLARE
    # sharpness inside the page only (the desk's edge is sharp whatever the page is)
    inner = cv2.erode(mask[top:bottom, left:right], np.ones((9, 9), np.uint8)) > 0
    laplace = cv2.Laplacian(page_grey, cv2.CV_32F)
    if inner.any() and float(laplace[inner].var()) < SHARP_MIN:
        return PageHint.BLURRED
    return None


def signature(pixels: Pixels) -> Pixels:
    """A coarse grey picture of the scene (64x48): too coarse to read anything on the
    page, enough to tell the page just taken from a new one or an empty plate."""
    grey = to_gray(pixels)
    small: Pixels = cv2.resize(grey, SIGNATURE_SIZE, interpolation=cv2.INTER_AREA)
    return small.astype(np.float32)


def difference(a: Pixels, b: Pixels) -> float:
    """Mean absolute difference of two signatures (0 to 255)."""
    return float(np.mean(np.abs(a - b)))


def preview_frame(pixels: Pixels, sink: PreviewSink, quad: Quad | None) -> PreviewFrame:
    """``pixels`` (BGR) as the sink wants them: the whole picture fitted inside its size
    (a page running off the edge must show), RGB, mirrored only if asked; the page's
    corners moved along."""
    width, height = sink.size
    h, w = pixels.shape[:2]
    scale = min(width / w, height / h)
    out_w, out_h = max(2, round(w * scale)), max(2, round(h * scale))
    # linear, not area: a preview frame must cost a few ms at 20 fps
    small = cv2.resize(pixels, (out_w, out_h), interpolation=cv2.INTER_LINEAR)
    if sink.mirror:
        small = cv2.flip(small, 1)
    rgb = cv2.cvtColor(small, cv2.COLOR_BGR2RGB)
    outline: tuple[tuple[int, int], ...] | None = None
    if quad is not None:
        points = quad * np.float32(scale)
        if sink.mirror:
            points[:, 0] = out_w - points[:, 0]
        outline = tuple((round(float(x)), round(float(y))) for x, y in points)
    return PreviewFrame(np.ascontiguousarray(rgb).tobytes(), out_w, out_h, None, outline)
