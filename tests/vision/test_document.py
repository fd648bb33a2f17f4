"""Page finding, flattening, deskew, enhancement and the stillness detector (pure OpenCV)."""

from __future__ import annotations

import cv2
import numpy as np

from tests.vision.docgen import documents, photograph, render
from vision.document import (
    StillnessDetector,
    deskew,
    enhance,
    find_page,
    prepare_page,
    rotate,
    warp_page,
)
from vision.imaging import Pixels


def page_on_desk(angle: float = 7.0) -> tuple[Pixels, np.ndarray]:
    frame = np.full((900, 1200, 3), (50, 55, 60), np.uint8)
    rect = ((600.0, 450.0), (480.0, 680.0), angle)
    corners = cv2.boxPoints(rect)
    cv2.fillConvexPoly(frame, corners.astype(np.int32), (235, 235, 230))
    return frame, corners


def text_page() -> Pixels:
    page = np.full((800, 600, 3), 245, np.uint8)
    for y in range(80, 760, 40):
        cv2.putText(
            page, "LINE OF TEXT 12345", (40, y), cv2.FONT_HERSHEY_SIMPLEX, 1.0, (20, 20, 20), 2
        )
    return page


def test_find_page_returns_the_corners() -> None:
    frame, corners = page_on_desk()
    quad = find_page(frame)
    assert quad is not None
    for corner in corners:
        assert np.min(np.linalg.norm(quad - corner, axis=1)) < 8


def test_no_page_on_an_empty_desk() -> None:
    desk = np.full((900, 1200, 3), (50, 55, 60), np.uint8)
    assert find_page(desk) is None


def test_warp_gives_an_upright_page_of_the_pages_proportions() -> None:
    frame, _c = page_on_desk()
    quad = find_page(frame)
    assert quad is not None
    page = warp_page(frame, quad, long_side=1000)
    h, w = page.shape[:2]
    assert abs(h / w - 680 / 480) < 0.05
    assert page[h // 2, w // 2].mean() > 200  # paper, not desk


def test_deskew_recovers_a_small_rotation() -> None:
    tilted = rotate(text_page(), -3.0)
    straightened, angle = deskew(tilted)
    assert abs(angle - 3.0) < 0.5
    assert straightened.shape == tilted.shape


def test_level_page_is_left_alone() -> None:
    page = text_page()
    out, angle = deskew(page)
    assert angle == 0.0
    assert out is page


def test_enhance_evens_out_a_shadow() -> None:
    page = text_page().astype(np.float32)
    page *= np.linspace(0.55, 1.0, page.shape[1], dtype=np.float32)[None, :, None]
    shaded = page.astype(np.uint8)
    paper = shaded[20:60, :, :]  # a strip without text
    flat = enhance(shaded)[20:60, :, :]
    before, after = paper.mean(axis=(0, 2)), flat.mean(axis=(0, 2))
    assert before.max() - before.min() > 80  # the shadow side is much darker ...
    assert after.std() < before.std() / 4  # ... and afterwards the paper is even
    assert np.percentile(after, 5) > 220
    # the ink stays dark
    assert enhance(shaded).min() < 60


def test_prepare_page_on_a_photographed_document() -> None:
    frame = photograph(render(documents()[0]), seed=3)
    prepared = prepare_page(frame)
    assert prepared.found
    h, w = prepared.pixels.shape[:2]
    assert 1.3 < h / w < 1.5  # A4 is 1.414
    assert max(h, w) <= 1280


def test_stillness_after_motion_stops() -> None:
    detector = StillnessDetector(still_s=0.5)
    frame, _c = page_on_desk()
    moving = [np.roll(frame, 15 * i, axis=1) for i in range(5)]
    t = 0.0
    for f in moving:
        assert not detector.update(f, t)
        t += 0.1
    results = []
    for _ in range(8):
        noisy = np.clip(
            frame + np.random.default_rng(int(t * 10)).normal(0, 3, frame.shape), 0, 255
        )
        results.append(detector.update(noisy.astype(np.uint8), t))
        t += 0.1
    assert results[:4] == [False] * 4  # not still long enough yet
    assert results[-1] is True
