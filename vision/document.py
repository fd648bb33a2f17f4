"""Document camera image work: find the page, flatten it, straighten it, clean it up.

Pipeline (:func:`prepare_page`): page boundary on a small copy of the frame ->
perspective correction to a flat page at reading size -> residual deskew by
text-line projection -> shadow and glare reduction. :class:`StillnessDetector`
decides when to take the picture (auto-capture once the page has been still
for a moment). All functions are pure and block briefly (tens of ms).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

from vision.imaging import Pixels, scale_to, to_gray

Quad = npt.NDArray[np.float32]  # (4, 2): top-left, top-right, bottom-right, bottom-left

#: Longer side of the flattened page handed to OCR. About 130 dpi on A4: enough for
#: 10-pt text, and the OCR detector's cost grows with the pixel count.
PAGE_LONG_SIDE = 1280
_FIND_LONG_SIDE = 640
_MIN_PAGE_AREA = 0.12  # of the frame; smaller blobs are not a page
_MAX_PAGE_AREA = 0.97  # a "page" filling the frame means no desk is visible: use it all
_MAX_SKEW_DEG = 8.0


@dataclass(frozen=True)
class PreparedPage:
    pixels: Pixels  # BGR, the flattened page ready for OCR and for the material PDF
    found: bool  # a page boundary was found (else the whole frame was used)
    quad: Quad | None  # page corners in the original frame
    skew_deg: float  # residual rotation removed by deskew


def order_quad(points: npt.NDArray[np.floating]) -> Quad:
    """Corners as top-left, top-right, bottom-right, bottom-left."""
    pts = points.reshape(4, 2).astype(np.float32)
    s = pts.sum(axis=1)
    d = np.diff(pts, axis=1).ravel()
    return np.array(
        [pts[np.argmin(s)], pts[np.argmin(d)], pts[np.argmax(s)], pts[np.argmax(d)]],
        dtype=np.float32,
    )


def find_page(frame: Pixels) -> Quad | None:
    """The page's four corners in ``frame``, or None when no page stands out from the desk."""
    small, factor = scale_to(frame, _FIND_LONG_SIDE)
    gray = cv2.GaussianBlur(to_gray(small), (5, 5), 0)
    _t, mask = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (9, 9))
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, kernel)
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, kernel)
    contours, _h = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    contour = max(contours, key=cv2.contourArea)
    area = cv2.contourArea(contour) / float(mask.shape[0] * mask.shape[1])
    if not _MIN_PAGE_AREA <= area <= _MAX_PAGE_AREA:
        return None
    hull = cv2.convexHull(contour)
    perimeter = cv2.arcLength(hull, True)
    quad = None
    for eps in (0.01, 0.02, 0.03, 0.05, 0.08):
        approx = cv2.approxPolyDP(hull, eps * perimeter, True)
        if len(approx) == 4:
            quad = approx.reshape(4, 2).astype(np.float32)
            break
    if quad is None:
        quad = cv2.boxPoints(cv2.minAreaRect(hull)).astype(np.float32)
    return order_quad(quad / np.float32(factor))


def warp_page(frame: Pixels, quad: Quad, long_side: int = PAGE_LONG_SIDE) -> Pixels:
    """The page inside ``quad`` as a flat rectangle, longer side at most ``long_side``."""
    tl, tr, br, bl = quad
    width = float(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl)))
    height = float(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr)))
    scale = min(1.0, long_side / max(width, height))
    w, h = max(8, round(width * scale)), max(8, round(height * scale))
    target = np.array([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(quad.astype(np.float32), target)
    out: Pixels = cv2.warpPerspective(
        frame, matrix, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    )
    return out


def estimate_skew(page: Pixels) -> float:
    """Degrees to rotate ``page`` (counter-clockwise positive) so text lines run level.

    Text rows give the sharpest horizontal projection profile when level: try
    angles coarse then fine and keep the one with the largest profile variance.
    """
    small, _f = scale_to(to_gray(page), 700)
    ink = cv2.adaptiveThreshold(
        small, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 15
    )
    h, w = ink.shape
    center = (w / 2.0, h / 2.0)

    def score(angle: float) -> float:
        m = cv2.getRotationMatrix2D(center, angle, 1.0)
        rotated = cv2.warpAffine(ink, m, (w, h), flags=cv2.INTER_NEAREST)
        profile = rotated.sum(axis=1, dtype=np.float64)
        return float(np.var(profile))

    coarse = np.arange(-_MAX_SKEW_DEG, _MAX_SKEW_DEG + 0.01, 1.0)
    best = max(coarse, key=score)
    fine = np.arange(best - 0.9, best + 0.91, 0.15)
    return round(float(max(fine, key=score)), 2)


def rotate(page: Pixels, angle: float) -> Pixels:
    h, w = page.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2.0, h / 2.0), angle, 1.0)
    out: Pixels = cv2.warpAffine(
        page, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    )
    return out


def deskew(page: Pixels) -> tuple[Pixels, float]:
    angle = estimate_skew(page)
    if abs(angle) < 0.3:
        return page, 0.0
    return rotate(page, angle), angle


def enhance(page: Pixels) -> Pixels:
    """Even out shadows and glare: divide each channel by its estimated paper background.

    The background is the page with the ink closed away (dilate, then a wide
    median), estimated at quarter size for speed. Dark print stays dark, the
    paper becomes uniformly white whatever the lighting did to it.
    """
    h, w = page.shape[:2]
    small = cv2.resize(page, (max(1, w // 4), max(1, h // 4)), interpolation=cv2.INTER_AREA)
    bg = cv2.dilate(small, cv2.getStructuringElement(cv2.MORPH_RECT, (5, 5)))
    bg = cv2.medianBlur(bg, 15)
    bg = cv2.resize(bg, (w, h), interpolation=cv2.INTER_LINEAR)
    flat = cv2.divide(page, bg, scale=255)
    # a little contrast back: paper at 255, ink pulled down
    lut = np.clip((np.arange(256, dtype=np.float32) - 40.0) * (255.0 / 215.0), 0, 255)
    out: Pixels = cv2.LUT(flat, lut.astype(np.uint8))
    return out


def prepare_page(
    frame: Pixels, *, long_side: int = PAGE_LONG_SIDE, enhance_page: bool = True
) -> PreparedPage:
    """Crop, flatten, straighten and clean one camera frame for reading."""
    quad = find_page(frame)
    if quad is not None:
        page = warp_page(frame, quad, long_side)
    else:
        page, _f = scale_to(frame, long_side)
    page, angle = deskew(page)
    if enhance_page:
        page = enhance(page)
    return PreparedPage(page, quad is not None, quad, angle)


class StillnessDetector:
    """Says when the scene has stopped moving for ``still_s`` seconds (auto-capture).

    Frames are compared on a small blurred grey copy, so sensor noise and JPEG
    artefacts do not count as motion; a hand or a sliding page does.
    """

    def __init__(self, still_s: float = 0.8, threshold: float = 3.0, size: int = 160) -> None:
        self.still_s = still_s
        self.threshold = threshold
        self.size = size
        self._previous: npt.NDArray[np.float32] | None = None
        self._still_since: float | None = None
        self.motion = 0.0

    def reset(self) -> None:
        self._previous = None
        self._still_since = None
        self.motion = 0.0

    def update(self, frame: Pixels, now: float) -> bool:
        """Feed the next frame (``now`` in seconds); True once still long enough."""
        small, _f = scale_to(to_gray(frame), self.size)
        small = cv2.GaussianBlur(small, (5, 5), 0).astype(np.float32)
        previous, self._previous = self._previous, small
        if previous is None or previous.shape != small.shape:
            self._still_since = now
            self.motion = float("inf")
            return False
        self.motion = float(np.mean(np.abs(small - previous)))
        if self.motion > self.threshold or self._still_since is None:
            self._still_since = now
        return now - self._still_since >= self.still_s

    def still_for(self, now: float) -> float:
        """Seconds the scene has been still at ``now`` (0 while it moves)."""
        if self._still_since is None or self.motion > self.threshold:
            return 0.0
        return max(0.0, now - self._still_since)
