"""Reading a QR code from a camera frame with OpenCV's detector (survives rotation and blur)."""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np


def decode_frame(frame: Any) -> str | None:
    """The text of the first QR code in ``frame`` (BGR or grey ndarray), or None."""
    image = np.asarray(frame)
    if image.ndim not in (2, 3) or image.size == 0:
        raise ValueError("not an image")
    if image.dtype != np.uint8:
        image = image.astype(np.uint8)
    detector = cv2.QRCodeDetector()
    text, points, _ = detector.detectAndDecode(image)
    if points is None or not text:
        return None
    return str(text)


def decode_png(data: bytes) -> str | None:
    """Convenience for tests and previews: decode an encoded picture."""
    array = np.frombuffer(data, dtype=np.uint8)
    image = cv2.imdecode(array, cv2.IMREAD_GRAYSCALE)
    if image is None:
        raise ValueError("not a decodable image")
    return decode_frame(image)
