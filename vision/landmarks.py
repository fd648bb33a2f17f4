"""What a face's 68 landmarks (dlib's iBUG layout) say about the face: how open the
eyes are and how far the head is turned. Used by the liveness challenges and by the
face models when they embed a face only once it looks straight ahead again."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

Landmarks = npt.NDArray[np.float32]  # (68, 2) x, y in image pixels

_RIGHT_EYE = slice(36, 42)  # the person's right eye, on the image's left
_LEFT_EYE = slice(42, 48)
_NOSE_TIP = 30
_JAW_RIGHT = 0  # outline point at the image's left
_JAW_LEFT = 16


def eye_aspect_ratio(landmarks: Landmarks) -> float:
    """Mean EAR of both eyes: eye height over width, about 0.3 open and under 0.15 shut."""

    def ear(eye: np.ndarray) -> float:
        a = np.linalg.norm(eye[1] - eye[5])
        b = np.linalg.norm(eye[2] - eye[4])
        c = np.linalg.norm(eye[0] - eye[3])
        return float((a + b) / (2.0 * c)) if c > 0 else 0.0

    return (ear(landmarks[_RIGHT_EYE]) + ear(landmarks[_LEFT_EYE])) / 2.0


def yaw_ratio(landmarks: Landmarks) -> float:
    """Nose tip offset from the middle of the jaw outline, as a share of the face width.

    0 looking straight ahead; positive when the nose is toward the image's right.
    """
    left = landmarks[_JAW_RIGHT]
    right = landmarks[_JAW_LEFT]
    width = float(np.linalg.norm(right - left))
    if width <= 0:
        return 0.0
    axis = (right - left) / width
    middle = (left + right) / 2.0
    return float(np.dot(landmarks[_NOSE_TIP] - middle, axis) / width)
