"""Synthetic face-camera input made from one still photo, for tests and the demo.

From a portrait this builds camera frames of a "person" who blinks (the eye
regions warped shut) and turns the head (the middle of the face pushed sideways
while the outline stays, which moves the nose against the jaw as a real turn
does), and the replay of a still photo held up to the camera (small hand
shake, nothing else). Landmarks come from the real dlib models.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from device_contracts import Image
from vision.face import analyze_face
from vision.face_analysis import FaceAnalysis
from vision.imaging import Pixels, encode_jpeg, read_file
from vision.liveness import Challenge

FRAME_SIZE = (640, 480)
#: Eileen Collins, NASA portrait (public domain), via scikit-image's ``astronaut.png``.
SAMPLE_FACE = Path(__file__).with_name("sample_face.png")


def sample_reference_photo(photo: Pixels | None = None) -> Image:
    """An ID-card-like reference of the sample person (or ``photo``): a small, compressed
    head shot, as the platform or a WLT decoder would supply it. For the demo's platform."""
    source = read_file(str(SAMPLE_FACE)) if photo is None else photo
    found = analyze_face(source, embed=False)
    if found is None:
        raise ValueError("no face in the photo")
    b = found.box
    cx, cy, s = (b.left + b.right) / 2, (b.top + b.bottom) / 2, b.width * 1.6
    top, left = max(0, int(cy - s * 0.75)), max(0, int(cx - s * 0.62))
    crop = source[top : int(cy + s * 0.85), left : int(cx + s * 0.62)]
    small = cv2.resize(crop, (102, 126), interpolation=cv2.INTER_AREA)
    return encode_jpeg(small, quality=70)


def portrait_frame(photo: Pixels, face_share: float = 0.38) -> tuple[Pixels, FaceAnalysis]:
    """The photo re-framed as a 640x480 camera frame with the face ``face_share`` of its width."""
    found = analyze_face(photo, embed=False)
    if found is None:
        raise ValueError("no face in the photo")
    box = found.box
    scale = face_share * FRAME_SIZE[0] / box.width
    cx, cy = (box.left + box.right) / 2, (box.top + box.bottom) / 2
    m = np.array(
        [[scale, 0, FRAME_SIZE[0] / 2 - cx * scale], [0, scale, FRAME_SIZE[1] * 0.45 - cy * scale]],
        dtype=np.float32,
    )
    frame: Pixels = cv2.warpAffine(
        photo, m, FRAME_SIZE, flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REFLECT
    )
    analysis = analyze_face(frame, embed=False)
    if analysis is None:
        raise ValueError("the face was lost when re-framing")
    return frame, analysis


def _remap(frame: Pixels, dx: npt.NDArray[np.float32], dy: npt.NDArray[np.float32]) -> Pixels:
    h, w = frame.shape[:2]
    xs, ys = np.meshgrid(np.arange(w, dtype=np.float32), np.arange(h, dtype=np.float32))
    out: Pixels = cv2.remap(
        frame, xs + dx, ys + dy, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT
    )
    return out


def close_eyes(frame: Pixels, analysis: FaceAnalysis, amount: float) -> Pixels:
    """Eyes ``amount`` (0 open .. 1 shut) closed: the lids pulled over the eye."""
    if amount <= 0:
        return frame.copy()
    h, w = frame.shape[:2]
    xs, ys = np.meshgrid(np.arange(w, dtype=np.float32), np.arange(h, dtype=np.float32))
    dy = np.zeros((h, w), np.float32)
    for eye in (analysis.landmarks[36:42], analysis.landmarks[42:48]):
        cx, cy = eye.mean(axis=0)
        half_w = (eye[:, 0].max() - eye[:, 0].min()) * 0.85
        half_h = max(6.0, (eye[:, 1].max() - eye[:, 1].min()) * 2.2)
        ny = (ys - cy) / half_h
        nx = (xs - cx) / half_w
        inside = (np.abs(ny) < 1) & (np.abs(nx) < 1)
        # sample from further out (the lids) the closer the pixel is to the eye's middle line
        push = amount * half_h * 0.4 * (1 - np.abs(ny)) * np.cos(nx * math.pi / 2) ** 2
        dy += np.where(inside, np.sign(ny) * push, 0).astype(np.float32)
    return _remap(frame, np.zeros_like(dy), dy)


def turn_head(frame: Pixels, analysis: FaceAnalysis, amount: float) -> Pixels:
    """Head turned ``amount`` (-1 .. 1; positive: the nose toward the image's right)."""
    if amount == 0:
        return frame.copy()
    h, w = frame.shape[:2]
    xs, ys = np.meshgrid(np.arange(w, dtype=np.float32), np.arange(h, dtype=np.float32))
    pts = analysis.landmarks
    left, right = pts[0:17, 0].min(), pts[0:17, 0].max()
    top, bottom = pts[17:27, 1].min() - 10, pts[0:17, 1].max()
    cx, cy = (left + right) / 2, (top + bottom) / 2
    half_w, half_h = (right - left) / 2, (bottom - top) / 2 * 1.1
    nx, ny = (xs - cx) / half_w, (ys - cy) / half_h
    bump = np.clip(1 - nx**2, 0, 1) * np.clip(1 - ny**2, 0, 1)
    shift = amount * 0.22 * (right - left)
    dx = (-shift * bump).astype(np.float32)
    return _remap(frame, dx, np.zeros_like(dx))


def jitter(frame: Pixels, rng: random.Random, strength: float = 1.0) -> Pixels:
    """A hand-held wobble: a pixel or two of shift, a fraction of a degree, light changes."""
    h, w = frame.shape[:2]
    m: npt.NDArray[Any] = cv2.getRotationMatrix2D(
        (w / 2, h / 2), rng.uniform(-0.6, 0.6) * strength, 1 + rng.uniform(-0.01, 0.01) * strength
    )
    m[:, 2] += np.array([rng.uniform(-2, 2), rng.uniform(-2, 2)]) * strength
    moved = cv2.warpAffine(frame, m, (w, h), borderMode=cv2.BORDER_REFLECT)
    gain = 1 + rng.uniform(-0.04, 0.04) * strength
    out: Pixels = cv2.convertScaleAbs(moved, alpha=gain, beta=rng.uniform(-4, 4) * strength)
    return out


_BLINK = (0.0, 0.5, 1.0, 1.0, 0.5, 0.0)
_TURN = (0.25, 0.5, 0.8, 1.0, 1.0, 0.8, 0.5, 0.25, 0.0)


def performed(
    photo: Pixels,
    challenges: Sequence[Challenge],
    *,
    lead_in: int = 5,
    gap: int = 4,
    seed: int = 0,
) -> list[Pixels]:
    """Frames of a live person doing ``challenges`` in this order (15 fps assumed)."""
    rng = random.Random(seed)
    base, analysis = portrait_frame(photo)
    frames = [jitter(base, rng, 0.5) for _ in range(lead_in)]
    for challenge in challenges:
        if challenge is Challenge.BLINK:
            frames += [jitter(close_eyes(base, analysis, a), rng, 0.3) for a in _BLINK]
        else:
            sign = 1.0 if challenge is Challenge.TURN_LEFT else -1.0
            frames += [jitter(turn_head(base, analysis, sign * a), rng, 0.3) for a in _TURN]
        frames += [jitter(base, rng, 0.5) for _ in range(gap)]
    return frames


def live_loop(photo: Pixels, seed: int = 0) -> list[Pixels]:
    """A few seconds that contain every challenge, for a looping demo feed: any random
    order the check asks for is met within one loop."""
    order = (Challenge.BLINK, Challenge.TURN_LEFT, Challenge.TURN_RIGHT, Challenge.BLINK)
    return performed(photo, order, seed=seed)


def photo_replay(photo: Pixels, count: int = 90, seed: int = 0) -> list[Pixels]:
    """A printed photo held up to the camera: the same face, a little hand shake."""
    rng = random.Random(seed)
    base, _analysis = portrait_frame(photo)
    return [jitter(base, rng) for _ in range(count)]
