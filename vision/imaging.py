"""Conversions between :class:`device_contracts.Image` and OpenCV arrays."""

from __future__ import annotations

from typing import Any, TypeAlias

import cv2
import numpy as np
import numpy.typing as npt

from device_contracts import Image

#: An 8-bit image as OpenCV holds it: BGR (H, W, 3) or grey (H, W). (OpenCV's stubs
#: type results as "any integer or float array", so the alias does not pin uint8.)
Pixels: TypeAlias = npt.NDArray[Any]


class ImageDecodeError(ValueError):
    """The bytes are not a picture OpenCV can read."""


def decode(image: Image | bytes) -> Pixels:
    """BGR pixels of an encoded picture (PNG, JPEG, ...)."""
    data = image.data if isinstance(image, Image) else image
    buf = np.frombuffer(data, dtype=np.uint8)
    pixels = cv2.imdecode(buf, cv2.IMREAD_COLOR) if buf.size else None
    if pixels is None:
        raise ImageDecodeError("not a decodable image")
    out: Pixels = pixels
    return out


def encode_jpeg(pixels: Pixels, quality: int = 90) -> Image:
    ok, buf = cv2.imencode(".jpg", pixels, [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:
        raise ValueError("JPEG encoding failed")
    height, width = pixels.shape[:2]
    return Image(buf.tobytes(), "image/jpeg", width, height)


def encode_png(pixels: Pixels) -> Image:
    ok, buf = cv2.imencode(".png", pixels)
    if not ok:
        raise ValueError("PNG encoding failed")
    height, width = pixels.shape[:2]
    return Image(buf.tobytes(), "image/png", width, height)


def read_file(path: str) -> Pixels:
    """BGR pixels of an image file (unicode paths allowed, unlike ``cv2.imread``)."""
    with open(path, "rb") as fh:
        return decode(fh.read())


def to_gray(pixels: Pixels) -> Pixels:
    if pixels.ndim == 2:
        return pixels
    out: Pixels = cv2.cvtColor(pixels, cv2.COLOR_BGR2GRAY)
    return out


def scale_to(pixels: Pixels, long_side: int) -> tuple[Pixels, float]:
    """Shrink so the longer side is at most ``long_side``; returns (pixels, factor applied)."""
    height, width = pixels.shape[:2]
    factor = long_side / max(height, width)
    if factor >= 1.0:
        return pixels, 1.0
    size = (max(1, round(width * factor)), max(1, round(height * factor)))
    out: Pixels = cv2.resize(pixels, size, interpolation=cv2.INTER_AREA)
    return out, factor


def wipe(pixels: Pixels | None) -> None:
    """Overwrite a frame in place (face images are cleared after the decision)."""
    if pixels is not None and pixels.flags.writeable:
        pixels.fill(0)
